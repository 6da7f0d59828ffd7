"""Parameters go on the wire as the spec's `in`, `style` and `explode` say: arrays and objects in
the query in every OpenAPI query style, arrays in the path, headers and cookies keyword-only,
optional ones left out when not given."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

import pytest

from .operations_sdk import generate_sdk, imported
from .scripted_server import ScriptedServer
from .spec_helpers import minimal_spec, ok_response

STRINGS = {"type": "array", "items": {"type": "string"}}
INTS = {"type": "array", "items": {"type": "integer"}}
MAP = {"type": "object", "additionalProperties": {"type": "string"}}


def _query(name: str, schema: dict[str, Any], **style: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, **style}


SPEC = minimal_spec(
    {
        "/items/{ids}": {
            "get": {
                "operationId": "items.search",
                "parameters": [
                    {"name": "ids", "in": "path", "required": True, "schema": STRINGS},
                    _query("tags", STRINGS),
                    _query("csv", INTS, style="form", explode=False),
                    _query("spaced", STRINGS, style="spaceDelimited"),
                    _query("piped", STRINGS, style="pipeDelimited", explode=False),
                    _query("filter", MAP, style="deepObject", explode=True),
                    _query("point", MAP),
                    _query("flat", MAP, style="form", explode=False),
                    _query("limit", {"type": "integer"}),
                    {"name": "X-Trace-Id", "in": "header", "required": True, "schema": {"type": "string"}},
                    {"name": "X-Flags", "in": "header", "schema": STRINGS},
                    {"name": "X-Dry-Run", "in": "header", "schema": {"type": "boolean"}},
                    {"name": "session", "in": "cookie", "required": True, "schema": {"type": "string"}},
                    {"name": "theme", "in": "cookie", "schema": {"type": "string"}},
                ],
                "responses": ok_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}),
            }
        }
    }
)


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = generate_sdk(tmp_path_factory.mktemp("params"), SPEC, "params_sdk")
    with imported(out, "params_sdk") as module:
        yield module


@pytest.fixture
def items(sdk: Any, server: ScriptedServer) -> Iterator[Any]:
    client = sdk.Client(base_url=server.url, max_retries=0)
    server.reply(200, json={"ok": True})
    yield client.items
    client.close()


def _pairs(server: ScriptedServer) -> list[tuple[str, str]]:
    """The query string as decoded (name, value) pairs, in order."""
    query = server.last_request.query_string
    return [tuple(unquote(part.replace("+", " ")).split("=", 1)) for part in query.split("&")]  # type: ignore[misc]


def test_query_arrays_are_sent_in_their_style(items: Any, server: ScriptedServer) -> None:
    items.search(["a"], x_trace_id="t", session="s", tags=["x", "y"], csv=[1, 2], spaced=["p", "q"], piped=["r", "s"])

    assert _pairs(server) == [
        ("tags", "x"),
        ("tags", "y"),  # form, exploded: the parameter repeated
        ("csv", "1,2"),  # form, not exploded: comma-separated
        ("spaced", "p q"),
        ("piped", "r|s"),
    ]


def test_query_objects_are_sent_in_their_style(items: Any, server: ScriptedServer) -> None:
    items.search(
        ["a"],
        x_trace_id="t",
        session="s",
        filter={"color": "red", "size": "L"},
        point={"x": "1", "y": "2"},
        flat={"k": "v", "n": "m"},
        limit=5,
    )

    assert _pairs(server) == [
        ("filter[color]", "red"),  # deepObject
        ("filter[size]", "L"),
        ("x", "1"),  # form, exploded: the object's keys become parameters
        ("y", "2"),
        ("flat", "k,v,n,m"),  # form, not exploded
        ("limit", "5"),
    ]


def test_a_path_array_is_comma_separated_with_each_item_encoded(items: Any, server: ScriptedServer) -> None:
    items.search(["a b", "c/d"], x_trace_id="t", session="s")

    assert server.last_request.path == "/items/a%20b,c%2Fd"


def test_a_path_value_of_any_spec_keeps_sub_delimiters_but_an_items_comma_is_escaped(
    items: Any, server: ScriptedServer
) -> None:
    items.search(["k=v;x", "a,b", "@:!"], x_trace_id="t", session="s")

    # One RFC 3986 segment, as the official client sends it; the commas that join the items
    # are the only ones left as they are, so that the server can split them again.
    assert server.last_request.path == "/items/k=v;x,a%2Cb,@:!"


def test_header_parameters_are_sent_and_optional_ones_left_out(items: Any, server: ScriptedServer) -> None:
    items.search(["a"], x_trace_id="trace-1", session="s")
    first = server.last_request.headers
    server.reply(200, json={"ok": True})
    items.search(["a"], x_trace_id="trace-2", session="s", x_flags=["f1", "f2"], x_dry_run=True)
    second = server.last_request.headers

    assert first["x-trace-id"] == "trace-1"
    assert "x-flags" not in first and "x-dry-run" not in first
    assert (second["x-flags"], second["x-dry-run"]) == ("f1,f2", "true")


def test_cookie_parameters_make_the_cookie_header(items: Any, server: ScriptedServer) -> None:
    items.search(["a"], x_trace_id="t", session="abc;1")
    only_required = server.last_request.headers["cookie"]
    server.reply(200, json={"ok": True})
    items.search(["a"], x_trace_id="t", session="abc", theme="dark")

    assert only_required == "session=abc%3B1"  # encoded: a value cannot add a cookie
    assert server.last_request.headers["cookie"] == "session=abc; theme=dark"


def test_header_and_cookie_parameters_are_keyword_only_and_required_ones_have_no_default(sdk: Any) -> None:
    signature = inspect.signature(sdk.Client().items.search)
    parameters = signature.parameters

    assert parameters["ids"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    for name in ("x_trace_id", "x_flags", "session", "theme", "filter"):
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["x_trace_id"].default is inspect.Parameter.empty
    assert parameters["session"].default is inspect.Parameter.empty
    assert repr(parameters["theme"].default) == "omit"


def test_an_unsupported_path_style_warns_with_its_location_and_falls_back_to_simple(tmp_path: Path) -> None:
    from generator.cli import main

    from .spec_helpers import write_spec

    spec = minimal_spec(
        {
            "/things/{id}": {
                "get": {
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "style": "matrix", "schema": STRINGS},
                        _query("q", STRINGS, style="deepObject", explode=True),
                    ],
                    "responses": {"204": {"description": "none"}},
                }
            }
        }
    )
    path = write_spec(tmp_path, spec)
    import io
    from contextlib import redirect_stderr

    err = io.StringIO()
    with redirect_stderr(err):
        code = main(["generate", str(path), "-o", str(tmp_path / "out"), "--package", "styles_sdk", "--client", "C"])

    assert code == 0
    messages = err.getvalue()
    assert "path parameter style 'matrix' (explode: false) is not supported; sent in the `simple` style" in messages
    assert "/paths/~1things~1{id}/get/parameters/0" in messages
