"""Following a next URL (from the body or a `Link` header): credentials go only to the API's
origin, and `Link` headers are parsed as RFC 8288 writes them."""

from __future__ import annotations

from typing import Any, Dict, Iterator, List, Tuple

import pytest

from .conftest import API_KEY
from .pagination_sdks import paginated
from .scripted_server import Reply, ScriptedServer


@pytest.fixture
def elsewhere() -> Iterator[ScriptedServer]:
    """A second server: another port of 127.0.0.1 is another origin."""
    other = ScriptedServer()
    other.start()
    yield other
    other.stop()


def test_a_next_url_on_another_origin_gets_no_credentials(server: ScriptedServer, elsewhere: ScriptedServer) -> None:
    server.reply(200, json={"items": [{"name": "a"}], "links": {"next": f"{elsewhere.url}/v1/articles?cursor=2"}})
    elsewhere.reply(200, json={"items": [{"name": "b"}], "links": {"next": f"{server.url}/v1/articles?cursor=3"}})
    server.reply(200, json={"items": [{"name": "c"}], "links": {}})
    with paginated().Paginated(
        api_key=API_KEY, base_url=f"{server.url}/v1", max_retries=0, default_headers={"X-Api-Key": "second-secret", "X-Trace": "t1"}
    ) as client:
        names = [article.name for article in client.articles.list(extra_headers={"Cookie": "session=1"})]

    assert names == ["a", "b", "c"]
    first, back = server.requests
    (away,) = elsewhere.requests
    for own in (first, back):
        assert own.headers["authorization"] == f"Bearer {API_KEY}"
        assert (own.headers["x-api-key"], own.headers["cookie"]) == ("second-secret", "session=1")
    assert away.query_string == "cursor=2"
    assert not {"authorization", "x-api-key", "cookie"} & set(away.headers)
    assert away.headers["x-trace"] == "t1"  # headers that carry no credential still go


def test_a_link_header_to_another_origin_gets_no_credentials(server: ScriptedServer, elsewhere: ScriptedServer) -> None:
    server.reply(200, json=[{"name": "a"}], headers={"Link": f'<{elsewhere.url}/repos?page=2>; rel="next"'})
    elsewhere.reply(200, json=[{"name": "b"}])
    with paginated().Paginated(api_key=API_KEY, base_url=f"{server.url}/v1", max_retries=0) as client:
        assert [repo.name for repo in client.repos.list()] == ["a", "b"]
    assert elsewhere.last_request.path == "/repos"
    assert "authorization" not in elsewhere.last_request.headers


@pytest.mark.anyio
async def test_async_pages_follow_a_next_url_without_credentials_elsewhere(server: ScriptedServer, elsewhere: ScriptedServer) -> None:
    server.reply(200, json={"messages": [{"name": "a"}], "next_page_uri": f"{elsewhere.url}/2010/Messages.json?Page=1"})
    elsewhere.reply(200, json={"messages": [{"name": "b"}], "next_page_uri": None})
    async with paginated().AsyncPaginated(api_key=API_KEY, base_url=f"{server.url}/v1", max_retries=0) as client:
        assert [m.name async for m in client.messages.list()] == ["a", "b"]
    assert (elsewhere.last_request.path, elsewhere.last_request.query_string) == ("/2010/Messages.json", "Page=1")
    assert "authorization" not in elsewhere.last_request.headers
    assert server.last_request.headers["authorization"] == f"Bearer {API_KEY}"


LinkList = List[Tuple[str, Dict[str, str]]]


@pytest.mark.parametrize(
    ("header", "links"),
    [
        ('<https://a.test/p?page=2>; rel="next"', [("https://a.test/p?page=2", {"rel": "next"})]),
        (
            '<https://a.test/p?page=2>; rel="next", <https://a.test/p?page=9>; rel="last"',
            [("https://a.test/p?page=2", {"rel": "next"}), ("https://a.test/p?page=9", {"rel": "last"})],
        ),
        # Commas inside the target and inside quoted values do not split links.
        (
            '<https://a.test/p?ids=1,2>; title="one, two"; rel=next,</p?x=1>;rel=prev',
            [("https://a.test/p?ids=1,2", {"title": "one, two", "rel": "next"}), ("/p?x=1", {"rel": "prev"})],
        ),
        # Parameter names are case-insensitive; escaped quotes are unescaped; the first of a repeated name wins.
        ('<u>; REL="next"; title="say \\"hi\\""; rel=last', [("u", {"rel": "next", "title": 'say "hi"'})]),
        ('<u>; rel="prev next"', [("u", {"rel": "prev next"})]),
        ("", []),
        ("not a link", []),
    ],
)
def test_link_headers_are_parsed_as_rfc_8288_writes_them(header: str, links: LinkList) -> None:
    from paginated._pages import parse_link_header

    assert parse_link_header(header) == links


def test_the_next_link_is_found_among_several_rels(server: ScriptedServer) -> None:
    server.reply(200, json=[{"name": "a"}], headers={"Link": '</v1/repos?page=1>; rel="first prev", </v1/repos?page=3>; rel="NEXT last"'})
    server.reply_with(lambda request: Reply(200, json=[]))
    with paginated().Paginated(api_key=API_KEY, base_url=f"{server.url}/v1", max_retries=0) as client:
        page: Any = client.repos.list()
        assert page.next_page_info().url == f"{server.url}/v1/repos?page=3"
        assert page.get_next_page().items == []
