"""Retries: which failures are retried, how many times, and how long the client waits in between.

`retry-after-ms: 1` keeps real retries fast; the `sleeps` fixture records the delays the client asks for.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any, Dict, List

import pytest

import avara
from .scripted_server import ScriptedServer, closed_port
from .payloads import CUSTOMER_ID, customer

FAST = {"retry-after-ms": "1"}


def test_default_client_makes_three_attempts(
    make_client: Any, server: ScriptedServer
) -> None:
    client = make_client()
    server.reply(500, headers=FAST, times=3)

    with pytest.raises(avara.InternalServerError):
        client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 3


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_status_is_retried(
    make_client: Any, server: ScriptedServer, status: int
) -> None:
    client = make_client(max_retries=2)
    server.reply(status, json={"error": "e", "message": "m"}, headers=FAST)
    server.reply(json=customer())

    result = client.express.retrieve(CUSTOMER_ID)

    assert result.express_customer_id == CUSTOMER_ID
    assert len(server.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_other_error_status_is_not_retried(
    make_client: Any, server: ScriptedServer, status: int
) -> None:
    client = make_client(max_retries=2)
    server.reply(status, json={"error": "e", "message": "m"}, headers=FAST)
    server.reply(json=customer())

    with pytest.raises(avara.APIStatusError):
        client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 1


def test_post_is_retried_with_identical_body(
    make_client: Any, server: ScriptedServer
) -> None:
    client = make_client(max_retries=2)
    server.reply(503, headers=FAST)
    server.reply(201, json=customer())

    client.express.create(
        express_customer_name="Northside Imaging", metadata={"region": "us-east"}
    )

    first, second = server.requests
    assert (first.method, second.method) == ("POST", "POST")
    assert second.body == first.body
    assert second.json == {
        "expressCustomerName": "Northside Imaging",
        "metadata": {"region": "us-east"},
    }


def test_should_retry_header_true_retries_a_non_retryable_status(
    make_client: Any, server: ScriptedServer
) -> None:
    client = make_client(max_retries=2)
    server.reply(400, headers={"x-should-retry": "true", **FAST})
    server.reply(json=customer())

    client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 2


def test_should_retry_header_false_stops_a_retryable_status(
    make_client: Any, server: ScriptedServer
) -> None:
    client = make_client(max_retries=2)
    server.reply(503, headers={"x-should-retry": "false", **FAST})
    server.reply(json=customer())

    with pytest.raises(avara.InternalServerError):
        client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 1


def test_dropped_connection_is_retried(
    make_client: Any, server: ScriptedServer, sleeps: List[float]
) -> None:
    client = make_client(max_retries=2)
    server.reply(drop=True)
    server.reply(json=customer())

    result = client.express.retrieve(CUSTOMER_ID)

    assert result.express_customer_id == CUSTOMER_ID
    assert len(server.requests) == 2


def test_connection_error_is_retried_then_raised(
    make_client: Any, sleeps: List[float]
) -> None:
    client = make_client(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=2)

    with pytest.raises(avara.APIConnectionError):
        client.express.retrieve(CUSTOMER_ID)

    assert len(sleeps) == 2  # one wait before each of the two retries


def test_with_options_returns_new_client_and_leaves_original_unchanged(
    make_client: Any, server: ScriptedServer
) -> None:
    original = make_client(max_retries=0)
    retrying = original.with_options(max_retries=1)
    assert retrying is not original
    assert (original.max_retries, retrying.max_retries) == (0, 1)

    server.reply(500, headers=FAST)
    server.reply(json=customer())
    retrying.express.retrieve(CUSTOMER_ID)
    assert len(server.requests) == 2

    server.reply(500, headers=FAST)
    server.reply(json=customer())
    with pytest.raises(avara.InternalServerError):
        original.express.retrieve(CUSTOMER_ID)
    assert len(server.requests) == 3
    assert server.requests[-1].headers["authorization"] == "Bearer test-key"


def _delay_after(
    make_client: Any,
    server: ScriptedServer,
    sleeps: List[float],
    headers: Dict[str, str],
) -> float:
    """The one delay the client waits after a 429 carrying `headers`."""
    client = make_client(max_retries=1)
    server.reply(429, headers=headers)
    server.reply(json=customer())

    client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 2
    assert len(sleeps) == 1
    return sleeps[0]


def test_retry_after_ms_sets_the_delay(
    make_client: Any, server: ScriptedServer, sleeps: List[float]
) -> None:
    assert _delay_after(
        make_client, server, sleeps, {"retry-after-ms": "250"}
    ) == pytest.approx(0.25)


def test_retry_after_seconds_sets_the_delay(
    make_client: Any, server: ScriptedServer, sleeps: List[float]
) -> None:
    assert _delay_after(
        make_client, server, sleeps, {"Retry-After": "2"}
    ) == pytest.approx(2.0)


def test_retry_after_of_exactly_60_seconds_is_honoured(
    make_client: Any, server: ScriptedServer, sleeps: List[float]
) -> None:
    assert _delay_after(
        make_client, server, sleeps, {"Retry-After": "60"}
    ) == pytest.approx(60.0)


def test_retry_after_http_date_sets_the_delay(
    make_client: Any, server: ScriptedServer, sleeps: List[float]
) -> None:
    in_three_seconds = email.utils.formatdate(time.time() + 3, usegmt=True)

    delay = _delay_after(make_client, server, sleeps, {"Retry-After": in_three_seconds})

    assert 1.0 < delay <= 3.0


def test_retry_after_ms_wins_over_retry_after(
    make_client: Any, server: ScriptedServer, sleeps: List[float]
) -> None:
    headers = {"retry-after-ms": "20", "Retry-After": "5"}
    assert _delay_after(make_client, server, sleeps, headers) == pytest.approx(0.02)


@pytest.mark.parametrize(
    "headers",
    [
        {"Retry-After": "61"},
        {"retry-after-ms": "61000"},
        {"retry-after-ms": "0"},
        {"Retry-After": "-3"},
    ],
    ids=["over-60s", "ms-over-60s", "zero", "negative"],
)
def test_retry_after_outside_0_to_60s_falls_back_to_backoff(
    make_client: Any,
    server: ScriptedServer,
    sleeps: List[float],
    headers: Dict[str, str],
) -> None:
    assert 0.5 * 0.75 <= _delay_after(make_client, server, sleeps, headers) <= 0.5


def test_backoff_doubles_from_half_a_second_up_to_8s_with_jitter(
    make_client: Any, server: ScriptedServer, sleeps: List[float]
) -> None:
    client = make_client(max_retries=6)
    server.reply(500, times=7)

    with pytest.raises(avara.InternalServerError):
        client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 7
    nominal = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert len(sleeps) == len(nominal)
    for asked, base in zip(sleeps, nominal):
        assert base * 0.75 <= asked <= base, (asked, base)
