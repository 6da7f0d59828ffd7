"""Logging: `AVARA_LOG=info|debug` or the `logging` module report each request, its status, and each
retry with its delay; credentials never appear in logs, reprs or exception messages."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from typing import Any, Callable, Iterator

import pytest

import avara
from .async_helpers import make_async_client  # noqa: F401  (fixture)
from .conftest import GENERATED
from .payloads import CUSTOMER_ID, customer
from .scripted_server import ScriptedServer, closed_port

MakeClient = Callable[..., Any]
SECRET = "sk-live-0123456789abcdefSECRET"
FAST = {"retry-after-ms": "1"}


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything the `avara` logger says at DEBUG and above."""
    with caplog.at_level(logging.DEBUG, logger="avara"):
        yield caplog


def test_info_reports_each_request_its_status_and_each_retry_with_its_delay(
    make_client: MakeClient, server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(max_retries=2)
    server.reply(503, headers={"retry-after-ms": "5"})
    server.reply(json=customer())

    with caplog.at_level(logging.INFO, logger="avara"):
        client.express.retrieve(CUSTOMER_ID)

    url = f"{server.url}/v1/express/{CUSTOMER_ID}"
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("avara", "INFO", f'GET {url} "503 Service Unavailable"'),
        ("avara", "INFO", f"Retrying GET {url} in 0.005 seconds (retry 1 of 2)"),
        ("avara", "INFO", f'GET {url} "200 OK"'),
    ]


def test_a_connection_failure_is_logged_with_its_retries(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture, sleeps: Any
) -> None:
    client = make_client(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=1)

    with caplog.at_level(logging.INFO, logger="avara"):
        with pytest.raises(avara.APIConnectionError):
            client.express.retrieve(CUSTOMER_ID)

    messages = [r.getMessage() for r in caplog.records]
    assert messages[0].startswith("Retrying GET ") and "(retry 1 of 1)" in messages[0]
    assert messages[1].endswith("failed: ConnectError")


def test_nothing_is_logged_below_warning_by_default(
    make_client: MakeClient, server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(max_retries=0)
    server.reply(json=customer())

    with caplog.at_level(logging.WARNING):
        client.express.retrieve(CUSTOMER_ID)

    assert [r for r in caplog.records if r.name.startswith("avara")] == []


def test_debug_shows_request_headers_and_body_with_the_authorization_redacted(
    make_client: MakeClient, server: ScriptedServer, logs: pytest.LogCaptureFixture
) -> None:
    client = make_client(api_key=SECRET, max_retries=0)
    server.reply(201, json=customer())

    client.express.create(express_customer_name="Northside")

    request_line = next(r.getMessage() for r in logs.records if r.getMessage().startswith("Request: "))
    assert request_line.startswith(f"Request: POST {server.url}/v1/express headers=")
    assert "'authorization': '<redacted>'" in request_line
    assert 'body={"expressCustomerName":"Northside"}' in request_line
    assert any(r.getMessage().startswith("Response headers: ") for r in logs.records)
    assert SECRET not in logs.text


def test_the_api_key_never_appears_in_logs_reprs_or_error_messages(
    make_client: MakeClient, server: ScriptedServer, logs: pytest.LogCaptureFixture
) -> None:
    client = make_client(
        api_key=SECRET,
        max_retries=1,
        default_headers={"X-Api-Key": SECRET},
        default_query={"probe": SECRET},
    )
    # A server that echoes the credentials it got, in headers and in the error body.
    echoed = {"error": "unauthorized", "message": f"bad key {SECRET}", "auth": f"Bearer {SECRET}"}
    server.reply(500, json=echoed, headers={"X-Echo": SECRET, **FAST})
    server.reply(401, json=echoed, headers={"X-Echo": SECRET})

    with pytest.raises(avara.AuthenticationError) as raised:
        client.express.update(CUSTOMER_ID, express_customer_name=SECRET)

    server.reply(json=customer(), headers={"X-Echo": SECRET})
    raw = client.express.with_raw_response.retrieve(CUSTOMER_ID)

    assert len(logs.records) >= 6
    for shown in (logs.text, str(raised.value), repr(raised.value), repr(client), repr(raw)):
        assert SECRET not in shown, shown
    assert str(raised.value).startswith("Error code: 401 - ")
    assert "<redacted>" in str(raised.value)
    assert raised.value.body == echoed  # the data itself is left as the server sent it


@pytest.mark.anyio
async def test_async_client_logs_requests_and_retries_without_the_key(
    make_async_client: MakeClient, server: ScriptedServer, logs: pytest.LogCaptureFixture
) -> None:
    client = make_async_client(api_key=SECRET, max_retries=1)
    server.reply(429, headers=FAST)
    server.reply(json=customer())

    await client.express.retrieve(CUSTOMER_ID)

    messages = [r.getMessage() for r in logs.records]
    assert any('"429 Too Many Requests"' in m for m in messages)
    assert any(m.startswith("Retrying GET ") and "in 0.001 seconds" in m for m in messages)
    assert any('"200 OK"' in m for m in messages)
    assert SECRET not in logs.text and SECRET not in repr(client)


SCRIPT = """
import sys
import avara
with avara.Avara(api_key=sys.argv[2], base_url=sys.argv[1], max_retries=0) as client:
    client.express.retrieve("cus_1")
"""


@pytest.mark.parametrize(("level", "debug_lines"), [("info", False), ("debug", True), ("", None)])
def test_avara_log_env_var_logs_to_stderr(server: ScriptedServer, level: str, debug_lines: Any) -> None:
    server.reply(json=customer())
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(GENERATED), "AVARA_LOG": level}

    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, server.url, SECRET], env=env, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0, done.stderr
    assert SECRET not in done.stderr
    if debug_lines is None:
        assert done.stderr == ""
        return
    assert f'avara INFO] GET {server.url}/v1/express/cus_1 "200 OK"' in done.stderr
    assert ("avara DEBUG] Request: GET" in done.stderr) is debug_lines
