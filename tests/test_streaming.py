"""`with_streaming_response`: a context manager whose body is read only on demand, released on exit."""

from __future__ import annotations

from typing import Any, Callable, List

import httpx
import pytest

import avara
from .async_helpers import async_client, make_async_client  # noqa: F401  (fixtures)
from .payloads import CUSTOMER_ID, OPERATIONS, USER_ID, Operation, customer
from .scripted_server import ScriptedServer

MakeClient = Callable[..., Any]


# -- sync -------------------------------------------------------------------------------------


def test_body_is_not_read_until_parse(client: Any, server: ScriptedServer) -> None:
    server.reply(json=customer(), headers={"X-Request-Id": "req_1"})

    with client.express.with_streaming_response.retrieve(CUSTOMER_ID) as response:
        assert isinstance(response, avara.APIResponse)
        assert response.status_code == 200
        assert response.headers["x-request-id"] == "req_1"
        assert not response.http_response.is_stream_consumed
        assert not response.is_closed

        result = response.parse()

        assert result.express_customer_id == CUSTOMER_ID
        assert response.http_response.is_stream_consumed


def test_body_can_be_read_in_chunks(client: Any, server: ScriptedServer) -> None:
    server.reply(body=b"x" * 5000, headers={"Content-Type": "application/octet-stream"})

    with client.express.with_streaming_response.retrieve(CUSTOMER_ID) as response:
        chunks = list(response.iter_bytes(chunk_size=1000))

    assert chunks == [b"x" * 1000] * 5


def test_read_returns_the_whole_body(client: Any, server: ScriptedServer) -> None:
    server.reply(body=b"x" * 5000, headers={"Content-Type": "application/octet-stream"})

    with client.express.with_streaming_response.retrieve(CUSTOMER_ID) as response:
        assert response.read() == b"x" * 5000


def test_connection_is_released_on_exit_without_reading(make_client: MakeClient, server: ScriptedServer) -> None:
    # One connection in the pool: a response that kept it would make the next call wait forever.
    http_client = httpx.Client(limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5.0, pool=1.0))
    client = make_client(http_client=http_client, max_retries=0)
    server.reply(json=customer(), times=2)

    with client.express.with_streaming_response.retrieve(CUSTOMER_ID) as response:
        pass
    assert response.is_closed
    assert client.express.retrieve(CUSTOMER_ID).express_customer_id == CUSTOMER_ID
    http_client.close()


def test_request_is_sent_on_entering_the_block(client: Any, server: ScriptedServer) -> None:
    server.reply(json=customer())

    streaming = client.express.with_streaming_response.retrieve(CUSTOMER_ID)
    assert server.requests == []
    with streaming as response:
        assert len(server.requests) == 1
        assert response.parse().express_customer_id == CUSTOMER_ID


def test_error_status_raises_on_entry_with_its_body_read(client: Any, server: ScriptedServer) -> None:
    server.reply(404, json={"message": "gone"})

    with pytest.raises(avara.NotFoundError) as raised:
        with client.express.with_streaming_response.retrieve(CUSTOMER_ID):
            pass

    assert str(raised.value) == "Error code: 404 - {'message': 'gone'}"


def test_client_level_streaming_reaches_nested_resources(client: Any, server: ScriptedServer) -> None:
    server.reply(json={"success": True})

    with client.with_streaming_response.express.users.add(CUSTOMER_ID, user_id=USER_ID) as response:
        assert response.parse().success is True

    assert server.last_request.json == {"userId": USER_ID}


def test_streamed_list_parses_to_a_page_that_follows_the_cursor(client: Any, server: ScriptedServer) -> None:
    server.reply(json={"expressCustomers": [customer(expressCustomerId="a")], "hasMore": True, "cursor": "c2"})
    server.reply(json={"expressCustomers": [customer(expressCustomerId="b")], "hasMore": False})

    with client.express.with_streaming_response.list(limit=1) as response:
        first = response.parse()
    assert [c.express_customer_id for c in first] == ["a", "b"]


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_every_operation_has_a_streaming_twin(client: Any, server: ScriptedServer, operation: Operation) -> None:
    server.reply(operation.status, json=operation.reply)

    with operation.call(client.express.with_streaming_response) as response:
        assert response.status_code == operation.status
        assert response.parse() is not None

    assert (server.last_request.method, server.last_request.path) == (operation.method, operation.path)


# -- async ------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_body_is_not_read_until_parse(async_client: Any, server: ScriptedServer) -> None:
    server.reply(json=customer())

    async with async_client.express.with_streaming_response.retrieve(CUSTOMER_ID) as response:
        assert isinstance(response, avara.AsyncAPIResponse)
        assert not response.http_response.is_stream_consumed

        result = await response.parse()

        assert result.express_customer_id == CUSTOMER_ID
        assert response.http_response.is_stream_consumed
    assert response.is_closed


@pytest.mark.anyio
async def test_async_body_can_be_read_in_chunks_or_whole(async_client: Any, server: ScriptedServer) -> None:
    server.reply(body=b"y" * 5000, headers={"Content-Type": "application/octet-stream"}, times=2)

    async with async_client.express.with_streaming_response.retrieve(CUSTOMER_ID) as response:
        chunks: List[bytes] = [chunk async for chunk in response.iter_bytes(chunk_size=1000)]
    async with async_client.express.with_streaming_response.retrieve(CUSTOMER_ID) as response:
        whole = await response.read()

    assert b"".join(chunks) == whole == b"y" * 5000
    assert len(chunks) == 5


@pytest.mark.anyio
async def test_async_connection_is_released_on_exit_without_reading(
    make_async_client: MakeClient, server: ScriptedServer
) -> None:
    http_client = httpx.AsyncClient(limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5.0, pool=1.0))
    client = make_async_client(http_client=http_client, max_retries=0)
    server.reply(json=customer(), times=2)

    async with client.express.with_streaming_response.retrieve(CUSTOMER_ID) as response:
        pass
    assert response.is_closed
    assert (await client.express.retrieve(CUSTOMER_ID)).express_customer_id == CUSTOMER_ID
    await http_client.aclose()


@pytest.mark.anyio
async def test_async_error_status_raises_on_entry(async_client: Any, server: ScriptedServer) -> None:
    server.reply(500, body="broken")

    with pytest.raises(avara.InternalServerError) as raised:
        async with async_client.with_streaming_response.express.retrieve(CUSTOMER_ID):
            pass

    assert str(raised.value) == "broken"


@pytest.mark.anyio
@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
async def test_every_async_operation_has_a_streaming_twin(
    async_client: Any, server: ScriptedServer, operation: Operation
) -> None:
    server.reply(operation.status, json=operation.reply)

    async with operation.call(async_client.express.with_streaming_response) as response:
        assert response.status_code == operation.status
        assert await response.parse() is not None

    assert (server.last_request.method, server.last_request.path) == (operation.method, operation.path)
