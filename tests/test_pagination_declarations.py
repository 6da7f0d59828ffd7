"""How the generator decides that an operation is paginated and how: x-pagination,
x-speakeasy-pagination and x-fern-pagination declarations, detection from the shape, and the
problems a bad declaration reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.builder import build
from generator.cli import main
from generator.config import Config
from generator.load import load
from generator.problems import GenerationError

from .spec_helpers import minimal_spec, ok_response, write_spec

ITEM = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}


def page(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {"data": {"type": "array", "items": ITEM}, **properties}}


def operation(params: list[str], schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "/items": {
            "get": {
                "operationId": "items.list",
                "parameters": [{"name": p, "in": "query", "schema": {"type": "string"}} for p in params],
                "responses": ok_response(schema),
                **extra,
            }
        }
    }


def build_spec(tmp_path: Path, paths: dict[str, Any]) -> tuple[ir.Api, list[str]]:
    path = write_spec(tmp_path, minimal_spec(paths))
    config = Config(spec=path, output=tmp_path / "out", package="sdk", client="Sdk", env_prefix="SDK", base_url=None)
    api, ctx = build(load(path), config)
    return api, [f"{p.severity}: {p.message}" for p in ctx.problems]


def pagination(tmp_path: Path, paths: dict[str, Any]) -> ir.Pagination | None:
    api, _ = build_spec(tmp_path, paths)
    (op,) = api.resources[0].operations
    return op.pagination


def spec_of(p: ir.Pagination | None) -> tuple[str, dict[str, Any], bool, str]:
    assert p is not None, "the operation is not paginated"
    return p.spec_class, dict(p.spec_args), p.detected, p.declared_by


# -- detection ---------------------------------------------------------------------------------

DETECTED = [
    ("cursor", ["cursor", "limit"], page(next_cursor={"type": "string"}, has_more={"type": "boolean"}), None,
     ("CursorPageSpec", {"items": "data", "cursor": "next_cursor", "has_more": "has_more", "cursor_param": "cursor"})),
    ("cursor without has_more", ["page_token"], page(nextPageToken={"type": "string"}), None,
     ("CursorPageSpec", {"items": "data", "cursor": "next_page_token", "cursor_param": "page_token"})),
    ("starting_after", ["starting_after", "limit"], page(has_more={"type": "boolean"}), None,
     ("ItemCursorPageSpec", {"items": "data", "item_id": "id", "has_more": "has_more", "cursor_param": "starting_after"})),
    ("after", ["after"], page(has_more={"type": "boolean"}), None,
     ("ItemCursorPageSpec", {"items": "data", "item_id": "id", "has_more": "has_more", "cursor_param": "after"})),
    ("offset", ["offset", "limit"], page(total={"type": "integer"}), None,
     ("OffsetPageSpec", {"items": "data", "offset_param": "offset", "limit_param": "limit", "total": "total"})),
    ("page", ["page", "per_page"], page(total_pages={"type": "integer"}), None,
     ("PageNumberPageSpec", {"items": "data", "page_param": "page", "total_pages": "total_pages"})),
    ("next url", [], page(next_page_uri={"type": ["string", "null"]}), None,
     ("NextUrlPageSpec", {"items": "data", "next_url": "next_page_uri"})),
    ("a next cursor called next", ["cursor"], page(next={"type": "string"}), None,
     ("CursorPageSpec", {"items": "data", "cursor": "next", "cursor_param": "cursor"})),
    ("a next URL beside a cursor param", ["cursor"], page(next={"type": "string", "format": "uri"}), None,
     ("NextUrlPageSpec", {"items": "data", "next_url": "next"})),
    ("link header", ["page"], {"type": "array", "items": ITEM}, {"Link": {"schema": {"type": "string"}}},
     ("LinkHeaderPageSpec", {"items": "items"})),
]


@pytest.mark.parametrize(("params", "schema", "headers", "expected"), [d[1:] for d in DETECTED], ids=[d[0] for d in DETECTED])
def test_an_undeclared_list_is_paginated_as_its_shape_says(
    tmp_path: Path, params: list[str], schema: dict[str, Any], headers: Any, expected: tuple[str, dict[str, Any]]
) -> None:
    paths = operation(params, schema)
    if headers:
        paths["/items"]["get"]["responses"]["200"]["headers"] = headers
    assert spec_of(pagination(tmp_path, paths)) == (*expected, True, "")


@pytest.mark.parametrize(
    ("params", "schema"),
    [
        (["limit"], page(has_more={"type": "boolean"})),  # nothing moves the request on
        (["cursor"], {"type": "object", "properties": {"a": ITEM, "cursor": {"type": "string"}}}),  # no array
        (["after"], page()),  # `after`, but nothing says whether more follow
    ],
)
def test_a_shape_that_says_nothing_about_the_next_page_is_not_paginated(tmp_path: Path, params: list[str], schema: dict[str, Any]) -> None:
    assert pagination(tmp_path, operation(params, schema)) is None


# -- declarations ------------------------------------------------------------------------------


def test_x_pagination_declares_what_the_shape_would_not_reveal(tmp_path: Path) -> None:
    declared = {"style": "offset", "items": "data", "offset_param": "from", "limit_param": "size", "total": "$.meta.count"}
    schema = page(meta={"type": "object", "properties": {"count": {"type": "integer"}}})
    found = pagination(tmp_path, operation(["from", "size"], schema, **{"x-pagination": declared}))
    assert spec_of(found) == (
        "OffsetPageSpec",
        {"items": "data", "offset_param": "from", "limit_param": "size", "total": "meta.count"},
        False,
        "x-pagination",
    )
    assert found is not None and (found.cursor_param, found.page_class) == ("from", "SyncOffsetData")


SPEAKEASY = [
    (
        {"type": "cursor", "inputs": [{"name": "cursor", "in": "parameters", "type": "cursor"}], "outputs": {"nextCursor": "$.meta.next", "results": "$.data"}},
        ("CursorPageSpec", {"items": "data", "cursor": "meta.next", "cursor_param": "cursor"}),
    ),
    (
        {"type": "cursor", "inputs": [{"name": "since", "in": "parameters", "type": "cursor"}], "outputs": {"nextCursor": "$.data[(@.length-1)].id"}},
        ("ItemCursorPageSpec", {"items": "data", "item_id": "id", "cursor_param": "since"}),
    ),
    (
        {"type": "offsetLimit", "inputs": [{"name": "page", "in": "parameters", "type": "page"}], "outputs": {"results": "$.data", "numPages": "$.meta.pages"}},
        ("PageNumberPageSpec", {"items": "data", "page_param": "page", "total_pages": "meta.pages"}),
    ),
    (
        {"type": "url", "outputs": {"nextUrl": "$.meta.next"}},
        ("NextUrlPageSpec", {"items": "data", "next_url": "meta.next"}),
    ),
]


@pytest.mark.parametrize(("declared", "expected"), SPEAKEASY, ids=["cursor", "last item id", "page", "url"])
def test_x_speakeasy_pagination_works_unchanged(tmp_path: Path, declared: dict[str, Any], expected: tuple[str, dict[str, Any]]) -> None:
    schema = page(meta={"type": "object", "properties": {"next": {"type": "string"}, "pages": {"type": "integer"}}})
    found = pagination(tmp_path, operation(["cursor", "since", "page"], schema, **{"x-speakeasy-pagination": declared}))
    assert spec_of(found) == (*expected, False, "x-speakeasy-pagination")


FERN = [
    (
        {"cursor": "$request.after", "next_cursor": "$response.next", "results": "$response.data"},
        ("CursorPageSpec", {"items": "data", "cursor": "next", "cursor_param": "after"}),
    ),
    (
        {"offset": "$request.offset", "step": "$request.limit", "results": "$response.data", "has-next-page": "$response.more"},
        ("OffsetPageSpec", {"items": "data", "offset_param": "offset", "limit_param": "limit", "has_more": "more"}),
    ),
    (
        {"offset": "$request.page", "results": "$response.data"},
        ("PageNumberPageSpec", {"items": "data", "page_param": "page"}),
    ),
]


@pytest.mark.parametrize(("declared", "expected"), FERN, ids=["cursor", "offset with step", "offset by page"])
def test_x_fern_pagination_works_unchanged(tmp_path: Path, declared: dict[str, Any], expected: tuple[str, dict[str, Any]]) -> None:
    schema = page(next={"type": "string"}, more={"type": "boolean"})
    found = pagination(tmp_path, operation(["after", "offset", "limit", "page"], schema, **{"x-fern-pagination": declared}))
    assert spec_of(found) == (*expected, False, "x-fern-pagination")


def test_an_unknown_x_pagination_key_is_an_error_naming_it(tmp_path: Path) -> None:
    declared = {"style": "page", "items": "data", "page_param": "page", "cursor": "next"}
    with pytest.raises(GenerationError) as raised:
        build_spec(tmp_path, operation(["page"], page(next={"type": "string"}), **{"x-pagination": declared}))
    assert "x-pagination key `cursor`: unknown key for style 'page'" in str(raised.value)


@pytest.mark.parametrize(
    ("declared", "warning"),
    [
        ({"style": "cursor", "items": "data", "cursor": "next", "cursor_param": "cursor"}, "cursor_param 'cursor' is not a query parameter"),
        ({"style": "next_url", "items": "data", "next_url": "$.links.next"}, "next_url 'links.next' is not a property of the response"),
        ({"style": "offset", "items": "entries", "offset_param": "page"}, "items 'entries' is not an array property"),
        ({"style": "page", "items": "$.data.list", "page_param": "page"}, "must name a top-level array property"),
    ],
)
def test_a_declaration_the_operation_does_not_match_is_a_warning_and_no_pages(tmp_path: Path, declared: dict[str, Any], warning: str) -> None:
    api, problems = build_spec(tmp_path, operation(["page"], page(next={"type": "string"}), **{"x-pagination": declared}))
    assert api.resources[0].operations[0].pagination is None
    assert any(p.startswith("warning: x-pagination: ") and warning in p for p in problems), problems


def test_a_speakeasy_cursor_sent_in_the_body_is_a_warning(tmp_path: Path) -> None:
    declared = {"type": "cursor", "inputs": [{"name": "cursor", "in": "requestBody", "type": "cursor"}], "outputs": {"nextCursor": "$.next"}}
    api, problems = build_spec(tmp_path, operation([], page(next={"type": "string"}), **{"x-speakeasy-pagination": declared}))
    assert api.resources[0].operations[0].pagination is None
    assert any("only query parameters are supported" in p for p in problems), problems


def test_the_generation_summary_says_how_each_list_paginates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = {
        **operation(["offset", "limit"], page(total={"type": "integer"})),
        "/files": {
            "get": {
                "operationId": "files.list",
                "parameters": [{"name": "after", "in": "query", "schema": {"type": "string"}}],
                "x-fern-pagination": {"cursor": "$request.after", "next_cursor": "$response.next", "results": "$response.data"},
                "responses": ok_response(page(next={"type": "string"})),
            }
        },
    }
    spec = write_spec(tmp_path, minimal_spec(paths))
    assert main(["generate", str(spec), "-o", str(tmp_path / "out"), "--package", "sdk", "-v"]) == 0
    err = capsys.readouterr().err
    assert "items.list returns SyncOffsetData (offset pages, detected from its shape)" in err
    assert "files.list returns SyncCursorData (cursor pages, declared by x-fern-pagination)" in err
