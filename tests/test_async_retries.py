"""`AsyncAvara` retries and timeouts: the same rules as the sync client, with `asyncio.sleep` between attempts.

`retry-after-ms: 1` keeps real retries fast; `async_sleeps` records the delays the client asks for.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any, Callable, Dict, List

import httpx
import pytest

import avara
from .async_helpers import async_sleeps, make_async_client  # noqa: F401  (fixtures)
from .payloads import CUSTOMER_ID, customer
from .scripted_server import ScriptedServer, closed_port

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., Any]
FAST = {"retry-after-ms": "1"}
SLOW = 0.4  # seconds the server waits before answering
SHORT = 0.1  # a client timeout the slow server exceeds


async def test_default_client_makes_three_attempts(make_async_client: MakeClient, server: ScriptedServer) -> None:
    client = make_async_client()
    server.reply(500, headers=FAST, times=3)

    with pytest.raises(avara.InternalServerError):
        await client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 3


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
async def test_retryable_status_is_retried(make_async_client: MakeClient, server: ScriptedServer, status: int) -> None:
    client = make_async_client(max_retries=2)
    server.reply(status, json={"error": "e", "message": "m"}, headers=FAST)
    server.reply(json=customer())

    result = await client.express.retrieve(CUSTOMER_ID)

    assert result.express_customer_id == CUSTOMER_ID
    assert len(server.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
async def test_other_error_status_is_not_retried(
    make_async_client: MakeClient, server: ScriptedServer, status: int
) -> None:
    client = make_async_client(max_retries=2)
    server.reply(status, json={"error": "e", "message": "m"}, headers=FAST)

    with pytest.raises(avara.APIStatusError):
        await client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 1


async def test_post_is_retried_with_identical_body(make_async_client: MakeClient, server: ScriptedServer) -> None:
    client = make_async_client(max_retries=2)
    server.reply(503, headers=FAST)
    server.reply(201, json=customer())

    await client.express.create(express_customer_name="Northside Imaging", metadata={"region": "us-east"})

    first, second = server.requests
    assert (first.method, second.method) == ("POST", "POST")
    assert second.body == first.body


@pytest.mark.parametrize(("header", "status", "attempts"), [("true", 400, 2), ("false", 503, 1)])
async def test_should_retry_header_overrides_the_status_rule(
    make_async_client: MakeClient, server: ScriptedServer, header: str, status: int, attempts: int
) -> None:
    client = make_async_client(max_retries=2)
    server.reply(status, headers={"x-should-retry": header, **FAST})
    server.reply(json=customer())

    try:
        await client.express.retrieve(CUSTOMER_ID)
    except avara.APIStatusError:
        pass

    assert len(server.requests) == attempts


async def test_dropped_connection_is_retried(
    make_async_client: MakeClient, server: ScriptedServer, async_sleeps: List[float]
) -> None:
    client = make_async_client(max_retries=2)
    server.reply(drop=True)
    server.reply(json=customer())

    result = await client.express.retrieve(CUSTOMER_ID)

    assert result.express_customer_id == CUSTOMER_ID
    assert len(server.requests) == 2


async def test_connection_error_is_retried_then_raised(
    make_async_client: MakeClient, async_sleeps: List[float]
) -> None:
    client = make_async_client(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=2)

    with pytest.raises(avara.APIConnectionError):
        await client.express.retrieve(CUSTOMER_ID)

    assert len(async_sleeps) == 2


async def test_with_options_returns_new_client_and_leaves_original_unchanged(
    make_async_client: MakeClient, server: ScriptedServer
) -> None:
    original = make_async_client(max_retries=0)
    retrying = original.with_options(max_retries=1)
    assert isinstance(retrying, avara.AsyncAvara) and retrying is not original
    assert (original.max_retries, retrying.max_retries) == (0, 1)

    server.reply(500, headers=FAST)
    server.reply(json=customer())
    await retrying.express.retrieve(CUSTOMER_ID)
    assert len(server.requests) == 2

    server.reply(500, headers=FAST)
    with pytest.raises(avara.InternalServerError):
        await original.express.retrieve(CUSTOMER_ID)
    assert len(server.requests) == 3


async def _delay_after(
    make_async_client: MakeClient, server: ScriptedServer, sleeps: List[float], headers: Dict[str, str]
) -> float:
    """The one delay the client waits after a 429 carrying `headers`."""
    client = make_async_client(max_retries=1)
    server.reply(429, headers=headers)
    server.reply(json=customer())

    await client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 2
    assert len(sleeps) == 1
    return sleeps[0]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "250"}, 0.25),
        ({"Retry-After": "2"}, 2.0),
        ({"Retry-After": "60"}, 60.0),
        ({"retry-after-ms": "20", "Retry-After": "5"}, 0.02),
    ],
)
async def test_retry_after_headers_set_the_delay(
    make_async_client: MakeClient,
    server: ScriptedServer,
    async_sleeps: List[float],
    headers: Dict[str, str],
    expected: float,
) -> None:
    assert await _delay_after(make_async_client, server, async_sleeps, headers) == pytest.approx(expected)


async def test_retry_after_http_date_sets_the_delay(
    make_async_client: MakeClient, server: ScriptedServer, async_sleeps: List[float]
) -> None:
    in_three_seconds = email.utils.formatdate(time.time() + 3, usegmt=True)

    delay = await _delay_after(make_async_client, server, async_sleeps, {"Retry-After": in_three_seconds})

    assert 1.0 < delay <= 3.0


@pytest.mark.parametrize(
    "headers",
    [{"Retry-After": "61"}, {"retry-after-ms": "61000"}, {"retry-after-ms": "0"}, {"Retry-After": "-3"}],
    ids=["over-60s", "ms-over-60s", "zero", "negative"],
)
async def test_retry_after_outside_0_to_60s_falls_back_to_backoff(
    make_async_client: MakeClient, server: ScriptedServer, async_sleeps: List[float], headers: Dict[str, str]
) -> None:
    assert 0.5 * 0.75 <= await _delay_after(make_async_client, server, async_sleeps, headers) <= 0.5


async def test_backoff_doubles_from_half_a_second_up_to_8s_with_jitter(
    make_async_client: MakeClient, server: ScriptedServer, async_sleeps: List[float]
) -> None:
    client = make_async_client(max_retries=6)
    server.reply(500, times=7)

    with pytest.raises(avara.InternalServerError):
        await client.express.retrieve(CUSTOMER_ID)

    nominal = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert len(async_sleeps) == len(nominal)
    for asked, base in zip(async_sleeps, nominal):
        assert base * 0.75 <= asked <= base, (asked, base)


async def test_raw_response_counts_retries_taken(make_async_client: MakeClient, server: ScriptedServer) -> None:
    client = make_async_client(max_retries=2)
    server.reply(503, headers=FAST, times=2)
    server.reply(json=customer())

    raw = await client.express.with_raw_response.retrieve(CUSTOMER_ID)

    assert raw.retries_taken == 2


# -- timeouts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("timeout", [SHORT, httpx.Timeout(SHORT)])
async def test_client_timeout_raises_api_timeout_error(
    make_async_client: MakeClient, server: ScriptedServer, timeout: Any
) -> None:
    client = make_async_client(timeout=timeout, max_retries=0)
    server.reply(json=customer(), delay=SLOW)

    with pytest.raises(avara.APITimeoutError) as raised:
        await client.express.retrieve(CUSTOMER_ID)

    assert isinstance(raised.value, avara.APIConnectionError)
    assert str(raised.value) == "Request timed out."


async def test_call_timeout_overrides_the_client_timeout(make_async_client: MakeClient, server: ScriptedServer) -> None:
    short = make_async_client(timeout=SHORT, max_retries=0)
    long = make_async_client(max_retries=0)
    server.reply(json=customer(), delay=SLOW, times=2)

    result = await short.express.retrieve(CUSTOMER_ID, timeout=5.0)
    with pytest.raises(avara.APITimeoutError):
        await long.express.retrieve(CUSTOMER_ID, timeout=SHORT)

    assert result.express_customer_id == CUSTOMER_ID


async def test_timeout_is_retried_and_one_that_outlasts_the_retries_is_raised(
    make_async_client: MakeClient, server: ScriptedServer, async_sleeps: List[float]
) -> None:
    client = make_async_client(timeout=SHORT, max_retries=1)
    server.reply(json=customer(), delay=SLOW)
    server.reply(json=customer())
    assert (await client.express.retrieve(CUSTOMER_ID)).express_customer_id == CUSTOMER_ID

    server.reply(json=customer(), delay=SLOW, times=2)
    with pytest.raises(avara.APITimeoutError):
        await client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 4
