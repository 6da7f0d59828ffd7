"""Cursor pagination of `express.list`: when a next page exists, how it is requested, and auto-iteration."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest

from .scripted_server import Reply, ScriptedServer
from .payloads import page

THREE_PAGES = {
    None: page(["cus_a", "cus_b"], has_more=True, cursor="c2"),
    "c2": page(["cus_c", "cus_d"], has_more=True, cursor="c3"),
    "c3": page(["cus_e"], has_more=False, cursor="c4"),
}


def serve_pages(server: ScriptedServer, pages: Dict[Optional[str], Any]) -> None:
    """Answer each list request with the page stored under its `cursor` query value."""

    def answer(request: Any) -> Reply:
        cursor = request.query.get("cursor", [None])[0]
        return Reply(200, json=pages[cursor])

    server.reply_with(answer)


def sent_cursors(server: ScriptedServer) -> List[Optional[str]]:
    return [request.query.get("cursor", [None])[0] for request in server.requests]


def ids(customers: Any) -> List[str]:
    return [c.express_customer_id for c in customers]


def test_iterating_a_page_yields_every_item_of_every_page(
    client: Any, server: ScriptedServer
) -> None:
    serve_pages(server, THREE_PAGES)

    assert ids(client.express.list(limit=2)) == [
        "cus_a",
        "cus_b",
        "cus_c",
        "cus_d",
        "cus_e",
    ]


def test_list_follows_cursor_until_has_more_is_false(
    client: Any, server: ScriptedServer
) -> None:
    serve_pages(server, THREE_PAGES)

    list(client.express.list(limit=2))

    assert sent_cursors(server) == [None, "c2", "c3"]  # "c4" is never asked for
    assert [request.query["limit"] for request in server.requests] == [
        ["2"],
        ["2"],
        ["2"],
    ]
    assert {request.path for request in server.requests} == {"/v1/express"}


def test_empty_page_stops_iteration_even_if_has_more_is_true(
    client: Any, server: ScriptedServer
) -> None:
    serve_pages(
        server,
        {
            None: page(["cus_a"], has_more=True, cursor="c2"),
            "c2": page([], has_more=True, cursor="c3"),
        },
    )

    assert ids(client.express.list()) == ["cus_a"]
    assert sent_cursors(server) == [None, "c2"]


def test_iter_pages_yields_each_page(client: Any, server: ScriptedServer) -> None:
    serve_pages(server, THREE_PAGES)

    pages = list(client.express.list(limit=2).iter_pages())

    assert [ids(p.express_customers) for p in pages] == [
        ["cus_a", "cus_b"],
        ["cus_c", "cus_d"],
        ["cus_e"],
    ]
    assert [(p.has_more, p.cursor) for p in pages] == [
        (True, "c2"),
        (True, "c3"),
        (False, "c4"),
    ]


@pytest.mark.parametrize(
    ("items", "has_more", "cursor", "expected"),
    [
        (["cus_a"], True, "c2", True),
        (["cus_a"], None, "c2", True),
        (["cus_a"], False, "c2", False),
        ([], True, "c2", False),
        (["cus_a"], True, "", False),
        (["cus_a"], True, None, False),
    ],
    ids=[
        "more",
        "has-more-missing",
        "has-more-false",
        "no-items",
        "empty-cursor",
        "no-cursor",
    ],
)
def test_has_next_page(
    client: Any,
    server: ScriptedServer,
    items: List[str],
    has_more: Optional[bool],
    cursor: Optional[str],
    expected: bool,
) -> None:
    server.reply(json=page(items, has_more=has_more, cursor=cursor))

    assert client.express.list().has_next_page() is expected


@pytest.mark.parametrize(
    ("items", "has_more", "cursor", "params"),
    [
        (["cus_a"], True, "c2", {"cursor": "c2"}),
        (["cus_a"], False, "c2", {"cursor": "c2"}),
        ([], True, "c2", {"cursor": "c2"}),
        (["cus_a"], True, "", None),
        (["cus_a"], True, None, None),
    ],
    ids=["more", "has-more-false", "no-items", "empty-cursor", "no-cursor"],
)
def test_next_page_info_looks_only_at_the_cursor(
    client: Any,
    server: ScriptedServer,
    items: List[str],
    has_more: Optional[bool],
    cursor: Optional[str],
    params: Optional[Dict[str, str]],
) -> None:
    server.reply(json=page(items, has_more=has_more, cursor=cursor))

    info = client.express.list().next_page_info()

    if params is None:
        assert info is None
    else:
        assert info.params == params


def test_get_next_page_repeats_the_request_with_the_new_cursor(
    client: Any, server: ScriptedServer
) -> None:
    serve_pages(server, THREE_PAGES)

    second = client.express.list(limit=2).get_next_page()

    assert ids(second.express_customers) == ["cus_c", "cus_d"]
    first_request, second_request = server.requests
    assert (second_request.method, second_request.path) == ("GET", "/v1/express")
    assert second_request.query == {"limit": ["2"], "cursor": ["c2"]}


def test_get_next_page_keeps_extra_headers_and_query(
    client: Any, server: ScriptedServer
) -> None:
    serve_pages(server, THREE_PAGES)

    client.express.list(
        limit=2, extra_headers={"X-Trace": "t-1"}, extra_query={"tenant": "t1"}
    ).get_next_page()

    second_request = server.requests[1]
    assert second_request.headers["x-trace"] == "t-1"
    assert second_request.query == {"limit": ["2"], "tenant": ["t1"], "cursor": ["c2"]}


def test_get_next_page_without_next_page_raises_runtime_error(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json=page(["cus_a"], has_more=False, cursor=None))
    last = client.express.list()

    with pytest.raises(RuntimeError) as raised:
        last.get_next_page()

    assert str(raised.value) == (
        "No next page expected; please check `.has_next_page()` before calling `.get_next_page()`."
    )
    assert len(server.requests) == 1
