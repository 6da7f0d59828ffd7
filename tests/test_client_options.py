"""Client options: `with_options` / `copy`, default headers and query, a caller's httpx client, and
`_strict_response_validation`, for `Avara` and `AsyncAvara`."""

from __future__ import annotations

from typing import Any, Callable

import httpx
import pytest

import avara
from .async_helpers import async_client, make_async_client  # noqa: F401  (fixtures)
from .payloads import CUSTOMER_ID, customer, page
from .scripted_server import ScriptedServer

MakeClient = Callable[..., Any]


# -- with_options / copy ----------------------------------------------------------------------


def test_with_options_is_copy() -> None:
    assert avara.Avara.with_options is avara.Avara.copy
    assert avara.AsyncAvara.with_options is avara.AsyncAvara.copy


def test_copy_makes_a_new_client_sharing_the_connection_pool(make_client: MakeClient) -> None:
    original = make_client(max_retries=1, timeout=9.0, default_headers={"X-A": "1"})

    copied = original.copy(
        api_key="other-key",
        max_retries=4,
        timeout=3.0,
        default_headers={"X-B": "2"},
        default_query={"q": "1"},
        _strict_response_validation=True,
    )

    assert isinstance(copied, avara.Avara) and copied is not original
    assert copied._client is original._client
    assert (copied.api_key, copied.max_retries, copied.timeout) == ("other-key", 4, httpx.Timeout(3.0))
    assert copied.default_headers["X-A"] == "1" and copied.default_headers["X-B"] == "2"
    assert copied.default_query == {"q": "1"}
    assert copied._strict_response_validation is True
    # The original is untouched.
    assert (original.api_key, original.max_retries, original.timeout) == ("test-key", 1, httpx.Timeout(9.0))
    assert "X-B" not in original.default_headers and original.default_query == {}
    assert original._strict_response_validation is False


def test_closing_a_copy_leaves_the_shared_pool_open(make_client: MakeClient, server: ScriptedServer) -> None:
    original = make_client(max_retries=0)
    server.reply(json=customer())

    original.with_options(timeout=5.0).close()

    assert original.express.retrieve(CUSTOMER_ID).express_customer_id == CUSTOMER_ID


def test_copy_sends_its_own_headers_and_query(make_client: MakeClient, server: ScriptedServer) -> None:
    original = make_client(max_retries=0, default_headers={"X-Team": "a"})
    copied = original.with_options(api_key="key-2", default_headers={"X-Env": "test"}, default_query={"tenant": "t1"})
    server.reply(json=customer(), times=2)

    copied.express.retrieve(CUSTOMER_ID)
    original.express.retrieve(CUSTOMER_ID)

    sent_by_copy, sent_by_original = server.requests
    assert sent_by_copy.headers["authorization"] == "Bearer key-2"
    assert (sent_by_copy.headers["x-team"], sent_by_copy.headers["x-env"]) == ("a", "test")
    assert sent_by_copy.query == {"tenant": ["t1"]}
    assert sent_by_original.headers["authorization"] == "Bearer test-key"
    assert "x-env" not in sent_by_original.headers and sent_by_original.query == {}


def test_default_headers_can_replace_a_built_in_header_and_calls_override_them(
    make_client: MakeClient, server: ScriptedServer
) -> None:
    client = make_client(max_retries=0, default_headers={"accept": "application/vnd.avara+json", "X-Team": "a"})
    server.reply(json=customer())

    client.express.retrieve(CUSTOMER_ID, extra_headers={"X-Team": "b"}, extra_query={"tenant": "t2"})

    assert server.last_request.headers["accept"] == "application/vnd.avara+json"
    assert server.last_request.headers["x-team"] == "b"
    assert server.last_request.query == {"tenant": ["t2"]}


@pytest.mark.anyio
async def test_async_copy_shares_the_pool_and_leaves_the_original_untouched(
    make_async_client: MakeClient, server: ScriptedServer
) -> None:
    original = make_async_client(max_retries=0)
    copied = original.with_options(default_headers={"X-Env": "test"}, default_query={"tenant": "t1"})
    server.reply(json=customer(), times=2)

    await copied.express.retrieve(CUSTOMER_ID)
    await original.express.retrieve(CUSTOMER_ID)

    assert isinstance(copied, avara.AsyncAvara)
    assert copied._client is original._client
    sent_by_copy, sent_by_original = server.requests
    assert (sent_by_copy.headers["x-env"], sent_by_copy.query) == ("test", {"tenant": ["t1"]})
    assert "x-env" not in sent_by_original.headers and sent_by_original.query == {}


# -- a caller's httpx client ------------------------------------------------------------------


def test_a_callers_http_client_is_used_and_left_open(make_client: MakeClient, server: ScriptedServer) -> None:
    http_client = httpx.Client(headers={"X-From-Http-Client": "yes"})
    client = make_client(http_client=http_client, max_retries=0)
    server.reply(json=customer())

    client.express.retrieve(CUSTOMER_ID)
    client.close()

    assert server.last_request.headers["x-from-http-client"] == "yes"
    assert not http_client.is_closed
    http_client.close()


def test_a_callers_http_client_timeout_is_kept_unless_one_is_given() -> None:
    http_client = httpx.Client(timeout=7.0)

    assert avara.Avara(api_key="k", http_client=http_client).timeout == httpx.Timeout(7.0)
    assert avara.Avara(api_key="k", http_client=http_client, timeout=2.0).timeout == httpx.Timeout(2.0)
    http_client.close()


@pytest.mark.anyio
async def test_a_callers_async_http_client_is_used_and_left_open(server: ScriptedServer) -> None:
    http_client = httpx.AsyncClient(headers={"X-From-Http-Client": "yes"})
    server.reply(json=customer())

    async with avara.AsyncAvara(api_key="k", base_url=server.url, http_client=http_client) as client:
        await client.express.retrieve(CUSTOMER_ID)

    assert server.last_request.headers["x-from-http-client"] == "yes"
    assert not http_client.is_closed
    await http_client.aclose()


# -- strict response validation ---------------------------------------------------------------


def _missing_name() -> Any:
    body = customer()
    del body["expressCustomerName"]
    return body


BROKEN_BODIES = [
    pytest.param(_missing_name(), id="missing-required-field"),
    pytest.param(customer(isActive="very"), id="wrong-type"),
    pytest.param(customer(createdAt="not a date"), id="bad-datetime"),
    pytest.param(["not", "an", "object"], id="not-an-object"),
]


@pytest.mark.parametrize("body", BROKEN_BODIES)
def test_default_client_decodes_a_broken_response_leniently(
    make_client: MakeClient, server: ScriptedServer, body: Any
) -> None:
    client = make_client(max_retries=0)
    server.reply(json=body)

    client.express.retrieve(CUSTOMER_ID)  # does not raise


@pytest.mark.parametrize("body", BROKEN_BODIES)
def test_strict_client_raises_api_response_validation_error(
    make_client: MakeClient, server: ScriptedServer, body: Any
) -> None:
    client = make_client(max_retries=0, _strict_response_validation=True)
    server.reply(json=body)

    with pytest.raises(avara.APIResponseValidationError) as raised:
        client.express.retrieve(CUSTOMER_ID)

    assert isinstance(raised.value, avara.APIError)
    assert raised.value.status_code == 200
    assert raised.value.body == body
    assert str(raised.value) == "Data returned by API invalid for expected schema."
    assert len(server.requests) == 1  # not retried


def test_strict_client_refuses_a_non_json_response(make_client: MakeClient, server: ScriptedServer) -> None:
    client = make_client(max_retries=0, _strict_response_validation=True)
    server.reply(body="fine", headers={"Content-Type": "text/plain"})

    with pytest.raises(avara.APIResponseValidationError, match="Expected a JSON response"):
        client.express.retrieve(CUSTOMER_ID)


def test_strict_client_accepts_a_valid_response_with_unknown_fields(
    make_client: MakeClient, server: ScriptedServer
) -> None:
    client = make_client(max_retries=0, _strict_response_validation=True)
    server.reply(json=customer(brandNewField=1))

    assert client.express.retrieve(CUSTOMER_ID).brandNewField == 1


def test_with_options_turns_strict_validation_on_for_the_copy_only(
    make_client: MakeClient, server: ScriptedServer
) -> None:
    lenient = make_client(max_retries=0)
    strict = lenient.with_options(_strict_response_validation=True)
    server.reply(json=_missing_name(), times=2)

    lenient.express.retrieve(CUSTOMER_ID)
    with pytest.raises(avara.APIResponseValidationError):
        strict.express.retrieve(CUSTOMER_ID)


def test_strict_validation_applies_to_raw_response_parse_and_pages(
    make_client: MakeClient, server: ScriptedServer
) -> None:
    client = make_client(max_retries=0, _strict_response_validation=True)
    server.reply(json=_missing_name())
    server.reply(json=page(["cus_a"], has_more=False, cursor=None) | {"expressCustomers": [{"isActive": 1.5}]})

    raw = client.express.with_raw_response.retrieve(CUSTOMER_ID)
    with pytest.raises(avara.APIResponseValidationError):
        raw.parse()
    with pytest.raises(avara.APIResponseValidationError):
        client.express.list()


@pytest.mark.anyio
async def test_strict_async_client_raises_api_response_validation_error(
    make_async_client: MakeClient, server: ScriptedServer
) -> None:
    client = make_async_client(max_retries=0, _strict_response_validation=True)
    server.reply(json=_missing_name())

    with pytest.raises(avara.APIResponseValidationError):
        await client.express.retrieve(CUSTOMER_ID)
