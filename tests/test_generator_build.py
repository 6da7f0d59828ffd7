"""Spec → IR: resource tree and method names, types, pagination, and the naming rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import ir, naming
from generator.builder import build
from generator.config import Config
from generator.load import load

from .spec_helpers import ROOT, minimal_spec, ok_response, write_spec


def build_api(tmp_path: Path, spec: dict[str, Any]) -> ir.Api:
    path = write_spec(tmp_path, spec)
    config = Config(
        spec=path,
        output=tmp_path / "out",
        package="sdk",
        client="Sdk",
        env_prefix="SDK",
        base_url=None,
    )
    api, _ = build(load(path), config)
    return api


def calls(api: ir.Api) -> dict[str, str]:
    """`resource.path.method` → `HTTP /path` for every operation."""
    return {
        ".".join(r.path + (op.name,)): f"{op.http_method.upper()} {op.wire_path}"
        for r in api.all_resources()
        for op in r.operations
    }


def test_express_operations_are_named_by_their_dotted_operation_ids() -> None:
    config = Config(
        spec=ROOT / "spec/express.yaml",
        output=ROOT / "generated",
        package="avara",
        client="Avara",
        env_prefix="AVARA",
        base_url=None,
    )
    api, _ = build(load(config.spec), config)
    assert calls(api) == {
        "express.create": "POST /v1/express",
        "express.list": "GET /v1/express",
        "express.retrieve": "GET /v1/express/{expressCustomerId}",
        "express.update": "PATCH /v1/express/{expressCustomerId}",
        "express.deactivate": "POST /v1/express/{expressCustomerId}/deactivate",
        "express.reactivate": "POST /v1/express/{expressCustomerId}/reactivate",
        "express.users.add": "POST /v1/express/{expressCustomerId}/users",
        "express.users.remove": "DELETE /v1/express/{expressCustomerId}/users",
    }
    (page,) = api.pages
    assert (
        page.page_class,
        page.items.name,
        page.cursor.name,
        page.has_more and page.has_more.name,
    ) == (
        "SyncCursorExpressCustomers",
        "express_customers",
        "cursor",
        "has_more",
    )


def test_method_names_are_derived_from_method_and_path_without_operation_ids(
    tmp_path: Path,
) -> None:
    item = {
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
        ]
    }
    ok = {"responses": ok_response({"type": "string"})}
    listed = {"responses": ok_response({"type": "array", "items": {"type": "string"}})}
    spec = minimal_spec(
        {
            "/v2/widgets": {"get": ok, "post": ok},
            "/v2/widgets/{id}": {
                **item,
                "get": ok,
                "patch": ok,
                "put": ok,
                "delete": ok,
            },
            "/v2/widgets/{id}/archive": {**item, "post": ok},
            "/v2/widgets/{id}/parts": {**item, "get": listed, "post": ok},
            "/v2/settings": {"get": ok, "put": ok},
        }
    )
    assert calls(build_api(tmp_path, spec)) == {
        "widgets.list": "GET /v2/widgets",
        "widgets.create": "POST /v2/widgets",
        "widgets.retrieve": "GET /v2/widgets/{id}",
        "widgets.update": "PATCH /v2/widgets/{id}",
        "widgets.update2": "PUT /v2/widgets/{id}",
        "widgets.delete": "DELETE /v2/widgets/{id}",
        "widgets.archive": "POST /v2/widgets/{id}/archive",
        "widgets.parts.list": "GET /v2/widgets/{id}/parts",
        "widgets.parts.create": "POST /v2/widgets/{id}/parts",
        "settings.retrieve": "GET /v2/settings",
        "settings.update": "PUT /v2/settings",
    }


def test_a_shared_schema_is_one_model_that_every_response_returns(
    tmp_path: Path,
) -> None:
    spec = minimal_spec(
        {
            "/a": {
                "get": {
                    "operationId": "things.retrieve",
                    "responses": ok_response({"$ref": "#/components/schemas/Thing"}),
                }
            },
            "/b": {
                "post": {
                    "operationId": "things.create",
                    "responses": ok_response({"$ref": "#/components/schemas/Thing"}),
                }
            },
        },
        {
            "Thing": {
                "type": "object",
                "properties": {
                    "when": {"type": ["string", "null"], "format": "date-time"}
                },
            }
        },
    )
    api = build_api(tmp_path, spec)
    models = {m.name: m for m in api.models}
    assert sorted(models) == ["Thing"]
    thing = ir.TypeRef("model", "Thing", "types.thing")
    assert [op.returns for r in api.resources for op in r.operations] == [thing, thing]
    (when,) = models["Thing"].fields
    assert (when.name, when.wire_name, when.type) == (
        "when",
        "when",
        ir.optional(ir.primitive("datetime")),
    )


def test_x_pagination_declares_a_cursor_page_the_shape_would_not_reveal(
    tmp_path: Path,
) -> None:
    page_schema = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": {"type": "string"}},
            "next": {"type": "string"},
        },
    }
    spec = minimal_spec(
        {
            "/logs": {
                "get": {
                    "operationId": "logs.list",
                    "parameters": [
                        {"name": "after", "in": "query", "schema": {"type": "string"}}
                    ],
                    "x-pagination": {
                        "scheme": "cursor",
                        "items": "data",
                        "cursor": "next",
                        "cursor_param": "after",
                    },
                    "responses": ok_response(page_schema),
                }
            }
        }
    )
    (page,) = build_api(tmp_path, spec).pages
    assert (
        page.page_class,
        page.cursor_param,
        page.cursor.wire_name,
        page.has_more,
        page.detected,
    ) == (
        "SyncCursorData",
        "after",
        "next",
        None,
        False,
    )


def test_a_list_without_cursor_and_has_more_is_not_paginated(tmp_path: Path) -> None:
    spec = minimal_spec(
        {
            "/logs": {
                "get": {
                    "parameters": [
                        {"name": "cursor", "in": "query", "schema": {"type": "string"}}
                    ],
                    "responses": ok_response(
                        {
                            "type": "object",
                            "properties": {
                                "data": {"type": "array", "items": {"type": "string"}}
                            },
                        }
                    ),
                }
            }
        }
    )
    assert build_api(tmp_path, spec).pages == ()


@pytest.mark.parametrize(
    ("wire", "snake", "pascal"),
    [
        ("expressCustomerId", "express_customer_id", "ExpressCustomerId"),
        ("HTTPServer", "http_server", "HTTPServer"),
        ("class", "class_", "Class"),
        ("2fa", "two_fa", "TwoFa"),
        ("x-should-retry", "x_should_retry", "XShouldRetry"),
        ("über", "uber", "Uber"),
        ("日本", "u65e5_u672c", "U65e5U672c"),
    ],
)
def test_any_name_becomes_a_valid_identifier(
    wire: str, snake: str, pascal: str
) -> None:
    assert (naming.snake(wire), naming.pascal(wire)) == (snake, pascal)
    assert naming.snake(wire).isidentifier() and naming.pascal(wire).isidentifier()


def test_allocator_tells_clashing_names_apart_deterministically() -> None:
    names = naming.Allocator({"taken"})
    assert [names.claim(n) for n in ("a", "a", "taken", "a")] == [
        "a",
        "a2",
        "taken2",
        "a3",
    ]
    files = naming.Allocator(casefold=True)
    assert [files.claim(n) for n in ("Tool", "tool")] == ["Tool", "tool2"]


def test_lists_alike_share_one_page_class_whether_declared_or_detected(tmp_path: Path) -> None:
    page = {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "string"}}, "next_cursor": {"type": "string"}}}
    params = [{"name": "cursor", "in": "query", "schema": {"type": "string"}}]
    declared = {"items": "data", "cursor": "next_cursor", "cursor_param": "cursor"}
    spec = minimal_spec(
        {
            "/a": {"get": {"operationId": "listA", "parameters": params, "responses": ok_response(page)}},
            "/b": {"get": {"operationId": "listB", "parameters": params, "responses": ok_response(page), "x-pagination": declared}},
        }
    )
    api = build_api(tmp_path, spec)

    assert [p.page_class for p in api.pages] == ["SyncCursorData"]
    assert [(op.pagination.page_class, op.pagination.detected) for r in api.resources for op in r.operations if op.pagination] == [
        ("SyncCursorData", True),
        ("SyncCursorData", False),
    ]


def test_an_object_inside_a_page_that_a_model_also_uses_is_kept_when_the_page_class_is_shared(tmp_path: Path) -> None:
    order = {"type": "array", "items": {"type": "object", "properties": {"by": {"type": "string"}}}}
    params = [{"name": "offset", "in": "query", "schema": {"type": "integer"}}]
    spec = minimal_spec(
        {
            # The first list's page is inline; the second's, alike, is the EntryPage schema,
            # whose `order` objects the Folder model also holds (through EntryPage).
            "/a": {"get": {"operationId": "listA", "parameters": params, "responses": ok_response({"type": "object", "properties": {"entries": {"type": "array", "items": {"type": "string"}}, "order": order}})}},
            "/b": {"get": {"operationId": "listB", "parameters": params, "responses": ok_response({"$ref": "#/components/schemas/EntryPage"})}},
            "/folders/{id}": {"get": {"operationId": "getFolder", "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": ok_response({"$ref": "#/components/schemas/Folder"})}},
        },
        {
            "EntryPage": {"type": "object", "properties": {"entries": {"type": "array", "items": {"type": "string"}}, "order": order}},
            "Folder": {"type": "object", "properties": {"id": {"type": "string"}, "items": {"$ref": "#/components/schemas/EntryPage"}}},
        },
    )
    api = build_api(tmp_path, spec)
    defined = {(m.module, m.name) for m in api.models}

    def models_in(t: ir.TypeRef) -> list[tuple[str, str]]:
        return ([(t.module, t.name)] if t.kind == "model" else []) + [m for a in t.args for m in models_in(a)]

    used = {m for model in api.models for f in model.fields for m in models_in(f.type)}
    used |= {m for page in api.pages for f in page.fields for m in models_in(f.type)}
    assert [p.page_class for p in api.pages] == ["SyncOffsetEntries"]
    assert used <= defined, sorted(used - defined)


def test_a_page_field_named_like_a_page_method_does_not_hide_it(tmp_path: Path) -> None:
    page = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}, "has_next_page": {"type": "boolean"}}}
    spec = minimal_spec({"/a": {"get": {"operationId": "listA", "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}], "responses": ok_response(page)}}})

    (pagination,) = build_api(tmp_path, spec).pages

    assert [(f.name, f.wire_name) for f in pagination.fields] == [("items", "items"), ("has_next_page_", "has_next_page")]
