"""Fixture specs for names, hostile text and lenient specs, and a way to generate and import them.

The specs live here rather than in the test modules so that one mypy and one pyright run can
check every fixture's output together (tests/test_typecheck_all.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote


from .spec_helpers import ROOT, generate, imported, minimal_spec, ok_response, write_spec  # imported: re-exported

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
            "/things/keys": {
                "get": _op(
                    "things.keys.list",
                    {"type": "array", "items": {"type": "string"}},
                    parameters=[{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                )
            },
            "/things/keys-of-things": {"post": _op("things.keys", _ref("Things"))},
            "/users": {"get": _op("users.list", {"type": "array", "items": _ref("List")})},
            "/3d/keys": {"get": _op("3d.2fa", _ref("1Password"), parameters=[{"name": "2nd", "in": "query", "schema": {"type": "string"}}])},
            "/users/users": {"get": _op("users.users.list", {"type": "array", "items": {"type": "string"}})},
            # Modules named like what the types package's __init__ uses itself.
            "/strings": {"get": _op("strings.retrieve", _ref("str"))},
            # Names too long for a file name (255 bytes): the modules get shorter names.
            "/" + "segment" * 50: {"get": {"responses": ok_response(_ref("VeryLong" * 40))}},
        },
        {
            "Foo": {"type": "object", "properties": {"a": {"type": "string"}}},
            "foo": {"type": "object", "properties": {"b": {"type": "string"}}},
            "Things": {"type": "object", "properties": {"count": {"type": "integer"}}},
            "1Password": {"type": "object", "properties": {"2x": {"type": "string"}}},
            "List": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}}},
            "str": {"type": "object", "properties": {"scope": _ref("globals"), "loader": _ref("LazyModule")}},
            "globals": {"type": "object", "properties": {"name": {"type": "string"}}},
            "VeryLong" * 40: {"type": "object", "properties": {"name": {"type": "string"}}},
            "LazyModule": {"type": "object", "properties": {"name": {"type": "string"}}},
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


def hostile_payloads(sentinel: str) -> list[str]:
    """Strings that end a literal, a docstring or a comment early, or would run code if they did."""
    touch = f"__import__('pathlib').Path({sentinel!r}).touch()"
    return [
        '"""',
        "'''",
        "\\",
        'ends with a backslash \\',
        '\\"',
        "\x00",
        "line\nbreak",
        "carriage\rreturn",
        "sep\u2028arator\u2029",
        "next\x85line",
        "{{ sdk.package }}",
        "{% for x in y %}{% endfor %}",
        "{# comment #}",
        "\ud800 lone surrogate",
        f'"""\n{touch}\n"""',
        f'");{touch};("',
        f"');{touch};('",
        f"\n{touch}\n",
        f"\\\n{touch}",
        f"# comment\n{touch}",
        f"x = 1; {touch}",
        f"{{{{ {touch} }}}}",
        f"\\N{{LATIN SMALL LETTER A}}\\x{touch}",
        "__init__",
        "__class__",
        "None",
        "class",
        "self",
        "with_raw_response",
        "1-2",
        "",
    ]


def _path_name(text: str) -> str:
    """`text` as a path parameter name: anything but the characters that end one."""
    cleaned = "".join(c for c in text if c not in "{}/?#%")
    return cleaned or "p"


def _no_surrogates(text: str) -> str:
    return "".join(c for c in text if not 0xD800 <= ord(c) <= 0xDFFF)


def hostile_spec(texts: Iterator[str]) -> dict[str, Any]:
    """A valid spec shape with `texts`, in order, in every place a spec holds text."""
    t = lambda: next(texts)  # noqa: E731
    param = _path_name(t())
    # Surrogates stay out of schema names: they are `$ref` targets, and a lone surrogate has no
    # percent-encoding (the loader replaces it everywhere else, with a warning).
    schema_name, other_name = _no_surrogates(t()), _no_surrogates(t())
    prop, enum_a, enum_b = t(), t(), t()
    thing = {
        "type": "object",
        "description": t(),
        "required": [prop],
        "properties": {
            prop: {"type": "string", "description": t(), "example": t(), "default": t()},
            "kind": {"type": "string", "enum": [enum_a, enum_b], "description": t()},
            other_name: {"$ref": f"#/components/schemas/{json_pointer(other_name)}"} if other_name != schema_name else {"type": "integer"},
        },
    }
    segment = _path_name(t())
    # A discriminated union tagged by hostile values (two members may share one), and a member
    # tagged by `thing`'s enum; a hostile tag property names a second union.
    tag_prop = t()
    events = {
        "oneOf": [
            {"$ref": f"#/components/schemas/{json_pointer(schema_name)}"},
            {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": [t()]}, t(): {"type": "integer"}}},
            {
                "oneOf": [
                    {"type": "object", "properties": {tag_prop: {"type": "string", "const": t()}, "n": {"type": "integer"}}},
                    {"type": "object", "properties": {tag_prop: {"type": "string", "enum": [t(), t()]}}},
                ],
                "discriminator": {"propertyName": tag_prop},
            },
        ],
        "discriminator": {"propertyName": "kind"},
    }
    # A multipart upload whose fields have hostile names: a file, and a file or its URL.
    upload = {"type": "object", "properties": {t(): {"type": "string", "format": "binary"}, t(): {"oneOf": [{"type": "string", "contentEncoding": "binary"}, {"type": "string"}]}}}
    # Security schemes under hostile names, sending credentials under hostile wire names.
    header_key, query_key, basic_key = t(), t(), t()
    schemes = {
        header_key: {"type": "apiKey", "in": "header", "name": t(), "description": t()},
        query_key: {"type": "apiKey", "in": "query", "name": t()},
        basic_key: {"type": "http", "scheme": "basic", "description": t()},
    }
    return {
        "openapi": "3.1.0",
        "security": [{header_key: []}, {basic_key: []}],
        "info": {"title": t(), "version": t(), "description": t()},
        "servers": [{"url": t(), "description": t()}],
        "tags": [{"name": t(), "description": t()}],
        "paths": {
            f"/things/{{{param}}}": {
                "parameters": [{"name": param, "in": "path", "required": True, "description": t(), "schema": {"type": "string"}, "example": t()}],
                "get": {
                    "operationId": t(),
                    "summary": t(),
                    "description": t(),
                    "tags": [t()],
                    "parameters": [
                        {"name": t(), "in": "query", "description": t(), "schema": {"type": "string", "enum": [t(), t()], "default": t()}},
                        {"name": t(), "in": "header", "description": t(), "schema": {"type": "string"}, "example": t()},
                    ],
                    "responses": {"200": {"description": t(), "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{json_pointer(schema_name)}"}}}}},
                },
                "post": {
                    "operationId": t(),
                    "security": [{query_key: [], header_key: []}, {}],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {t(): {"type": "string", "description": t(), "example": t()}, t(): {"const": t()}}}
                            }
                        }
                    },
                    "responses": {"204": {"description": t()}},
                },
            },
            # A path segment that names a resource, and an operation without an operationId.
            f"/{segment}/items": {"get": {"description": t(), "responses": {"200": {"description": t(), "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string", "enum": [t()]}}}}}}}},
            f"/{segment}/events": {"get": {"responses": {"200": {"description": t(), "content": {"application/json": {"schema": {"type": "array", "items": events}}}}}}},
            f"/{segment}/uploads": {
                "post": {
                    "requestBody": {"content": {"multipart/form-data": {"schema": upload}}},
                    "responses": {"200": {"description": t(), "content": {"application/json": {"schema": events}}}},
                }
            },
        },
        "components": {"securitySchemes": schemes, "schemas": {schema_name: thing, **({other_name: {"type": "object", "properties": {t(): {"type": "boolean"}}}} if other_name != schema_name else {})}},
    }


def json_pointer(name: str) -> str:
    return quote(name.replace("~", "~0").replace("/", "~1"), safe="")


def generate_names(folder: Path) -> Path:
    """The names fixture generated into `folder/out` (package `names_sdk`)."""
    spec = write_spec(folder, names_spec())
    assert generate(spec, folder / "out", "names_sdk", "Names") == 0
    return folder / "out"
