"""Package and client names that would break the SDK they name are errors naming the flag or the key."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator import naming
from generator.cli import main
from generator.config import resolve_config

from .spec_helpers import ROOT, minimal_spec, ok_response, write_spec

GENERATED = ROOT / "generated" / "avara"


def _spec(folder: Path, name: str = "spec.yaml") -> Path:
    return write_spec(folder, minimal_spec({"/pets": {"get": {"operationId": "pets.list", "responses": ok_response({"type": "string"})}}}), name)


@pytest.mark.parametrize("package", ["sys", "json", "typing", "types", "httpx", "pydantic", "typing_extensions", "anyio", "asyncore"])
def test_a_package_name_that_hides_a_module_is_an_error_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str], package: str) -> None:
    assert main(["generate", str(_spec(tmp_path)), "-o", str(tmp_path / "out"), "--package", package]) == 2
    assert capsys.readouterr().err == (
        f"<command line>: error: --package {package!r} would hide the module {package} that the SDK or its users import; choose another name\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("client", "why"),
    [
        ("APIError", "is a name the generated package uses itself"),
        ("Dict", "is a name the generated package uses itself"),
        ("httpx", "is a name the generated package uses itself"),
        ("API", "would make the class APIError, a name the generated package uses itself"),
    ],
)
def test_a_client_name_the_package_uses_itself_is_an_error_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], client: str, why: str
) -> None:
    assert main(["generate", str(_spec(tmp_path)), "-o", str(tmp_path / "out"), "--package", "pets", "--client", client]) == 2
    assert capsys.readouterr().err == f"<command line>: error: --client {client!r} {why}; choose another name\n"
    assert not (tmp_path / "out").exists()


def test_reserved_names_in_the_config_are_errors_naming_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _spec(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.sdkgen]\nspec = "spec.yaml"\npackage = "typing"\nclient = "Optional"\n')
    assert main(["validate", "--config", str(tmp_path / "pyproject.toml")]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path / 'pyproject.toml'}: error: [tool.sdkgen].package 'typing' would hide the module typing that the SDK or its users import; choose another name",
        f"{tmp_path / 'pyproject.toml'}: error: [tool.sdkgen].client 'Optional' is a name the generated package uses itself; choose another name",
    ]


def test_names_made_by_default_step_around_reserved_ones(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "json.yaml")
    config = resolve_config(spec=str(spec), output=None, package=None, client=None, config_file=None, cwd=tmp_path)
    assert (config.package, config.client) == ("json_sdk", "JsonSdk")
    config = resolve_config(spec=str(spec), output=None, package="dict", client=None, config_file=None, cwd=tmp_path)
    assert (config.package, config.client) == ("dict", "DictClient")


def _top_level_names(tree: ast.Module) -> set[str]:
    """What a module defines or imports at top level (also under `if TYPE_CHECKING:` and `try:`)."""
    names: set[str] = set()
    body = list(tree.body)
    while body:
        node = body.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.If, ast.Try)):
            body.extend([*node.body, *node.orelse, *(item for handler in getattr(node, "handlers", []) for item in handler.body)])
    return names


def test_every_module_the_generated_package_imports_is_a_reserved_package_name() -> None:
    imported: set[str] = set()
    for path in GENERATED.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    assert {"httpx", "pydantic", "typing_extensions", "json", "typing"} <= imported
    assert imported - naming.RESERVED_PACKAGES == set()


def test_every_name_beside_the_client_classes_in_the_generated_package_is_a_reserved_client_name() -> None:
    client_names = set(naming.client_classes("Avara"))
    found: set[str] = set()
    for path in sorted(GENERATED.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _top_level_names(tree)
        if names & client_names:  # a module where the client's classes are defined or imported
            # What the resources are called depends on the spec; the resource classes are
            # named apart from the client's by `naming`.
            per_spec = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("resources") for alias in node.names}
            found |= names - client_names - per_spec
    assert {"APIError", "Dict", "httpx"} <= found
    assert found - naming.RESERVED_CLIENT_NAMES == set()
    assert naming.RESERVED_CLIENT_NAMES - found == set(), "a name the package no longer uses is still reserved"
