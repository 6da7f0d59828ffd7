"""`await client.express.with_raw_response.<method>()`: the HTTP response next to the parsed result."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import avara
from .async_helpers import async_client, make_async_client  # noqa: F401  (fixtures)
from .payloads import CUSTOMER_ID, OPERATIONS, USER_ID, Operation, customer
from .scripted_server import ScriptedServer

pytestmark = pytest.mark.anyio


async def test_raw_response_exposes_status_headers_and_request(async_client: Any, server: ScriptedServer) -> None:
    server.reply(json=customer(), headers={"X-Request-Id": "req_1"})

    raw = await async_client.express.with_raw_response.retrieve(CUSTOMER_ID)

    assert isinstance(raw, avara.AsyncAPIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req_1"
    assert isinstance(raw.http_request, httpx.Request)
    assert (raw.http_request.method, raw.http_request.url.path) == ("GET", f"/v1/express/{CUSTOMER_ID}")
    assert raw.retries_taken == 0


async def test_raw_response_parse_returns_the_model(async_client: Any, server: ScriptedServer) -> None:
    server.reply(201, json=customer(expressCustomerName="Created"))

    raw = await async_client.express.with_raw_response.create(express_customer_name="Created")

    assert raw.status_code == 201
    assert (await raw.parse()).express_customer_name == "Created"
    assert await raw.parse() is await raw.parse()  # decoded once
    assert (await raw.json())["expressCustomerName"] == "Created"


async def test_client_level_raw_response_reaches_the_nested_users_resource(
    async_client: Any, server: ScriptedServer
) -> None:
    server.reply(json={"success": True, "message": "User added to Express customer"})

    raw = await async_client.with_raw_response.express.users.add(CUSTOMER_ID, user_id=USER_ID)

    assert (await raw.parse()).success is True
    assert server.last_request.json == {"userId": USER_ID}


async def test_raw_response_errors_raise_like_plain_calls(async_client: Any, server: ScriptedServer) -> None:
    server.reply(404, json={"message": "gone"})

    with pytest.raises(avara.NotFoundError):
        await async_client.express.with_raw_response.retrieve(CUSTOMER_ID)


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
async def test_every_operation_has_a_raw_response_twin(
    async_client: Any, server: ScriptedServer, operation: Operation
) -> None:
    server.reply(operation.status, json=operation.reply)

    raw = await operation.call(async_client.express.with_raw_response)

    assert (server.last_request.method, server.last_request.path) == (operation.method, operation.path)
    assert raw.status_code == operation.status
    assert await raw.parse() is not None
