"""The strict type check every generated SDK must pass: mypy --strict, and pyright strict for Python 3.9."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, Sequence

ROOT = Path(__file__).resolve().parent.parent
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"


def strict_type_check(packages: Sequence[Path]) -> List[str]:
    """What mypy --strict and pyright strict (Python 3.9) report on `packages`; empty when both are clean.

    One run of each checker over all the packages, both at once (each is mostly one process on one
    core). The packages must have distinct names.
    """
    # pyright reads the paths of its configuration relative to the configuration file.
    root = Path(os.path.commonpath([str(p.resolve()) for p in packages]))
    with tempfile.TemporaryDirectory(dir=root) as scratch:
        config = Path(scratch) / "pyrightconfig.json"
        include = [os.path.relpath(p.resolve(), config.parent) for p in packages]
        # The folders of the packages are on the import path: code that uses an SDK imports it.
        roots = sorted({os.path.relpath(p.resolve().parent, config.parent) for p in packages})
        settings = {"include": include, "exclude": ["**/__pycache__"], "extraPaths": roots, "typeCheckingMode": "strict", "pythonVersion": "3.9", "reportMissingModuleSource": "error"}
        config.write_text(json.dumps(settings), encoding="utf-8")
        mypy = subprocess.Popen(
            [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(ROOT / ".mypy_cache"), *map(str, packages)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        pyright = subprocess.Popen(
            [str(PYRIGHT), "--project", str(config), "--pythonpath", sys.executable],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        mypy_out, _ = mypy.communicate(timeout=600)
        pyright_out, _ = pyright.communicate(timeout=600)
    failures = []
    if mypy.returncode != 0 or "Success: no issues found" not in mypy_out:
        failures.append("mypy --strict:\n" + mypy_out)
    if pyright.returncode != 0 or "0 errors, 0 warnings" not in pyright_out:
        failures.append("pyright strict:\n" + pyright_out)
    return failures
