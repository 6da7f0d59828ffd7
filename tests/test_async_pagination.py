"""`AsyncAvara` pagination: `await list()` is the first page, `async for` walks every item of every page."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest

from avara.pagination import AsyncCursorExpressCustomers
from .async_helpers import async_client, make_async_client  # noqa: F401  (fixtures)
from .payloads import page
from .scripted_server import Reply, ScriptedServer
from .test_client_pagination import THREE_PAGES, sent_cursors, serve_pages

pytestmark = pytest.mark.anyio


def ids(customers: Any) -> List[str]:
    return [c.express_customer_id for c in customers]


async def test_awaiting_list_gives_the_first_page(async_client: Any, server: ScriptedServer) -> None:
    serve_pages(server, THREE_PAGES)

    first = await async_client.express.list(limit=2)

    assert isinstance(first, AsyncCursorExpressCustomers)
    assert ids(first.express_customers) == ["cus_a", "cus_b"]
    assert (first.has_more, first.cursor) == (True, "c2")
    assert sent_cursors(server) == [None]


async def test_list_is_not_requested_until_awaited_or_iterated(async_client: Any, server: ScriptedServer) -> None:
    async_client.express.list(limit=2)

    assert server.requests == []


async def test_async_for_over_list_yields_every_item_of_every_page(
    async_client: Any, server: ScriptedServer
) -> None:
    serve_pages(server, THREE_PAGES)

    found = [c.express_customer_id async for c in async_client.express.list(limit=2)]

    assert found == ["cus_a", "cus_b", "cus_c", "cus_d", "cus_e"]
    assert sent_cursors(server) == [None, "c2", "c3"]  # "c4" is never asked for
    assert [r.query.get("limit") for r in server.requests] == [["2"]] * 3


async def test_async_for_over_a_page_yields_the_items_of_it_and_the_following_pages(
    async_client: Any, server: ScriptedServer
) -> None:
    serve_pages(server, THREE_PAGES)
    first = await async_client.express.list(limit=2)

    assert [c.express_customer_id async for c in first] == ["cus_a", "cus_b", "cus_c", "cus_d", "cus_e"]


async def test_iter_pages_yields_each_page(async_client: Any, server: ScriptedServer) -> None:
    serve_pages(server, THREE_PAGES)
    first = await async_client.express.list(limit=2)

    pages = [p async for p in first.iter_pages()]

    assert [ids(p.express_customers) for p in pages] == [["cus_a", "cus_b"], ["cus_c", "cus_d"], ["cus_e"]]
    assert pages[0] is first


async def test_get_next_page_repeats_the_request_with_the_new_cursor(
    async_client: Any, server: ScriptedServer
) -> None:
    serve_pages(server, THREE_PAGES)
    first = await async_client.express.list(limit=2, extra_headers={"X-Trace": "t-1"})

    second = await first.get_next_page()

    assert isinstance(second, AsyncCursorExpressCustomers)
    assert ids(second.express_customers) == ["cus_c", "cus_d"]
    assert server.last_request.query == {"limit": ["2"], "cursor": ["c2"]}
    assert server.last_request.headers["x-trace"] == "t-1"


async def test_get_next_page_without_next_page_raises_runtime_error(
    async_client: Any, server: ScriptedServer
) -> None:
    server.reply(json=page(["cus_a"], has_more=False, cursor=None))
    only = await async_client.express.list()

    with pytest.raises(RuntimeError) as raised:
        await only.get_next_page()

    assert str(raised.value) == (
        "No next page expected; please check `.has_next_page()` before calling `.get_next_page()`."
    )
    assert len(server.requests) == 1


async def test_empty_page_stops_iteration_even_if_has_more_is_true(
    async_client: Any, server: ScriptedServer
) -> None:
    serve_pages(
        server,
        {
            None: page(["cus_a"], has_more=True, cursor="c2"),
            "c2": page([], has_more=True, cursor="c3"),
        },
    )

    assert [c.express_customer_id async for c in async_client.express.list()] == ["cus_a"]
    assert sent_cursors(server) == [None, "c2"]


@pytest.mark.parametrize(
    ("items", "has_more", "cursor", "expected", "params"),
    [
        (["cus_a"], True, "c2", True, {"cursor": "c2"}),
        (["cus_a"], None, "c2", True, {"cursor": "c2"}),
        (["cus_a"], False, "c2", False, {"cursor": "c2"}),
        ([], True, "c2", False, {"cursor": "c2"}),
        (["cus_a"], True, "", False, None),
        (["cus_a"], True, None, False, None),
    ],
    ids=["more", "has-more-missing", "has-more-false", "no-items", "empty-cursor", "no-cursor"],
)
async def test_has_next_page_and_next_page_info(
    async_client: Any,
    server: ScriptedServer,
    items: List[str],
    has_more: Optional[bool],
    cursor: Optional[str],
    expected: bool,
    params: Optional[Dict[str, str]],
) -> None:
    server.reply(json=page(items, has_more=has_more, cursor=cursor))

    first = await async_client.express.list()

    assert first.has_next_page() is expected
    info = first.next_page_info()
    assert (info.params if info else None) == params


async def test_a_raw_list_response_parses_to_a_page_that_follows_the_cursor(
    async_client: Any, server: ScriptedServer
) -> None:
    serve_pages(server, THREE_PAGES)

    raw = await async_client.express.with_raw_response.list(limit=2)
    first = await raw.parse()

    assert raw.status_code == 200
    assert ids([c async for c in first]) == ["cus_a", "cus_b", "cus_c", "cus_d", "cus_e"]


async def test_pages_are_fetched_by_the_client_that_fetched_the_first(
    async_client: Any, server: ScriptedServer
) -> None:
    def answer(request: Any) -> Reply:
        return Reply(200, json=THREE_PAGES[request.query.get("cursor", [None])[0]])

    server.reply_with(answer)
    tagged = async_client.with_options(default_headers={"X-Client": "tagged"})

    [c async for c in tagged.express.list(limit=2)]

    assert {r.headers.get("x-client") for r in server.requests} == {"tagged"}
