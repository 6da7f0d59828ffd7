"""The SDKs generated from the names, lenient, hostile and auth fixtures type-check strictly (one
mypy and one pyright run over all of them) and black leaves them unchanged.

To regenerate the lenient golden record after a deliberate change:

    .venv/bin/python -m generator generate tests/fixtures/specs/lenient/openapi.yaml \\
        -o tests/fixtures/golden/lenient --package lenient --client Lenient
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import black
import pytest

from .names_fixtures import LENIENT_GOLDEN, generate, generate_names, hostile_payloads, hostile_spec
from .test_auth import GOLDEN as AUTH_GOLDEN
from .test_auth import INLINE as AUTH_INLINE
from .test_auth import generate_inline_sdks
from .spec_helpers import minimal_spec, write_spec
from .typecheck import strict_type_check

PACKAGES = ("names_sdk", "lenient", "hostile_all", "no_operations", "relay", *AUTH_INLINE)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture's package side by side in one folder."""
    folder = tmp_path_factory.mktemp("typecheck")
    names = generate_names(tmp_path_factory.mktemp("names"))
    shutil.copytree(names / "names_sdk", folder / "names_sdk")
    shutil.copytree(LENIENT_GOLDEN / "lenient", folder / "lenient")
    hostile = tmp_path_factory.mktemp("hostile")
    spec = hostile_spec(itertools.cycle(hostile_payloads(str(hostile / "sentinel"))))
    (hostile / "spec.json").write_text(json.dumps(spec, ensure_ascii=True), encoding="utf-8")
    assert generate(hostile / "spec.json", hostile / "out", "hostile_all", "Hostile") == 0
    shutil.copytree(hostile / "out" / "hostile_all", folder / "hostile_all")
    # A spec of components alone: a client with no resource at all.
    empty = tmp_path_factory.mktemp("no_operations")
    spec = write_spec(empty, minimal_spec({}, {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}))
    assert generate(spec, empty / "out", "no_operations", "Empty") == 0
    shutil.copytree(empty / "out" / "no_operations", folder / "no_operations")
    shutil.copytree(AUTH_GOLDEN / "relay", folder / "relay")
    for name, out in generate_inline_sdks(tmp_path_factory.mktemp("auth")).items():
        shutil.copytree(out / name, folder / name)
    return folder


def test_mypy_and_pyright_strict_are_clean_on_every_fixture_sdk(outputs: Path) -> None:
    assert strict_type_check([outputs / p for p in PACKAGES]) == []


def test_black_leaves_every_fixture_sdk_unchanged(outputs: Path) -> None:
    for path in sorted(outputs.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert black.format_str(source, mode=black.Mode()) == source, path
