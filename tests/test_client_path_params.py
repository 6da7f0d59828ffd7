"""Path parameters: empty values and dot-segments are refused before any request; the rest is
percent-encoded as one RFC 3986 path segment, as the official client does."""

from __future__ import annotations

import re
import string
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .payloads import PATH_OPERATIONS, Operation, customer
from .scripted_server import ScriptedServer

path_operations = pytest.mark.parametrize("operation", PATH_OPERATIONS, ids=str)


@path_operations
def test_empty_path_param_raises_value_error_before_any_request(
    client: Any, server: ScriptedServer, operation: Operation
) -> None:
    with pytest.raises(ValueError) as raised:
        operation.call_for(client.express, "")

    assert str(raised.value) == (
        "Expected a non-empty value for `express_customer_id` but received ''"
    )
    assert server.requests == []


def test_dot_dot_path_param_raises_value_error_naming_the_path(
    client: Any, server: ScriptedServer
) -> None:
    with pytest.raises(ValueError) as raised:
        client.express.retrieve("..")

    assert str(raised.value) == (
        "Constructed path '/v1/express/..' contains dot-segment '..' which is not allowed"
    )
    assert server.requests == []


@path_operations
@pytest.mark.parametrize("segment", [".", ".."])
def test_dot_segment_path_param_raises_value_error(
    client: Any, server: ScriptedServer, operation: Operation, segment: str
) -> None:
    with pytest.raises(ValueError, match="dot-segment"):
        operation.call_for(client.express, segment)

    assert server.requests == []


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("a/b", "a%2Fb"),
        ("a?b", "a%3Fb"),
        ("a#b", "a%23b"),
        ("a b", "a%20b"),
        ("50%", "50%25"),
        ("cus_A-z.0~9", "cus_A-z.0~9"),  # unreserved characters stay as they are
        ("!$&'()*+,;=:@", "!$&'()*+,;=:@"),  # so do sub-delimiters, ":" and "@"
        ("a\"b<c>", "a%22b%3Cc%3E"),
        ("caf\u00e9", "caf%C3%A9"),  # UTF-8, then percent-encoded
        ("cus with/slash?q=1#frag", "cus%20with%2Fslash%3Fq=1%23frag"),
        ("...", "..."),  # not a dot-segment
    ],
)
def test_path_param_is_percent_encoded(
    client: Any, server: ScriptedServer, value: str, encoded: str
) -> None:
    server.reply(json=customer())

    client.express.retrieve(value)

    assert server.last_request.path == f"/v1/express/{encoded}"


@path_operations
def test_path_param_is_encoded_in_every_operation(
    client: Any, server: ScriptedServer, operation: Operation
) -> None:
    server.reply(operation.status, json=operation.reply)

    operation.call_for(client.express, "a/b c")

    assert server.last_request.path == operation.path_for("a%2Fb%20c")


# RFC 3986 `pchar`: unreserved, sub-delims, ":" and "@"; "%" only as the start of an escape.
PCHAR_OR_ESCAPE = set(string.ascii_letters + string.digits + "-._~" + "!$&'()*+,;=" + ":@%")


@settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(value=st.text(min_size=1).filter(lambda v: v not in (".", "..")))
def test_any_path_value_arrives_percent_encoded_and_intact(
    client: Any, server: ScriptedServer, value: str
) -> None:
    server.reply(json=customer())

    client.express.retrieve(value)

    sent = server.last_request.path.removeprefix("/v1/express/")
    assert set(sent) <= PCHAR_OR_ESCAPE
    assert unquote(sent, errors="strict") == value
    escaped = {chr(int(code, 16)) for code in re.findall(r"%([0-9A-F]{2})", sent)}
    assert not escaped & (PCHAR_OR_ESCAPE - {"%"})  # nothing escaped that a segment may hold
