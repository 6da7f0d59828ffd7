"""Run every Python example of a generated SDK's README.md and api.md; print the results as JSON.

    python tests/run_examples.py OUTPUT PACKAGE CLIENT

OUTPUT holds README.md, api.md and the package, and is on PYTHONPATH; the environment names the
server (`<PREFIX>_BASE_URL`) and the credentials. A README example is a whole program. An api.md
example is a call on `client`, which this script makes (`PACKAGE.CLIENT()`, configured by the
environment) before running it. Each example runs in this process, with the environment as it
was at the start and its output captured; one that sets an environment variable (the logging
one: the package reads it at import) has the package imported afresh. One JSON line per example:
document, section, code, whether it ran, the error, and what it printed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import traceback
from pathlib import Path
from typing import Dict, List, Tuple

_FENCE = re.compile(r"^```(\w*)\s*$")


def python_blocks(markdown: str, *, after: str = "") -> List[Tuple[str, str]]:
    """(section heading, code) of every Python block; with `after`, only those whose preceding
    non-blank line is `after`."""
    out: List[Tuple[str, str]] = []
    heading, language, lines, previous = "", None, [], ""
    for line in markdown.splitlines():
        fence = _FENCE.match(line)
        if language is None:
            if line.startswith("#"):
                heading = line.lstrip("#").strip()
            if fence:
                language, lines, opened_after = fence.group(1), [], previous
            elif line.strip():
                previous = line.strip()
        elif line.startswith("```"):
            if language == "python" and (not after or opened_after == after):
                out.append((heading, "\n".join(lines) + "\n"))
            language, previous = None, ""
        else:
            lines.append(line)
    return out


def main(output: Path, package: str, client: str) -> int:
    examples = [("README.md", heading, code) for heading, code in python_blocks((output / "README.md").read_text(encoding="utf-8"))]
    reference = (output / "api.md").read_text(encoding="utf-8")
    preamble = f"import {package}\n\nclient = {package}.{client}()\n"
    examples += [("api.md", heading, preamble + code) for heading, code in python_blocks(reference, after="Example:")]
    environment = dict(os.environ)
    real_stdout = sys.stdout
    for document, heading, code in examples:
        if "os.environ[" in code:
            # It sets what the package reads at import (its log level): imported afresh.
            for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
                del sys.modules[name]
        os.environ.clear()
        os.environ.update(environment)
        printed, logged = io.StringIO(), io.StringIO()
        error = ""
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(logged):
            try:
                exec(compile(code, f"{document}: {heading}", "exec"), {"__name__": "__main__"})
            except BaseException:  # noqa: B036 - an example's failure is a result to report
                error = traceback.format_exc(limit=-3)
        result: Dict[str, object] = {
            "document": document,
            "section": heading,
            "code": code,
            "ok": not error,
            "error": error,
            "stdout": printed.getvalue(),
            "stderr": logged.getvalue(),
        }
        real_stdout.write(json.dumps(result) + "\n")
        real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
