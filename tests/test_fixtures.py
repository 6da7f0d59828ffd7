"""The test fixtures themselves: what the scripted server records, and that Prism serves the spec."""

from __future__ import annotations

import httpx

from .scripted_server import ScriptedServer


def test_scripted_server_records_requests_and_answers_in_order(
    server: ScriptedServer,
) -> None:
    server.reply(201, json={"ok": True}, headers={"X-Extra": "1"})
    server.reply(500, body="boom", delay=0.05)

    with httpx.Client(base_url=server.url) as http:
        first = http.post(
            "/v1/express%2Fx?limit=2&flag=true",
            json={"a": None},
            headers={"X-Test": "yes"},
        )
        second = http.get("/v1/express")
        third = http.get("/v1/express")

    assert (first.status_code, first.json(), first.headers["x-extra"]) == (
        201,
        {"ok": True},
        "1",
    )
    assert (second.status_code, second.text) == (500, "boom")
    assert third.status_code == 418  # nothing left to answer with
    posted = server.requests[0]
    assert posted.method == "POST"
    assert posted.path == "/v1/express%2Fx"
    assert posted.query_string == "limit=2&flag=true"
    assert posted.query == {"limit": ["2"], "flag": ["true"]}
    assert posted.headers["x-test"] == "yes"
    assert posted.body.replace(b" ", b"") == b'{"a":null}'
    assert posted.json == {"a": None}
    assert len(server.requests) == 3


def test_scripted_server_keeps_connections_alive_and_sees_them_close(
    server: ScriptedServer,
) -> None:
    server.reply(200, json=1, times=2)
    with httpx.Client() as http:
        http.get(server.url)
        http.get(server.url)
        assert server.open_connections == 1
    assert server.wait_for_open_connections(0) == 0


def test_scripted_server_answers_with_handler_when_queue_is_empty(
    server: ScriptedServer,
) -> None:
    from .scripted_server import Reply

    server.reply_with(lambda request: Reply(200, json={"echo": request.query}))
    assert httpx.get(f"{server.url}/x?cursor=c2").json() == {"echo": {"cursor": ["c2"]}}


def test_prism_serves_the_express_spec(prism: str) -> None:
    response = httpx.get(f"{prism}/v1/express", headers={"Authorization": "Bearer k"})
    assert response.status_code == 200
    assert "expressCustomers" in response.json()
