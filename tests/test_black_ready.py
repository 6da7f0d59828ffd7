"""The generated code is as black writes it, though black runs only on the few files that need it.

sdkgen's templates and spelling functions write what black would leave unchanged, and black runs
only on a file with a line they could not break (`layout.needs_black`). These tests render
SDKs both ways, with black only where needed (what `sdkgen generate` writes) and with black on
every file, and require the two to be byte for byte the same.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict

import black
import pytest

from generator import layout, pysource
from generator.config import resolve_config
from generator.engine import Run

from .spec_helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_spec import synthetic_spec  # noqa: E402

FIXTURES = {
    "auth": (ROOT / "tests" / "fixtures" / "specs" / "auth.yaml", "relay", "Relay"),
    "express": (ROOT / "spec" / "express.yaml", "avara", "Avara"),
    "operations": (ROOT / "tests" / "fixtures" / "specs" / "operations.yaml", "ops_sdk", "Ops"),
    "pagination": (ROOT / "tests" / "fixtures" / "specs" / "pagination.yaml", "paginated", "Paginated"),
    "lenient": (ROOT / "tests" / "fixtures" / "specs" / "lenient" / "openapi.yaml", "lenient", "Lenient"),
    "streams": (ROOT / "tests" / "fixtures" / "specs" / "streams.yaml", "streams_sdk", "Streams"),
    "ai_platform": (ROOT / "tests" / "fixtures" / "specs" / "ai_platform.yaml", "ai_platform", "AIPlatform"),
    "schemas": (ROOT / "tests" / "fixtures" / "specs" / "schemas.yaml", "schemas_sdk", "Schemas"),
}


def black_everywhere(files: Dict[str, str]) -> Dict[str, str]:
    """The files as they would be with black run on every Python one."""
    return {path: black.format_str(text, mode=black.Mode()) if path.endswith(".py") else text for path, text in files.items()}


def differences(files: Dict[str, str]) -> list[str]:
    """The paths whose text black would change."""
    formatted = black_everywhere(files)
    return [path for path in files if formatted[path] != files[path]]


def sdk_files(spec: Path, package: str, client: str, tmp_path: Path) -> Dict[str, str]:
    config = resolve_config(spec=str(spec), output=str(tmp_path / "out"), package=package, client=client, config_file=None, cwd=tmp_path)
    return Run(config, cwd=tmp_path).files().files


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_fixture_sdk_is_exactly_what_black_writes(name: str, tmp_path: Path) -> None:
    spec, package, client = FIXTURES[name]
    assert differences(sdk_files(spec, package, client, tmp_path)) == []


def test_a_cut_of_the_large_synthetic_spec_is_exactly_what_black_writes(tmp_path: Path) -> None:
    # Eight resources: every construct of the synthetic spec and every pagination style.
    spec = tmp_path / "synthetic.json"
    spec.write_text(json.dumps(synthetic_spec(8)), encoding="utf-8")
    files = sdk_files(spec, "synthetic", "Synthetic", tmp_path)
    assert differences(files) == []
    # Nearly every file is written ready: black had to run on only a few.
    python = [text for path, text in files.items() if path.endswith(".py")]
    assert sum(layout.needs_black(text) for text in python) <= len(python) // 20


def test_a_line_that_is_not_too_long_never_sends_a_file_to_black() -> None:
    assert not layout.needs_black("x = 1\n" + "y: int\n" * 3)
    # Lines black cannot shorten do not count: a docstring's, a string alone, a comment.
    assert not layout.needs_black('def f() -> None:\n    """' + "word " * 30 + '"""\n')
    assert not layout.needs_black("__all__ = [\n    " + '"' + "A" * 100 + '",\n]\n')
    assert not layout.needs_black("# " + "comment " * 20 + "\n")
    assert layout.needs_black("x = call(" + "argument, " * 10 + ")\n")


@pytest.mark.parametrize(
    "line",
    [
        'business_type: Literal["company", "government_entity", "individual", "non_profit"] | Omit = omit,',
        'required_thing: Literal["company", "government_entity", "individual", "non_profit_org"],',
        'reqs: Optional[Union[Literal["company", "government_entity", "individual"], SomeModel, Other]],',
        'cast_to=cast(Type[Union[AlphaAlphaPublishResponse, AlphaAlphaPublishResponse202]], Union[AlphaAlphaPublishResponse, AlphaAlphaPublishResponse202]),',
        'page=AsyncItemCursorData[ConfigurationGetBillingPortalConfigurationsResponseWithALongName],',
    ],
)
def test_a_long_argument_line_is_split_as_black_splits_it(line: str) -> None:
    from generator import ir, spelling

    if line.endswith("| Omit = omit,"):
        literal = ir.TypeRef("literal", values=("company", "government_entity", "individual", "non_profit"))
        split = spelling.param_line(ir.Param("business_type", "business_type", "query", literal, False), 8)
    else:
        split = layout.split_line(line, 8)
    source = "class A:\n    def f(\n        self,\n        " + split + "\n    ):\n        pass\n"
    assert black.format_str(source, mode=black.Mode()) == source


@pytest.mark.parametrize(
    "text, quoted",
    [('plain', '"plain"'), ('say "hi"', "'say \"hi\"'"), ("it's", '"it\'s"'), ("'a' \"b\" \"c\"", "'\\'a\\' \"b\" \"c\"'")],
)
def test_a_string_takes_the_quotes_black_prefers(text: str, quoted: str) -> None:
    assert pysource.literal(text) == quoted
    source = f"x = {quoted}\n"
    assert black.format_str(source, mode=black.Mode()) == source
