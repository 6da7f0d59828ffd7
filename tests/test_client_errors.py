"""Errors: one class per status, the hierarchy users catch, and the messages users match on."""

from __future__ import annotations

from typing import Any, Type

import httpx
import pytest

import avara
from .scripted_server import ScriptedServer, closed_port
from .payloads import CUSTOMER_ID

NOT_FOUND = {"error": "not_found", "message": "Express customer not found"}


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, avara.BadRequestError),
        (401, avara.AuthenticationError),
        (403, avara.PermissionDeniedError),
        (404, avara.NotFoundError),
        (409, avara.ConflictError),
        (422, avara.UnprocessableEntityError),
        (429, avara.RateLimitError),
        (500, avara.InternalServerError),
        (502, avara.InternalServerError),
        (503, avara.InternalServerError),
        (599, avara.InternalServerError),
        (402, avara.APIStatusError),
        (418, avara.APIStatusError),
    ],
)
def test_error_status_raises_its_error_class(
    client: Any, server: ScriptedServer, status: int, error_class: Type[Exception]
) -> None:
    server.reply(status, json={"error": "e", "message": "m"})

    with pytest.raises(avara.APIStatusError) as raised:
        client.express.retrieve(CUSTOMER_ID)

    assert type(raised.value) is error_class
    assert raised.value.status_code == status


@pytest.mark.parametrize(
    "error_class",
    [
        avara.BadRequestError,
        avara.AuthenticationError,
        avara.PermissionDeniedError,
        avara.NotFoundError,
        avara.ConflictError,
        avara.UnprocessableEntityError,
        avara.RateLimitError,
        avara.InternalServerError,
    ],
)
def test_status_errors_descend_from_api_status_error(
    error_class: Type[Exception],
) -> None:
    assert issubclass(error_class, avara.APIStatusError)


def test_error_hierarchy_roots_at_avara_error() -> None:
    assert issubclass(avara.AvaraError, Exception)
    assert issubclass(avara.APIError, avara.AvaraError)
    assert issubclass(avara.APIStatusError, avara.APIError)
    assert issubclass(avara.APIConnectionError, avara.APIError)
    assert issubclass(avara.APITimeoutError, avara.APIConnectionError)


def test_status_error_carries_status_code_response_and_parsed_body(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(404, json=NOT_FOUND, headers={"X-Request-Id": "req_1"})

    with pytest.raises(avara.NotFoundError) as raised:
        client.express.retrieve(CUSTOMER_ID)

    error = raised.value
    assert error.status_code == 404
    assert isinstance(error.response, httpx.Response)
    assert error.response.headers["x-request-id"] == "req_1"
    assert error.body == NOT_FOUND


def test_json_error_body_message_shows_code_and_parsed_body(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(404, json=NOT_FOUND)

    with pytest.raises(avara.NotFoundError) as raised:
        client.express.retrieve(CUSTOMER_ID)

    assert str(raised.value) == f"Error code: 404 - {NOT_FOUND!r}"
    assert (
        str(raised.value)
        == "Error code: 404 - {'error': 'not_found', 'message': 'Express customer not found'}"
    )


def test_text_error_body_message_is_the_text_itself(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(
        502, body="upstream unavailable", headers={"Content-Type": "text/plain"}
    )

    with pytest.raises(avara.InternalServerError) as raised:
        client.express.retrieve(CUSTOMER_ID)

    assert str(raised.value) == "upstream unavailable"
    assert raised.value.body == "upstream unavailable"


@pytest.mark.parametrize("body", ["", " \r\n "])
def test_empty_error_body_is_an_empty_string_and_the_message_just_the_code(
    client: Any, server: ScriptedServer, body: str
) -> None:
    server.reply(500, body=body)

    with pytest.raises(avara.InternalServerError) as raised:
        client.express.retrieve(CUSTOMER_ID)

    assert str(raised.value) == "Error code: 500"
    assert raised.value.message == "Error code: 500"
    assert raised.value.body == ""  # the response text, stripped, as the official client has it


def test_unreachable_server_raises_connection_error(make_client: Any) -> None:
    client = make_client(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=0)

    with pytest.raises(avara.APIConnectionError) as raised:
        client.express.retrieve(CUSTOMER_ID)

    assert type(raised.value) is avara.APIConnectionError
    assert str(raised.value) == "Connection error."
