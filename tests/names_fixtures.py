"""Fixture specs for names, hostile text and lenient specs, and a way to generate and import them.

The specs live here rather than in the test modules so that one mypy and one pyright run can
check every fixture's output together (tests/test_names_typecheck.py).
"""

from __future__ import annotations

import importlib
import sys
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator, List

from generator.cli import main

from .spec_helpers import ROOT, minimal_spec, ok_response, write_spec

LENIENT_SPEC = ROOT / "tests" / "fixtures" / "specs" / "lenient" / "openapi.yaml"
LENIENT_GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "lenient"


def _op(operation_id: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"operationId": operation_id, "responses": ok_response(schema), **extra}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def names_spec() -> dict[str, Any]:
    """Names no one chose for Python: client and resource attributes, builtins, case clashes."""
    query = [
        {"name": "DateCreated", "in": "query", "schema": {"type": "string"}},
        {"name": "DateCreated<", "in": "query", "schema": {"type": "string"}},
        {"name": "DateCreated>", "in": "query", "schema": {"type": "string"}},
        {"name": "cast", "in": "query", "schema": {"type": "integer"}},
        {"name": "class", "in": "query", "schema": {"type": "string"}},
        {"name": "x-api-key", "in": "header", "schema": {"type": "string"}},
    ]
    return minimal_spec(
        {
            "/copy": {"get": {"responses": ok_response(_ref("Foo"))}},
            "/with-options/items": {"get": {"responses": ok_response(_ref("foo"))}},
            "/things": {"get": _op("things.with_raw_response", _ref("Things"), parameters=query)},
            "/things/{id}": {
                "get": _op("things.str", _ref("Record"), parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}])
            },
            "/things/keys": {"get": _op("things.keys.list", {"type": "array", "items": {"type": "string"}})},
            "/things/keys-of-things": {"post": _op("things.keys", _ref("Things"))},
            "/users": {"get": _op("users.list", {"type": "array", "items": _ref("List")})},
            "/users/users": {"get": _op("users.users.list", {"type": "array", "items": {"type": "string"}})},
        },
        {
            "Foo": {"type": "object", "properties": {"a": {"type": "string"}}},
            "foo": {"type": "object", "properties": {"b": {"type": "string"}}},
            "Things": {"type": "object", "properties": {"count": {"type": "integer"}}},
            "List": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}}},
            "Record": {
                "type": "object",
                "required": ["id", "type"],
                "properties": {
                    "id": {"type": "string"},
                    "type": {"type": "string"},
                    "date": {"type": "string", "format": "date"},
                    "str": {"type": "string"},
                    "class": {"type": "string"},
                    "1st": {"type": "integer"},
                    "名前": {"type": "string"},
                    "naïve": {"type": "boolean"},
                    "model_config": {"type": "string"},
                    "": {"type": "string"},
                },
            },
        },
    )


@contextmanager
def imported(out: Path, package: str) -> Iterator[ModuleType]:
    """`package` from `out`, imported, and forgotten afterwards."""
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


def generate(spec: Path, out: Path, package: str, client: str, *extra: str) -> int:
    """`sdkgen generate SPEC -o OUT` in this process; the exit code."""
    return main(["generate", str(spec), "-o", str(out), "--package", package, "--client", client, "-q", *extra])


def generate_names(folder: Path) -> Path:
    """The names fixture generated into `folder/out` (package `names_sdk`)."""
    spec = write_spec(folder, names_spec())
    assert generate(spec, folder / "out", "names_sdk", "Names") == 0
    return folder / "out"


def module_files(out: Path) -> List[Path]:
    return sorted(out.rglob("*.py"))
