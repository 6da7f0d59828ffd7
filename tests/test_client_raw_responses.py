"""`with_raw_response`: the HTTP response next to the parsed result."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .scripted_server import ScriptedServer
from .payloads import CUSTOMER_ID, OPERATIONS, USER_ID, Operation, customer


def test_raw_response_exposes_status_headers_and_request(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json=customer(), headers={"X-Request-Id": "req_1"})

    raw = client.express.with_raw_response.retrieve(CUSTOMER_ID)

    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req_1"
    assert isinstance(raw.http_request, httpx.Request)
    assert raw.http_request.method == "GET"
    assert raw.http_request.url.path == f"/v1/express/{CUSTOMER_ID}"
    assert raw.retries_taken == 0


def test_raw_response_parse_returns_the_model(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(201, json=customer(expressCustomerName="Created"))

    raw = client.express.with_raw_response.create(express_customer_name="Created")

    assert raw.status_code == 201
    assert raw.parse().express_customer_name == "Created"


def test_raw_response_counts_retries_taken(
    make_client: Any, server: ScriptedServer
) -> None:
    client = make_client(max_retries=2)
    server.reply(503, headers={"retry-after-ms": "1"}, times=2)
    server.reply(json=customer())

    raw = client.express.with_raw_response.retrieve(CUSTOMER_ID)

    assert raw.retries_taken == 2
    assert raw.parse().express_customer_id == CUSTOMER_ID


def test_raw_response_reaches_the_nested_users_resource(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json={"success": True, "message": "User added to Express customer"})

    raw = client.express.with_raw_response.users.add(CUSTOMER_ID, user_id=USER_ID)

    assert raw.status_code == 200
    assert raw.parse().success is True
    assert server.last_request.json == {"userId": USER_ID}


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_every_operation_has_a_raw_response_twin(
    client: Any, server: ScriptedServer, operation: Operation
) -> None:
    server.reply(operation.status, json=operation.reply)

    raw = operation.call(client.express.with_raw_response)

    assert (server.last_request.method, server.last_request.path) == (
        operation.method,
        operation.path,
    )
    assert raw.status_code == operation.status
    assert raw.parse() is not None
