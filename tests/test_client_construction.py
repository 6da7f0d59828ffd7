"""Building the client: options and their environment fallbacks, defaults, exported names, closing."""

from __future__ import annotations

from typing import Any, Callable, List

import httpx
import pytest

import avara
from .scripted_server import ScriptedServer
from .payloads import CUSTOMER_ID, customer

MakeClient = Callable[..., Any]

MISSING_KEY_MESSAGE = (
    "The api_key client option must be set either by passing api_key to the client "
    "or by setting the AVARA_API_KEY environment variable"
)


def test_api_key_falls_back_to_avara_api_key_env(
    server: ScriptedServer, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AVARA_API_KEY", "key-from-env")
    client = make_client(api_key=None)
    server.reply(json=customer())

    client.express.retrieve(CUSTOMER_ID)

    assert client.api_key == "key-from-env"
    assert server.last_request.headers["authorization"] == "Bearer key-from-env"


def test_api_key_argument_wins_over_env(
    server: ScriptedServer, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AVARA_API_KEY", "key-from-env")
    client = make_client(api_key="key-from-argument")
    server.reply(json=customer())

    client.express.retrieve(CUSTOMER_ID)

    assert server.last_request.headers["authorization"] == "Bearer key-from-argument"


def test_missing_api_key_raises_avara_error_naming_the_env_variable() -> None:
    with pytest.raises(avara.AvaraError) as raised:
        avara.Avara()
    assert str(raised.value) == MISSING_KEY_MESSAGE


def test_base_url_falls_back_to_avara_base_url_env(
    server: ScriptedServer, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AVARA_BASE_URL", server.url)
    client = make_client(base_url=None)
    server.reply(json=customer())

    client.express.retrieve(CUSTOMER_ID)

    assert str(client.base_url) == server.url
    assert server.last_request.path == f"/v1/express/{CUSTOMER_ID}"


def test_base_url_argument_wins_over_env(
    server: ScriptedServer, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AVARA_BASE_URL", "http://127.0.0.1:9/unused")
    client = make_client(base_url=server.url)
    server.reply(json=customer())

    client.express.retrieve(CUSTOMER_ID)

    assert len(server.requests) == 1


def test_base_url_defaults_to_production() -> None:
    with avara.Avara(api_key="k") as client:
        assert str(client.base_url) == "https://api.avarasoftware.com"


@pytest.mark.parametrize("slash", ["", "/"])
def test_base_url_without_a_path_gains_no_slash_and_still_joins_request_paths(
    server: ScriptedServer, make_client: MakeClient, slash: str
) -> None:
    client = make_client(base_url=server.url + slash)
    server.reply(json=customer(), times=3)

    client.express.retrieve(CUSTOMER_ID)
    client.copy().express.retrieve(CUSTOMER_ID)
    client.base_url = server.url
    client.express.retrieve(CUSTOMER_ID)

    assert str(client.base_url) == server.url
    assert [request.path for request in server.requests] == 3 * [
        f"/v1/express/{CUSTOMER_ID}"
    ]
    assert repr(client) == f"<Avara base_url={server.url!r} max_retries=2>"


@pytest.mark.parametrize("prefix", ["/prefix", "/prefix/"])
def test_base_url_path_prefix_is_kept_without_double_slash(
    server: ScriptedServer, make_client: MakeClient, prefix: str
) -> None:
    client = make_client(base_url=server.url + prefix)
    server.reply(json=customer())

    client.express.retrieve(CUSTOMER_ID)

    assert server.last_request.path == f"/prefix/v1/express/{CUSTOMER_ID}"
    assert isinstance(client.base_url, httpx.URL)
    assert str(client.base_url) == server.url + "/prefix/"


def test_client_exposes_its_options(make_client: MakeClient) -> None:
    timeout = httpx.Timeout(12.5, connect=1.0)
    client = make_client(max_retries=5, timeout=timeout)

    assert client.api_key == "test-key"
    assert client.max_retries == 5
    assert client.timeout == timeout


def test_defaults_are_two_retries_and_a_60s_timeout_with_5s_connect(
    make_client: MakeClient,
) -> None:
    client = make_client()

    assert avara.DEFAULT_MAX_RETRIES == 2
    assert avara.DEFAULT_TIMEOUT == httpx.Timeout(60, connect=5.0)
    assert client.max_retries == avara.DEFAULT_MAX_RETRIES
    assert isinstance(client.timeout, httpx.Timeout)
    assert client.timeout == avara.DEFAULT_TIMEOUT


def test_default_timeout_matches_the_official_clients_down_to_its_repr(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    client = make_client()
    server.reply(json=customer())

    raw = client.express.with_raw_response.retrieve(CUSTOMER_ID)

    expected = "Timeout(connect=5.0, read=60, write=60, pool=60)"
    assert repr(avara.DEFAULT_TIMEOUT) == expected
    assert repr(client.timeout) == expected
    # The request that went over the wire carried it, with the same (int and float) values.
    sent = raw.http_request.extensions["timeout"]
    assert sent == {"connect": 5.0, "read": 60, "write": 60, "pool": 60}
    assert [type(sent[key]) for key in ("connect", "read", "write", "pool")] == [
        float,
        int,
        int,
        int,
    ]


PUBLIC_NAMES = [
    "Avara",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_RETRIES",
    "AvaraError",
    "APIError",
    "APIStatusError",
    "APIConnectionError",
    "APITimeoutError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
]


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_public_name_is_exported_from_the_package(name: str) -> None:
    assert hasattr(avara, name)
    assert name in avara.__all__


def test_default_headers_are_sent_with_every_request(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    client = make_client(default_headers={"X-Team": "imaging"})
    server.reply(json=customer(), times=2)

    client.express.retrieve(CUSTOMER_ID)
    client.express.deactivate(CUSTOMER_ID)

    assert [request.headers.get("x-team") for request in server.requests] == [
        "imaging",
        "imaging",
    ]


def test_default_query_is_added_to_every_request(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    client = make_client(default_query={"tenant": "t1"})
    server.reply(json=customer(), times=2)

    client.express.retrieve(CUSTOMER_ID)
    client.express.update(CUSTOMER_ID, express_customer_name="Renamed")

    assert [request.query for request in server.requests] == [
        {"tenant": ["t1"]},
        {"tenant": ["t1"]},
    ]


def test_requests_go_through_the_given_http_client(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    seen: List[str] = []
    http_client = httpx.Client(
        event_hooks={"request": [lambda request: seen.append(request.url.path)]}
    )
    client = make_client(http_client=http_client)
    server.reply(json=customer())

    client.express.retrieve(CUSTOMER_ID)

    assert seen == [f"/v1/express/{CUSTOMER_ID}"]
    assert len(server.requests) == 1


def test_close_releases_the_connection(
    server: ScriptedServer, make_client: MakeClient
) -> None:
    client = make_client()
    server.reply(json=customer())
    client.express.retrieve(CUSTOMER_ID)
    assert server.wait_for_open_connections(1) == 1  # kept alive for the next request

    client.close()

    assert server.wait_for_open_connections(0) == 0


def test_context_manager_returns_the_client_and_closes_it_on_exit(
    server: ScriptedServer,
) -> None:
    client = avara.Avara(api_key="test-key", base_url=server.url)
    server.reply(json=customer())

    with client as entered:
        assert entered is client
        entered.express.retrieve(CUSTOMER_ID)
        assert server.wait_for_open_connections(1) == 1

    assert server.wait_for_open_connections(0) == 0
