"""Timeouts: per client and per call; a timeout is retried, and one that outlasts the retries is raised."""

from __future__ import annotations

from typing import Any, List

import httpx
import pytest

import avara
from .scripted_server import ScriptedServer
from .payloads import CUSTOMER_ID, customer

SLOW = 0.4  # seconds the server waits before answering
SHORT = 0.1  # a client timeout the slow server exceeds


def test_client_timeout_raises_api_timeout_error(
    make_client: Any, server: ScriptedServer
) -> None:
    client = make_client(timeout=SHORT, max_retries=0)
    server.reply(json=customer(), delay=SLOW)

    with pytest.raises(avara.APITimeoutError) as raised:
        client.express.retrieve(CUSTOMER_ID)

    assert isinstance(raised.value, avara.APIConnectionError)
    assert str(raised.value) == "Request timed out."


def test_client_timeout_accepts_httpx_timeout(
    make_client: Any, server: ScriptedServer
) -> None:
    client = make_client(timeout=httpx.Timeout(SHORT), max_retries=0)
    server.reply(json=customer(), delay=SLOW)

    with pytest.raises(avara.APITimeoutError):
        client.express.retrieve(CUSTOMER_ID)

    assert client.timeout == httpx.Timeout(SHORT)


def test_call_timeout_shorter_than_client_timeout_applies(
    make_client: Any, server: ScriptedServer
) -> None:
    client = make_client(max_retries=0)
    server.reply(json=customer(), delay=SLOW)

    with pytest.raises(avara.APITimeoutError):
        client.express.retrieve(CUSTOMER_ID, timeout=SHORT)


def test_call_timeout_longer_than_client_timeout_applies(
    make_client: Any, server: ScriptedServer
) -> None:
    client = make_client(timeout=SHORT, max_retries=0)
    server.reply(json=customer(), delay=SLOW)

    result = client.express.retrieve(CUSTOMER_ID, timeout=5.0)

    assert result.express_customer_id == CUSTOMER_ID


def test_timeout_is_retried(
    make_client: Any, server: ScriptedServer, sleeps: List[float]
) -> None:
    client = make_client(timeout=SHORT, max_retries=1)
    server.reply(json=customer(), delay=SLOW)
    server.reply(json=customer())

    result = client.express.retrieve(CUSTOMER_ID)

    assert result.express_customer_id == CUSTOMER_ID
    assert len(server.requests) == 2


def test_timeout_that_outlasts_the_retries_raises_api_timeout_error(
    make_client: Any, server: ScriptedServer, sleeps: List[float]
) -> None:
    client = make_client(timeout=SHORT, max_retries=1)
    server.reply(json=customer(), delay=SLOW, times=2)

    with pytest.raises(avara.APITimeoutError):
        client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 2
