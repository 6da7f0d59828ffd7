"""Settings of a run: `[tool.sdkgen]` of pyproject.toml (or --config FILE), then command-line overrides."""

from __future__ import annotations

import dataclasses
import keyword
import re
import tomllib
from pathlib import Path
from typing import Any

from . import naming, pagination_styles
from .problems import GenerationError, Location, Problem

_KEYS = {
    "spec": "path of the OpenAPI document",
    "output": "directory that receives the package",
    "package": "Python package name",
    "client": "client class name",
    "env_prefix": "prefix of the client's environment variables",
    "base_url": "default base URL of the client",
    "idempotency_header": "header that carries an idempotency key on every write operation",
    "version": "version of the SDK (its pyproject.toml and __version__; default: the spec's info.version)",
}
# Tables: checked by their own functions below.
_TABLES = {
    "pagination": "pagination per operation, as x-pagination would declare it",
    "names": "name overrides: [names.operations], [names.schemas] and [names.responses]",
}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclasses.dataclass(frozen=True)
class Config:
    """Everything a run needs besides the spec's contents."""

    spec: Path
    output: Path
    package: str
    client: str
    env_prefix: str
    base_url: str | None
    idempotency_header: str | None = None
    version: str | None = None
    # Operation ("operationId" or "METHOD /path") → x-pagination-style declaration.
    pagination: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    # Operation → method name ("list" or "pets.list"); component schema name → class name.
    operation_names: dict[str, str] = dataclasses.field(default_factory=dict)
    schema_names: dict[str, str] = dataclasses.field(default_factory=dict)
    # Operation → the class of its response (of each item, for a list): a class of its own, which
    # extends the model the spec names, instead of that model itself.
    response_names: dict[str, str] = dataclasses.field(default_factory=dict)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start`."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def read_table(path: Path, *, required: bool) -> dict[str, Any]:
    """The `[tool.sdkgen]` table of a TOML file (empty when absent and not `required`)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GenerationError([Problem("error", f"cannot read the config: {exc.strerror}", Location(str(path)))]) from None
    except tomllib.TOMLDecodeError as exc:
        raise GenerationError([Problem("error", f"not valid TOML: {exc}", Location(str(path)))]) from None
    table = data.get("tool", {}).get("sdkgen")
    if table is None:
        if required:
            raise GenerationError([Problem("error", "no [tool.sdkgen] table", Location(str(path)))])
        return {}
    if not isinstance(table, dict):
        raise GenerationError([Problem("error", "[tool.sdkgen] must be a table", Location(str(path)))])
    return table


def resolve_config(
    *,
    spec: str | None,
    output: str | None,
    package: str | None,
    client: str | None,
    config_file: str | None,
    cwd: Path,
) -> Config:
    """Merge command-line values over the config table, check them, and fill in defaults."""
    if config_file:
        config_path: Path | None = Path(config_file)
        table = read_table(Path(config_file), required=True)
    else:
        config_path = find_pyproject(cwd)
        table = read_table(config_path, required=False) if config_path else {}
    where = str(config_path) if config_path else "<command line>"
    base = config_path.parent if config_path else cwd

    problems = []
    tables = {k: table.pop(k) for k in list(table) if k in _TABLES}
    for key, value in table.items():
        if key not in _KEYS:
            known = ", ".join(sorted({*_KEYS, *_TABLES}))
            problems.append(Problem("error", f"unknown key [tool.sdkgen].{key} (known: {known})", Location(where)))
        elif not isinstance(value, str) or not value:
            problems.append(Problem("error", f"[tool.sdkgen].{key} must be a non-empty string ({_KEYS[key]})", Location(where)))
    pagination = _pagination_table(tables.get("pagination", {}), where, problems)
    operation_names, schema_names, response_names = _names_table(tables.get("names", {}), where, problems)
    if problems:
        raise GenerationError(problems)

    configured_spec = (base / table["spec"]).resolve() if "spec" in table else None
    spec_path = Path(spec) if spec else configured_spec
    if spec_path is None:
        raise GenerationError([Problem("error", "no spec given: pass SPEC or set [tool.sdkgen].spec", Location(where))])
    if spec_path.resolve() != configured_spec:
        # Another spec than the configured one: its names come from it, not from the config.
        table = {k: v for k, v in table.items() if k == "output"}
        pagination, operation_names, schema_names, response_names = {}, {}, {}, {}
    output_path = Path(output) if output else (base / table["output"] if "output" in table else cwd / "generated")
    package_name = package or table.get("package") or naming.default_package(spec_path.stem)
    client_name = client or table.get("client") or naming.default_client(package_name)
    env_prefix = table.get("env_prefix") or package_name.upper()
    # A name is reported where it was given: on the command line or in the config. The names
    # made by default (`naming.default_package` of the spec's file name, `default_client` or upper
    # case of the package name) are identifiers and not reserved, unless made from a bad package
    # name, which is reported already.
    for label, value, flag in (("package", package_name, package), ("client", client_name, client), ("env_prefix", env_prefix, None)):
        if not _IDENTIFIER.match(value) or keyword.iskeyword(value):
            why: str | None = "is not a valid Python identifier"
        else:
            why = naming.package_reserved(value) if label == "package" else naming.client_reserved(value) if label == "client" else None
        if why is None:
            continue
        if flag:
            problems.append(Problem("error", f"--{label} {value!r} {why}; choose another name", Location("<command line>")))
        elif table.get(label):
            problems.append(Problem("error", f"[tool.sdkgen].{label} {value!r} {why}; choose another name", Location(where)))
    if problems:
        raise GenerationError(problems)
    return Config(
        spec=spec_path,
        output=output_path,
        package=package_name,
        client=client_name,
        env_prefix=env_prefix,
        base_url=table.get("base_url"),
        idempotency_header=table.get("idempotency_header"),
        version=table.get("version"),
        pagination=pagination,
        operation_names=operation_names,
        schema_names=schema_names,
        response_names=response_names,
    )


def _pagination_table(table: Any, where: str, problems: list[Problem]) -> dict[str, dict[str, Any]]:
    """`[tool.sdkgen.pagination]`: operation → {style, items, and the keys of that style}."""
    if not isinstance(table, dict):
        problems.append(Problem("error", "[tool.sdkgen].pagination must be a table", Location(where)))
        return {}
    out: dict[str, dict[str, Any]] = {}
    for operation, declaration in table.items():
        key = f"[tool.sdkgen.pagination].{_toml_key(operation)}"
        if not isinstance(declaration, dict):
            problems.append(Problem("error", f"{key} must be a table such as {{ style = \"cursor\", items = \"data\" }}", Location(where)))
            continue
        for name, message in pagination_styles.check_declaration(declaration):
            problems.append(Problem("error", f"{key}.{name}: {message}", Location(where)))
        out[str(operation)] = dict(declaration)
    return out


def _names_table(table: Any, where: str, problems: list[Problem]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """`[tool.sdkgen.names]`: `operations` (operation → method name, or dotted resource path and
    method), `schemas` (component schema → class) and `responses` (operation → class of its response)."""
    found: dict[str, dict[str, str]] = {"operations": {}, "schemas": {}, "responses": {}}
    if not isinstance(table, dict):
        problems.append(Problem("error", "[tool.sdkgen].names must be a table", Location(where)))
        return {}, {}, {}
    for section, entries in table.items():
        if section not in found:
            problems.append(Problem("error", f"unknown key [tool.sdkgen.names].{section} (known: {', '.join(found)})", Location(where)))
            continue
        if not isinstance(entries, dict):
            problems.append(Problem("error", f"[tool.sdkgen.names].{section} must be a table", Location(where)))
            continue
        for original, name in entries.items():
            key = f"[tool.sdkgen.names.{section}].{_toml_key(original)}"
            parts = name.split(".") if isinstance(name, str) and section == "operations" else [name]
            if not all(isinstance(p, str) and _IDENTIFIER.match(p) and not keyword.iskeyword(p) for p in parts):
                what = "a method name (or dotted resource.method)" if section == "operations" else "a class name"
                problems.append(Problem("error", f"{key} must be {what} made of Python identifiers, not {name!r}", Location(where)))
                continue
            found[section][str(original)] = str(name)
    return found["operations"], found["schemas"], found["responses"]


def _toml_key(key: str) -> str:
    return key if _IDENTIFIER.match(key) else '"' + key.replace('"', '\\"') + '"'

