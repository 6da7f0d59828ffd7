"""Every pagination style, sync and async, against the scripted server: the exact request that
fetches each next page, and the page after which iteration stops.

The SDK is that of tests/fixtures/specs/pagination.yaml (see pagination_sdks.py). The server
answers only the requests a scenario lists, keyed by path and query string; any other request
gets a 404, which the client raises. So a scenario passes only if the client asks for exactly
these pages, in this order, and then stops.
"""

from __future__ import annotations

import dataclasses
from typing import Any, AsyncIterator, Callable, Dict, Iterator, List, Tuple

import pytest

from .conftest import API_KEY
from .pagination_sdks import paginated
from .scripted_server import Reply, ScriptedServer

def things(*names: str) -> List[Dict[str, str]]:
    return [{"name": name} for name in names]


def customers(*ids: str) -> List[Dict[str, str]]:
    return [{"id": each} for each in ids]


@dataclasses.dataclass(frozen=True)
class Scenario:
    """A list call, the pages the server holds (by request target), and what the client must do."""

    resource: str
    kwargs: Dict[str, Any]
    pages: Dict[str, Any]  # "/v1/things?limit=2" → JSON body, or (JSON body, headers)
    items: List[str]  # the `name` (or `id`) of every item, in order
    requested: List[str]  # the request targets the client must send, in order


def _scenarios(base: str) -> Dict[str, Scenario]:
    """`base` is the server's URL, for pages that give absolute next URLs."""
    return {
        "cursor from a body field, until has_more is false": Scenario(
            "things",
            {"limit": 2},
            {
                "/v1/things?limit=2": {"data": things("a", "b"), "next_cursor": "c2", "has_more": True},
                "/v1/things?limit=2&cursor=c2": {"data": things("c", "d"), "next_cursor": "c3", "has_more": True},
                # A cursor is still given, but has_more says this is the last page.
                "/v1/things?limit=2&cursor=c3": {"data": things("e"), "next_cursor": "c4", "has_more": False},
            },
            ["a", "b", "c", "d", "e"],
            ["/v1/things?limit=2", "/v1/things?limit=2&cursor=c2", "/v1/things?limit=2&cursor=c3"],
        ),
        "cursor from a nested field, until it is null": Scenario(
            "events",
            {},
            {
                "/v1/events": {"events": things("a"), "meta": {"next": "t2"}},
                "/v1/events?page_token=t2": {"events": things("b"), "meta": {"next": None}},
            },
            ["a", "b"],
            ["/v1/events", "/v1/events?page_token=t2"],
        ),
        "starting_after the last item's id, until has_more is false": Scenario(
            "customers",
            {"limit": 2},
            {
                "/v1/customers?limit=2": {"object": "list", "data": customers("cus_1", "cus_2"), "has_more": True},
                "/v1/customers?limit=2&starting_after=cus_2": {"object": "list", "data": customers("cus_3", "cus_4"), "has_more": True},
                "/v1/customers?limit=2&starting_after=cus_4": {"object": "list", "data": customers("cus_5"), "has_more": False},
            },
            ["cus_1", "cus_2", "cus_3", "cus_4", "cus_5"],
            ["/v1/customers?limit=2", "/v1/customers?limit=2&starting_after=cus_2", "/v1/customers?limit=2&starting_after=cus_4"],
        ),
        "after the last item's id (x-speakeasy-pagination)": Scenario(
            "files",
            {},
            {
                "/v1/files": {"data": customers("f1", "f2"), "has_more": True},
                "/v1/files?after=f2": {"data": customers("f3"), "has_more": False},
            },
            ["f1", "f2", "f3"],
            ["/v1/files", "/v1/files?after=f2"],
        ),
        "offset + number of items, until the total is reached": Scenario(
            "records",
            {"limit": 2},
            {
                "/v1/records?limit=2": {"records": things("a", "b"), "total": 4},
                "/v1/records?limit=2&offset=2": {"records": things("c", "d"), "total": 4},
            },
            ["a", "b", "c", "d"],
            ["/v1/records?limit=2", "/v1/records?limit=2&offset=2"],
        ),
        "offset from where the call starts": Scenario(
            "records",
            {"offset": 10, "limit": 2},
            {
                "/v1/records?offset=10&limit=2": {"records": things("k", "l")},
                "/v1/records?offset=12&limit=2": {"records": things("m")},  # short: the last
            },
            ["k", "l", "m"],
            ["/v1/records?offset=10&limit=2", "/v1/records?offset=12&limit=2"],
        ),
        "offset (x-speakeasy-pagination), until a page is shorter than the limit": Scenario(
            "rows",
            {"take": 2},
            {
                "/v1/rows?take=2": {"rows": ["r1", "r2"]},
                "/v1/rows?take=2&skip=2": {"rows": ["r3"]},
            },
            ["r1", "r2", "r3"],
            ["/v1/rows?take=2", "/v1/rows?take=2&skip=2"],
        ),
        "offset with no limit sent, until a page is empty": Scenario(
            "rows",
            {},
            {
                "/v1/rows": {"rows": ["r1", "r2"]},
                "/v1/rows?skip=2": {"rows": []},
            },
            ["r1", "r2"],
            ["/v1/rows", "/v1/rows?skip=2"],
        ),
        "page number, until total_pages": Scenario(
            "users",
            {"per_page": 2},
            {
                "/v1/users?per_page=2": {"users": things("a", "b"), "page": 1, "total_pages": 3},
                "/v1/users?per_page=2&page=2": {"users": things("c", "d"), "page": 2, "total_pages": 3},
                "/v1/users?per_page=2&page=3": {"users": things("e", "f"), "page": 3, "total_pages": 3},
            },
            ["a", "b", "c", "d", "e", "f"],
            ["/v1/users?per_page=2", "/v1/users?per_page=2&page=2", "/v1/users?per_page=2&page=3"],
        ),
        "page number, until an empty page": Scenario(
            "users",
            {"page": 4},
            {
                "/v1/users?page=4": {"users": things("d")},
                "/v1/users?page=5": {"users": []},
            },
            ["d"],
            ["/v1/users?page=4", "/v1/users?page=5"],
        ),
        "page number (x-fern-pagination), until has_next is false": Scenario(
            "members",
            {},
            {
                "/v1/members": {"members": things("a"), "has_next": True},
                "/v1/members?page_number=2": {"members": things("b"), "has_next": False},
            },
            ["a", "b"],
            ["/v1/members", "/v1/members?page_number=2"],
        ),
        "a relative next_page_uri, followed as it is": Scenario(
            "messages",
            {"page_size": 2},
            {
                "/v1/messages?PageSize=2": {"messages": things("a", "b"), "next_page_uri": "/v1/messages?PageSize=2&Page=1&PageToken=PA2"},
                "/v1/messages?PageSize=2&Page=1&PageToken=PA2": {"messages": things("c"), "next_page_uri": None},
            },
            ["a", "b", "c"],
            ["/v1/messages?PageSize=2", "/v1/messages?PageSize=2&Page=1&PageToken=PA2"],
        ),
        "an absolute next URL in a nested field (x-speakeasy-pagination)": Scenario(
            "articles",
            {},
            {
                "/v1/articles": {"items": things("a"), "links": {"next": f"{base}/v1/articles?cursor=x%2By"}},
                "/v1/articles?cursor=x%2By": {"items": things("b"), "links": {"next": "articles?cursor=z"}},
                "/v1/articles?cursor=z": {"items": things("c"), "links": {}},
            },
            ["a", "b", "c"],
            ["/v1/articles", "/v1/articles?cursor=x%2By", "/v1/articles?cursor=z"],
        ),
        "the Link header's rel=next, until there is none": Scenario(
            "repos",
            {"per_page": 2},
            {
                "/v1/repos?per_page=2": (
                    things("a", "b"),
                    {"Link": f'<{base}/v1/repos?per_page=2&page=2>; rel="next", <{base}/v1/repos?per_page=2&page=3>; rel="last"'},
                ),
                # Relative, with the rel among others and a quoted comma in a parameter.
                "/v1/repos?per_page=2&page=2": (
                    things("c", "d"),
                    {"Link": '</v1/repos?per_page=2&page=1>; rel="prev first"; title="a, b", </v1/repos?per_page=2&page=3>; rel="last next"'},
                ),
                "/v1/repos?per_page=2&page=3": (things("e"), {"Link": "</v1/repos?per_page=2&page=1>; rel=first"}),
            },
            ["a", "b", "c", "d", "e"],
            ["/v1/repos?per_page=2", "/v1/repos?per_page=2&page=2", "/v1/repos?per_page=2&page=3"],
        ),
        "a cursor from a nested object (x-fern-pagination), until it is null": Scenario(
            "orders",
            {},
            {
                "/v1/orders": {"data": things("a"), "next": {"starting_after": "o1"}},
                "/v1/orders?starting_after=o1": {"data": things("b"), "next": None},
            },
            ["a", "b"],
            ["/v1/orders", "/v1/orders?starting_after=o1"],
        ),
    }


SCENARIOS = sorted(_scenarios("http://x"))


def serve(server: ScriptedServer, scenario: Scenario) -> None:
    def answer(request: Any) -> Reply:
        target = request.path + ("?" + request.query_string if request.query_string else "")
        if target not in scenario.pages:
            return Reply(404, json={"error": f"no page at {target}"})
        page = scenario.pages[target]
        body, headers = page if isinstance(page, tuple) else (page, {})
        return Reply(200, json=body, headers=headers)

    server.reply_with(answer)


def targets(server: ScriptedServer) -> List[str]:
    return [r.path + ("?" + r.query_string if r.query_string else "") for r in server.requests]


def label(item: Any) -> str:
    if isinstance(item, str):
        return item
    return str(getattr(item, "name", None) or item.id)


@pytest.fixture
def scenario(request: pytest.FixtureRequest, server: ScriptedServer) -> Scenario:
    chosen = _scenarios(server.url)[request.param]
    serve(server, chosen)
    return chosen


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[Any]:
    with paginated().Paginated(api_key=API_KEY, base_url=f"{server.url}/v1", max_retries=0) as made:
        yield made


@pytest.fixture
async def async_client(server: ScriptedServer) -> AsyncIterator[Any]:
    async with paginated().AsyncPaginated(api_key=API_KEY, base_url=f"{server.url}/v1", max_retries=0) as made:
        yield made


def call(client: Any, scenario: Scenario) -> Any:
    return getattr(client, scenario.resource).list(**scenario.kwargs)


@pytest.mark.parametrize("scenario", SCENARIOS, indirect=True)
def test_iterating_requests_each_next_page_then_stops(client: Any, server: ScriptedServer, scenario: Scenario) -> None:
    assert [label(item) for item in call(client, scenario)] == scenario.items
    assert targets(server) == scenario.requested


@pytest.mark.parametrize("scenario", SCENARIOS, indirect=True)
def test_pages_by_hand_with_has_next_page_and_get_next_page(client: Any, server: ScriptedServer, scenario: Scenario) -> None:
    page = call(client, scenario)
    seen: List[str] = []
    while True:
        seen.extend(label(item) for item in page._page_items())
        if not page.has_next_page():
            break
        page = page.get_next_page()
    assert seen == scenario.items
    assert targets(server) == scenario.requested
    assert page.next_page_info() is None or not page.has_next_page()


@pytest.mark.parametrize("scenario", SCENARIOS, indirect=True)
@pytest.mark.anyio
async def test_async_for_requests_each_next_page_then_stops(async_client: Any, server: ScriptedServer, scenario: Scenario) -> None:
    assert [label(item) async for item in call(async_client, scenario)] == scenario.items
    assert targets(server) == scenario.requested


@pytest.mark.parametrize("scenario", SCENARIOS, indirect=True)
@pytest.mark.anyio
async def test_async_iter_pages_yields_each_page_once(async_client: Any, server: ScriptedServer, scenario: Scenario) -> None:
    first = await call(async_client, scenario)
    pages = [page async for page in first.iter_pages()]
    assert len(pages) == len(scenario.requested)
    assert [label(item) for page in pages for item in page._page_items()] == scenario.items
    assert targets(server) == scenario.requested


def test_page_items_are_typed_fields_named_as_the_response_names_them(client: Any, server: ScriptedServer) -> None:
    chosen = _scenarios(server.url)["starting_after the last item's id, until has_more is false"]
    serve(server, chosen)
    page = client.customers.list(limit=2)
    assert isinstance(page, paginated().pagination.SyncItemCursorData)
    assert [c.id for c in page.data] == ["cus_1", "cus_2"]
    assert (page.has_more, page.object_) == (True, "list")


def test_a_page_that_is_an_array_keeps_it_as_items(client: Any, server: ScriptedServer) -> None:
    chosen = _scenarios(server.url)["the Link header's rel=next, until there is none"]
    serve(server, chosen)
    page = client.repos.list(per_page=2)
    assert [repo.name for repo in page.items] == ["a", "b"]
    assert page.next_page_info().url == f"{server.url}/v1/repos?per_page=2&page=2"


@pytest.mark.parametrize(
    ("resource", "first", "again"),
    [
        ("things", {"data": things("a"), "next_cursor": "c1", "has_more": True}, "/v1/things?cursor=c1"),
        ("messages", {"messages": things("a"), "next_page_uri": "/v1/messages?Page=1"}, "/v1/messages?Page=1"),
    ],
)
def test_a_page_pointing_back_at_itself_ends_the_list(client: Any, server: ScriptedServer, resource: str, first: Any, again: str) -> None:
    server.reply(200, json=first)
    server.reply(200, json=first)  # the API repeats itself: same cursor, same URL
    assert [label(item) for item in getattr(client, resource).list()] == ["a", "a"]
    assert targets(server) == [targets(server)[0], again]


def test_an_array_page_whose_items_do_not_match_the_spec_is_still_a_page(client: Any, server: ScriptedServer) -> None:
    link = {"Link": f'<{server.url}/v1/repos?page=2>; rel="next"'}
    server.reply(200, json=[{"name": "a"}, {"stars": 3}], headers=link)  # `name` is required
    server.reply(200, json=[{"name": "c"}])
    page = client.repos.list()
    assert [getattr(repo, "name", None) for repo in page.items] == ["a", None]
    assert page.has_next_page()
    assert [getattr(repo, "name", None) for repo in page] == ["a", None, "c"]
