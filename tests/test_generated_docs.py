"""The generated README.md and api.md: every README Python example runs against Prism, api.md names
every method with its HTTP route and every type, and no spec text can break either document.

An example that uses a name the generated package does not have yet (`AsyncAvara`,
`with_streaming_response`, `AVARA_LOG`, ...) is skipped, saying which name: the README is written
for the full client, and the runtime may lag behind it.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from generator.builder import build
from generator.cli import main
from generator.config import resolve_config
from generator.load import load

from .spec_helpers import write_spec
from .test_generator_spec_text import HOSTILE, hostile_spec

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
PACKAGE = GENERATED / "avara"
README = GENERATED / "README.md"
API_MD = GENERATED / "api.md"

_FENCE = re.compile(r"^```(\w*)\s*$")


def code_blocks(markdown: str) -> List[Tuple[str, str, str]]:
    """(language, code, heading of its section) of every fenced block, in order."""
    blocks: List[Tuple[str, str, str]] = []
    heading, language, lines = "", None, []  # type: ignore[var-annotated]
    for line in markdown.splitlines():
        fence = _FENCE.match(line)
        if language is None:
            if line.startswith("#"):
                heading = line.lstrip("#").strip()
            elif fence:
                language, lines = fence.group(1), []
        elif line.startswith("```"):
            blocks.append((language, "\n".join(lines) + "\n", heading))
            language = None
        else:
            lines.append(line)
    assert language is None, "a code block is never closed"
    return blocks


def python_examples() -> List[Tuple[str, str]]:
    """(id, code) of the README's Python blocks, named after their section."""
    seen: Dict[str, int] = {}
    out = []
    for language, code, heading in code_blocks(README.read_text(encoding="utf-8")):
        if language == "python":
            slug = re.sub(r"\W+", "-", heading.lower()).strip("-")
            seen[slug] = seen.get(slug, 0) + 1
            out.append((f"{slug}-{seen[slug]}", code))
    return out


# -- the README's examples run --------------------------------------------------------------------

# A name an example may use, and how to tell whether the generated package has it yet.
_PACKAGE_SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py")))


def missing_names(code: str) -> List[str]:
    """The names `code` uses that the generated package does not define (yet)."""
    import avara

    missing = [name for name in sorted(set(re.findall(r"\bavara\.(\w+)", code))) if not hasattr(avara, name)]
    for attribute in ("with_raw_response", "with_streaming_response", "with_options"):
        if attribute in code and not hasattr(avara.Avara, attribute):
            missing.append(attribute)
    for word in re.findall(r"\bAVARA_\w+", code):
        if word not in _PACKAGE_SOURCE:
            missing.append(word)
    return missing


def example_environment(prism: str) -> Dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith(("AVARA_", "PYTHON")) and name.lower() not in ("http_proxy", "https_proxy", "all_proxy")
    }
    env.update(PYTHONPATH=str(GENERATED), AVARA_BASE_URL=prism, AVARA_API_KEY="readme-example-key")
    return env


@pytest.mark.parametrize("code", [code for _, code in python_examples()], ids=[name for name, _ in python_examples()])
def test_readme_python_example_runs_against_prism(code: str, prism: str, tmp_path: Path) -> None:
    missing = missing_names(code)
    if missing:
        pytest.skip(f"the generated package has no {', '.join(missing)} yet")

    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=example_environment(prism),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, f"{code}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    assert done.stdout.strip(), "the example printed nothing"
    if "AVARA_LOG" in code:
        assert "avara" in done.stderr and "readme-example-key" not in done.stderr, done.stderr


def test_readme_has_an_example_for_each_topic() -> None:
    sections = {heading for language, _, heading in code_blocks(README.read_text(encoding="utf-8")) if language == "python"}

    assert {
        "Usage",
        "Async usage",
        "Pagination",
        "Errors",
        "Retries",
        "Timeouts",
        "Raw responses",
        "Logging",
    } <= sections
    text = README.read_text(encoding="utf-8")
    assert "pip install" in text and "AVARA_API_KEY" in text


# -- api.md ----------------------------------------------------------------------------------------


def express_ir() -> object:
    config = resolve_config(spec=None, output=None, package=None, client=None, config_file=None, cwd=ROOT)
    api, _ = build(load(ROOT / "spec" / "express.yaml"), config)
    return api


def test_api_md_lists_every_method_with_its_route_and_every_type() -> None:
    api = express_ir()
    text = API_MD.read_text(encoding="utf-8")

    for resource in api.all_resources():  # type: ignore[attr-defined]
        for op in resource.operations:
            target = ".".join(("client",) + resource.path + (op.name,))
            assert f"#### `{target}`" in text
            assert f"`{op.http_method.upper()} {op.wire_path}`" in text
    for model in api.models:  # type: ignore[attr-defined]
        assert f"### `{model.name}`" in text
    for params in api.params_types:  # type: ignore[attr-defined]
        assert f"### `{params.name}`" in text


def test_api_md_python_blocks_are_valid_python() -> None:
    blocks = [code for language, code, _ in code_blocks(API_MD.read_text(encoding="utf-8")) if language == "python"]

    assert blocks
    for code in blocks:
        ast.parse(code)


def test_api_md_uses_the_spec_examples() -> None:
    text = API_MD.read_text(encoding="utf-8")

    assert 'express_customer_name="Northside Imaging"' in text
    assert '"cus_0123456789abcdef0123456789abcdef"' in text
    assert "limit=20" in text


# -- spec text cannot break the documents ---------------------------------------------------------


def test_hostile_spec_text_and_examples_leave_both_documents_intact(tmp_path: Path) -> None:
    spec = hostile_spec()
    operation = spec["paths"]["/things/{thing-id}"]["post"]  # type: ignore[index]
    operation["parameters"][0]["example"] = "```\n# heading?\n<!-- " + HOSTILE
    body = operation["requestBody"]["content"]["application/json"]
    body["example"] = {'quo"ted': "```python\nimport os\n", "timeout": 1.5}
    out = tmp_path / "out"

    assert main(["generate", str(write_spec(tmp_path, spec)), "-o", str(out), "--package", "hostile", "--client", "Hostile", "-q"]) == 0

    for name in ("README.md", "api.md"):
        text = (out / name).read_text(encoding="utf-8")
        blocks = code_blocks(text)  # every fence closes
        assert {language for language, _, _ in blocks} <= {"python", "sh"}
        for language, code, _ in blocks:
            if language == "python":
                ast.parse(code)
        outside = "\n".join(line for line in _outside_code(text))
        assert "<!--" not in outside.replace("<!-- Generated by sdkgen from spec.yaml: do not edit. -->", "")
        assert not [line for line in outside.splitlines() if line.startswith("# ")][1:], "spec text made a heading"
    # The example survives, as a Python string on one line of its code block (in the quotes
    # black would choose: single ones, as the text holds more double quotes).
    assert "'```\\x0a# heading?\\x0a<!-- " in (out / "api.md").read_text(encoding="utf-8")


def _outside_code(text: str) -> List[str]:
    inside, out = False, []
    for line in text.splitlines():
        if line.startswith("```"):
            inside = not inside
        elif not inside:
            out.append(line)
    return out
