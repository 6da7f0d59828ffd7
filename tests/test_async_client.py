"""`avara.AsyncAvara`: the sync client's behaviours, awaited — construction, requests, path params,
responses and errors, each over HTTP to the scripted server."""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any, Callable, List, Type

import httpx
import pytest

import avara
from .async_helpers import async_client, make_async_client  # noqa: F401  (fixtures)
from .payloads import CUSTOMER_ID, OPERATIONS, PATH_OPERATIONS, USER_ID, Operation, customer
from .scripted_server import ScriptedServer, closed_port

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., Any]

MISSING_KEY_MESSAGE = (
    "The api_key client option must be set either by passing api_key to the client "
    "or by setting the AVARA_API_KEY environment variable"
)


# -- construction -----------------------------------------------------------------------------


async def test_api_key_falls_back_to_avara_api_key_env(
    server: ScriptedServer, make_async_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AVARA_API_KEY", "key-from-env")
    client = make_async_client(api_key=None)
    server.reply(json=customer())

    await client.express.retrieve(CUSTOMER_ID)

    assert client.api_key == "key-from-env"
    assert server.last_request.headers["authorization"] == "Bearer key-from-env"


async def test_missing_api_key_raises_avara_error_naming_the_env_variable() -> None:
    with pytest.raises(avara.AvaraError) as raised:
        avara.AsyncAvara()
    assert str(raised.value) == MISSING_KEY_MESSAGE


async def test_base_url_falls_back_to_env_then_production(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with avara.AsyncAvara(api_key="k") as client:
        assert str(client.base_url) == "https://api.avarasoftware.com"
    monkeypatch.setenv("AVARA_BASE_URL", server.url)
    server.reply(json=customer())
    async with avara.AsyncAvara(api_key="k") as client:
        await client.express.retrieve(CUSTOMER_ID)
    assert str(client.base_url) == server.url
    assert server.last_request.path == f"/v1/express/{CUSTOMER_ID}"


@pytest.mark.parametrize("prefix", ["/prefix", "/prefix/"])
async def test_base_url_path_prefix_is_kept_without_double_slash(
    server: ScriptedServer, make_async_client: MakeClient, prefix: str
) -> None:
    client = make_async_client(base_url=server.url + prefix)
    server.reply(json=customer())

    await client.express.retrieve(CUSTOMER_ID)

    assert server.last_request.path == f"/prefix/v1/express/{CUSTOMER_ID}"
    assert str(client.base_url) == server.url + "/prefix/"


async def test_client_exposes_its_options_and_the_same_defaults(make_async_client: MakeClient) -> None:
    default = make_async_client()
    timeout = httpx.Timeout(12.5, connect=1.0)
    custom = make_async_client(max_retries=5, timeout=timeout)

    assert (default.max_retries, default.timeout) == (2, httpx.Timeout(60, connect=5.0))
    assert (custom.api_key, custom.max_retries, custom.timeout) == ("test-key", 5, timeout)


def test_constructor_takes_the_same_options_as_the_sync_client() -> None:
    sync = inspect.signature(avara.Avara.__init__).parameters
    async_ = inspect.signature(avara.AsyncAvara.__init__).parameters

    assert list(async_) == list(sync)
    assert [p.default for p in async_.values()] == [p.default for p in sync.values()]


async def test_async_with_returns_the_client_and_closes_it_on_exit(server: ScriptedServer) -> None:
    client = avara.AsyncAvara(api_key="test-key", base_url=server.url)
    server.reply(json=customer())

    async with client as entered:
        assert entered is client
        await entered.express.retrieve(CUSTOMER_ID)
        assert server.wait_for_open_connections(1) == 1

    assert client.is_closed()
    assert server.wait_for_open_connections(0) == 0


async def test_default_headers_and_query_are_sent_with_every_request(
    server: ScriptedServer, make_async_client: MakeClient
) -> None:
    client = make_async_client(default_headers={"X-Team": "imaging"}, default_query={"tenant": "t1"})
    server.reply(json=customer(), times=2)

    await client.express.retrieve(CUSTOMER_ID)
    await client.express.deactivate(CUSTOMER_ID)

    assert [r.headers.get("x-team") for r in server.requests] == ["imaging", "imaging"]
    assert [r.query for r in server.requests] == [{"tenant": ["t1"]}, {"tenant": ["t1"]}]


# -- requests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
async def test_each_operation_sends_its_method_and_path_and_parses_its_reply(
    async_client: Any, server: ScriptedServer, operation: Operation
) -> None:
    server.reply(operation.status, json=operation.reply)

    result = await operation.call(async_client.express)

    assert (server.last_request.method, server.last_request.path) == (operation.method, operation.path)
    assert result is not None


async def test_user_agent_names_the_async_client_and_the_version(
    async_client: Any, server: ScriptedServer
) -> None:
    server.reply(json=customer())

    await async_client.express.retrieve(CUSTOMER_ID)

    assert server.last_request.headers["user-agent"] == f"AsyncAvara/Python {avara.__version__}"


async def test_requests_send_bearer_api_key_accept_and_content_type(
    async_client: Any, server: ScriptedServer
) -> None:
    server.reply(json=customer(), times=2)

    await async_client.express.retrieve(CUSTOMER_ID)
    await async_client.express.deactivate(CUSTOMER_ID)  # a POST without a body

    get, post = server.requests
    assert get.headers["authorization"] == "Bearer test-key"
    assert get.headers["accept"] == "application/json"
    assert "content-type" not in get.headers
    assert post.headers["content-type"] == "application/json"
    assert post.body == b""


async def test_body_uses_wire_names_and_leaves_out_omitted_keywords(
    async_client: Any, server: ScriptedServer
) -> None:
    server.reply(201, json=customer(), times=2)

    await async_client.express.create(express_customer_name="N", metadata={"region": "us-east"})
    await async_client.express.create(express_customer_name="N")

    assert [r.json for r in server.requests] == [
        {"expressCustomerName": "N", "metadata": {"region": "us-east"}},
        {"expressCustomerName": "N"},
    ]


async def test_none_passed_explicitly_is_sent_as_json_null(async_client: Any, server: ScriptedServer) -> None:
    server.reply(json=customer(), times=2)

    await async_client.express.update(CUSTOMER_ID, metadata=None)
    await async_client.express.update(CUSTOMER_ID)

    assert [r.json for r in server.requests] == [{"metadata": None}, {}]


async def test_query_values_are_sent_as_given(async_client: Any, server: ScriptedServer) -> None:
    server.reply(json={"expressCustomers": [], "hasMore": False})

    await async_client.express.list(limit=2.5, cursor="abc")

    assert server.last_request.query == {"limit": ["2.5"], "cursor": ["abc"]}


async def test_extra_headers_query_and_body_are_sent(async_client: Any, server: ScriptedServer) -> None:
    server.reply(json=customer())

    await async_client.express.update(
        CUSTOMER_ID,
        express_customer_name="R",
        extra_headers={"X-Trace": "t-1"},
        extra_query={"dryRun": "true"},
        extra_body={"note": "n"},
    )

    assert server.last_request.headers["x-trace"] == "t-1"
    assert server.last_request.query == {"dryRun": ["true"]}
    assert server.last_request.json == {"expressCustomerName": "R", "note": "n"}


async def test_every_method_takes_keyword_only_extras_and_timeout(async_client: Any) -> None:
    for method in (async_client.express.create, async_client.express.list, async_client.express.users.add):
        parameters = inspect.signature(method).parameters
        for name in ("extra_headers", "extra_query", "extra_body", "timeout"):
            assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY, name


# -- path params ------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", PATH_OPERATIONS, ids=str)
async def test_empty_path_param_raises_value_error_before_any_request(
    async_client: Any, server: ScriptedServer, operation: Operation
) -> None:
    with pytest.raises(ValueError) as raised:
        await operation.call_for(async_client.express, "")

    assert str(raised.value) == "Expected a non-empty value for `express_customer_id` but received ''"
    assert server.requests == []


@pytest.mark.parametrize("segment", [".", ".."])
async def test_dot_segment_path_param_raises_value_error(
    async_client: Any, server: ScriptedServer, segment: str
) -> None:
    with pytest.raises(ValueError) as raised:
        await async_client.express.retrieve(segment)

    assert str(raised.value) == (
        f"Constructed path '/v1/express/{segment}' contains dot-segment '{segment}' which is not allowed"
    )
    assert server.requests == []


async def test_path_param_is_percent_encoded(async_client: Any, server: ScriptedServer) -> None:
    server.reply(json=customer())

    await async_client.express.retrieve("a/b?c#d e")

    assert server.last_request.path == "/v1/express/a%2Fb%3Fc%23d%20e"


# -- responses --------------------------------------------------------------------------------


async def test_response_is_a_model_with_snake_case_attributes_and_aware_datetimes(
    async_client: Any, server: ScriptedServer
) -> None:
    server.reply(json=customer(brandNewField=7))

    result = await async_client.express.retrieve(CUSTOMER_ID)

    assert result.express_customer_id == CUSTOMER_ID
    assert result.created_at == dt.datetime(2025, 1, 15, 10, 30, tzinfo=dt.timezone.utc)
    assert result.updated_at.utcoffset() == dt.timedelta(hours=2)
    assert result.brandNewField == 7
    assert result.model_dump(by_alias=True)["brandNewField"] == 7


async def test_missing_required_field_does_not_raise_and_is_not_in_fields_set(
    async_client: Any, server: ScriptedServer
) -> None:
    body = customer(metadata=None)
    del body["expressCustomerName"]
    server.reply(json=body)

    result = await async_client.express.retrieve(CUSTOMER_ID)

    assert result.express_customer_name is None
    assert "express_customer_name" not in result.model_fields_set
    assert result.metadata is None and "metadata" in result.model_fields_set


async def test_non_json_success_response_is_returned_as_text(async_client: Any, server: ScriptedServer) -> None:
    server.reply(200, body="customer is fine", headers={"Content-Type": "text/plain"})

    assert await async_client.express.retrieve(CUSTOMER_ID) == "customer is fine"


# -- errors -----------------------------------------------------------------------------------


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
        (503, avara.InternalServerError),
        (418, avara.APIStatusError),
    ],
)
async def test_error_status_raises_its_error_class(
    async_client: Any, server: ScriptedServer, status: int, error_class: Type[Exception]
) -> None:
    server.reply(status, json={"error": "e", "message": "m"})

    with pytest.raises(avara.APIStatusError) as raised:
        await async_client.express.retrieve(CUSTOMER_ID)

    assert type(raised.value) is error_class
    assert raised.value.status_code == status
    assert raised.value.body == {"error": "e", "message": "m"}
    assert isinstance(raised.value.response, httpx.Response)
    assert str(raised.value) == f"Error code: {status} - {{'error': 'e', 'message': 'm'}}"


@pytest.mark.parametrize(
    ("body", "message"), [("plain text failure", "plain text failure"), ("", "Error code: 500")]
)
async def test_text_and_empty_error_bodies_give_their_messages(
    async_client: Any, server: ScriptedServer, body: str, message: str
) -> None:
    server.reply(500, body=body, headers={"Content-Type": "text/plain"})

    with pytest.raises(avara.InternalServerError) as raised:
        await async_client.express.retrieve(CUSTOMER_ID)

    assert str(raised.value) == message


async def test_unreachable_server_raises_connection_error(make_async_client: MakeClient) -> None:
    client = make_async_client(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=0)

    with pytest.raises(avara.APIConnectionError) as raised:
        await client.express.retrieve(CUSTOMER_ID)

    assert type(raised.value) is avara.APIConnectionError
    assert str(raised.value) == "Connection error."


async def test_nested_users_resource_sends_user_id(async_client: Any, server: ScriptedServer) -> None:
    server.reply(json={"success": True, "message": "added"})
    server.reply(json={"success": False})

    added = await async_client.express.users.add(CUSTOMER_ID, user_id=USER_ID)
    removed = await async_client.express.users.remove(CUSTOMER_ID, user_id=USER_ID)

    assert (added.success, removed.success, removed.message) == (True, False, None)
    assert [(r.method, r.json) for r in server.requests] == [
        ("POST", {"userId": USER_ID}),
        ("DELETE", {"userId": USER_ID}),
    ]


async def test_requests_go_through_the_given_async_http_client(
    server: ScriptedServer, make_async_client: MakeClient
) -> None:
    seen: List[str] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request.url.path)

    http_client = httpx.AsyncClient(event_hooks={"request": [record]})
    client = make_async_client(http_client=http_client)
    server.reply(json=customer())

    await client.express.retrieve(CUSTOMER_ID)
    await client.close()

    assert seen == [f"/v1/express/{CUSTOMER_ID}"]
    assert not http_client.is_closed  # the caller's client is the caller's to close
    await http_client.aclose()
