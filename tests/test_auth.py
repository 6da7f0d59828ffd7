"""Authentication from the spec's `securitySchemes` and `security`.

The auth fixture (tests/fixtures/specs/auth.yaml, golden record in tests/fixtures/golden/auth) is a
platform API with every kind of scheme: a server key in the `X-API-Key` header, Twilio-shaped
messaging endpoints behind HTTP basic (account SID and auth token), a browser key in the `key`
query parameter, an OAuth 2.0 access token, a session cookie, a second header required together
with the server key, and operations that accept alternatives, or nothing at all. Its client talks
to the scripted server (what each request carries, exactly) and to Prism, which rejects a request
whose credentials do not satisfy the spec. tests/test_typecheck_all.py type-checks its SDKs.
"""

from __future__ import annotations

import base64
import inspect
import logging
import shutil
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest

from generator import ir
from generator.builder import build
from generator.config import Config, resolve_config
from generator.load import load
from generator.engine import generate

from .fixture_sdks import PrismPool
from .operations_sdk import generate_sdk, imported
from .scripted_server import ScriptedServer
from .spec_helpers import ROOT, golden_mismatches, minimal_spec, ok_response, write_spec

SPEC = ROOT / "tests" / "fixtures" / "specs" / "auth.yaml"
GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "auth"
ACCOUNT = "AC" + "0123456789abcdef" * 2
MESSAGE = "SM" + "fedcba9876543210" * 2

# Every credential of the fixture's client, each unlike the others, some with characters that
# are escaped on the wire.
CREDENTIALS = {
    "api_key": "sk_live_server_key_1",
    "username": ACCOUNT,
    "password": "auth/token+secret 2",
    "maps_key": "browser key+/3",
    "session": "session-cookie-4",
    "app_id": "app_5",
    "access_token": "oauth-access-token-6",
}
BASIC = "Basic " + base64.b64encode(f"{ACCOUNT}:auth/token+secret 2".encode()).decode()
AUTH_HEADERS = ("authorization", "x-api-key", "x-relay-app", "cookie")


@pytest.fixture(autouse=True)
def _no_relay_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees credentials the caller's environment may hold."""
    import os

    for name in list(os.environ):
        if name.startswith(("RELAY_", "TWILIO_", "OPEN_")):
            monkeypatch.delenv(name)


@pytest.fixture(scope="module")
def relay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The `relay` package of the golden record, imported."""
    out = tmp_path_factory.mktemp("auth")
    shutil.copytree(GOLDEN / "relay", out / "relay")
    with imported(out, "relay") as module:
        yield module


def sent(request: Any) -> Dict[str, str]:
    """The credentials a recorded request carries: its auth headers and the `key` query parameter."""
    found = {name: request.headers[name] for name in AUTH_HEADERS if name in request.headers}
    if "key" in request.query:
        found["key"] = request.query["key"][0]
    return found


# Each method of the fixture, called with valid arguments, with a reply it accepts.
Call = Callable[[Any], Any]
CALLS: Dict[str, Tuple[Call, Any]] = {
    "status.retrieve": (lambda c: c.status.retrieve(), {"status": "ok"}),
    "oauth.token": (lambda c: c.oauth.token(grant_type="client_credentials", client_id="id", client_secret="s"), {"access_token": "t", "token_type": "bearer"}),
    "contacts.list": (lambda c: c.contacts.list(), {"data": [], "has_more": False}),
    "contacts.create": (lambda c: c.contacts.create(name="Ada"), {"id": "c1", "name": "Ada"}),
    "messages.create": (lambda c: c.messages.create(ACCOUNT, to="+15550001111", body="Hi"), {"sid": MESSAGE, "account_sid": ACCOUNT, "to": "+15550001111", "status": "queued"}),
    "messages.retrieve": (lambda c: c.messages.retrieve(ACCOUNT, MESSAGE), {"sid": MESSAGE, "account_sid": ACCOUNT, "to": "+1", "status": "sent"}),
    "maps.geocode": (lambda c: c.maps.geocode(address="1 Main St"), []),
    "maps.autocomplete": (lambda c: c.maps.autocomplete(input="Main"), []),
    "apps.installs.list": (lambda c: c.apps.installs.list("app_5"), []),
    "me.retrieve": (lambda c: c.me.retrieve(), {"id": "u1", "email": "a@example.com"}),
    "me.conversations.list": (lambda c: c.me.conversations.list(), []),
    "dashboard.usage": (lambda c: c.dashboard.usage(theme="dark"), {"messages_sent": 3}),
    "templates.list": (lambda c: c.templates.list(), []),
    "webhooks.list": (lambda c: c.webhooks.list(), []),
    "legacy.export": (lambda c: c.legacy.export(), "id,name\n"),
}

# What each request carries when the client has every credential: the first alternative each
# operation accepts, and nothing else.
EVERY_CREDENTIAL_SENDS = {
    "status.retrieve": {},
    "oauth.token": {},
    "contacts.list": {"x-api-key": "sk_live_server_key_1"},
    "contacts.create": {"x-api-key": "sk_live_server_key_1"},
    "messages.create": {"authorization": BASIC},
    "messages.retrieve": {"authorization": BASIC},
    "maps.geocode": {"key": "browser key+/3"},
    "maps.autocomplete": {"key": "browser key+/3"},
    "apps.installs.list": {"x-api-key": "sk_live_server_key_1", "x-relay-app": "app_5"},
    "me.retrieve": {"authorization": "Bearer oauth-access-token-6"},
    "me.conversations.list": {"authorization": "Bearer oauth-access-token-6"},
    "dashboard.usage": {"cookie": "relay_session=session-cookie-4; theme=dark"},
    "templates.list": {"x-api-key": "sk_live_server_key_1"},
    "webhooks.list": {"x-api-key": "sk_live_server_key_1"},  # its digest alternative cannot be sent
    "legacy.export": {},  # its only alternative names an undefined scheme
}


def _reply(server: ScriptedServer, body: Any) -> None:
    if isinstance(body, str):
        server.reply(200, body=body.encode(), headers={"Content-Type": "text/csv"})
    else:
        server.reply(200, json=body)


def _call_sync(client: Any, name: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # legacy.export is deprecated
        return CALLS[name][0](client)


async def _call_async(client: Any, name: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        result = CALLS[name][0](client)
        return await result if inspect.isawaitable(result) else result


# -- what each request sends ------------------------------------------------------------------------


def test_each_request_sends_the_first_alternative_its_operation_accepts_and_nothing_else(relay: Any, server: ScriptedServer) -> None:
    with relay.Relay(base_url=server.url, max_retries=0, **CREDENTIALS) as client:
        for name in CALLS:
            _reply(server, CALLS[name][1])
            _call_sync(client, name)

    assert {name: sent(request) for name, request in zip(CALLS, server.requests)} == EVERY_CREDENTIAL_SENDS


@pytest.mark.anyio
async def test_each_async_request_sends_the_same_as_the_sync_client(relay: Any, server: ScriptedServer) -> None:
    async with relay.AsyncRelay(base_url=server.url, max_retries=0, **CREDENTIALS) as client:
        for name in CALLS:
            _reply(server, CALLS[name][1])
            await _call_async(client, name)

    assert {name: sent(request) for name, request in zip(CALLS, server.requests)} == EVERY_CREDENTIAL_SENDS


@pytest.mark.parametrize(
    ("configured", "name", "expected"),
    [
        # The operation accepts the server key or basic: only basic is configured.
        ({"username": ACCOUNT, "password": "auth/token+secret 2"}, "contacts.list", {"authorization": BASIC}),
        # OAuth or the session cookie: only the cookie.
        ({"session": "s1"}, "me.conversations.list", {"cookie": "relay_session=s1"}),
        # The browser key or the server key: only the server key, so no query parameter.
        ({"api_key": "k1"}, "maps.autocomplete", {"x-api-key": "k1"}),
        # Nothing, or the server key: without a key the call goes without credentials.
        ({}, "templates.list", {}),
        ({"maps_key": "m1"}, "templates.list", {}),
        # Credentials the operation does not accept are not sent.
        ({"api_key": "k1", "access_token": "t1"}, "messages.retrieve", None),
    ],
)
def test_an_operation_sends_the_alternative_the_client_has_credentials_for(
    relay: Any, server: ScriptedServer, configured: Dict[str, str], name: str, expected: Optional[Dict[str, str]]
) -> None:
    _reply(server, CALLS[name][1])
    with relay.Relay(base_url=server.url, max_retries=0, **configured) as client:
        if expected is None:
            with pytest.raises(relay.RelayError):
                _call_sync(client, name)
            assert server.requests == []
        else:
            _call_sync(client, name)
            assert sent(server.last_request) == expected


def test_a_query_key_goes_to_the_apis_next_pages_but_not_to_another_origin(relay: Any, server: ScriptedServer) -> None:
    other = ScriptedServer()
    other.start()
    try:
        place = {"name": "Louvre", "lat": 48.86, "lng": 2.34}
        server.reply(200, json={"results": [place], "next_page_url": f"{server.url}/v1/places/search?query=museum&page=2"})
        server.reply(200, json={"results": [place], "next_page_url": f"{other.url}/v1/places/search?page=3"})
        other.reply(200, json={"results": [place], "next_page_url": None})
        with relay.Relay(base_url=server.url, max_retries=0, **CREDENTIALS) as client:
            names = [each.name for each in client.maps.search(query="museum")]
    finally:
        other.stop()

    assert names == ["Louvre"] * 3
    first, second = server.requests
    assert (first.query["key"], second.query["key"], second.query["page"]) == (["browser key+/3"], ["browser key+/3"], ["2"])
    assert sent(other.last_request) == {} and other.last_request.query == {"page": ["3"]}


# -- credentials: options, environment, errors ---------------------------------------------------------


def test_each_credential_is_an_option_read_from_its_environment_variable(relay: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    for option, value in CREDENTIALS.items():
        monkeypatch.setenv(f"RELAY_{option.upper()}", f"env-{value}")

    with relay.Relay(base_url=server.url, max_retries=0, api_key="given") as client:
        assert {option: getattr(client, option) for option in CREDENTIALS} == {
            **{option: f"env-{value}" for option, value in CREDENTIALS.items()},
            "api_key": "given",
        }
        _reply(server, CALLS["me.retrieve"][1])
        client.me.retrieve()

    assert sent(server.last_request) == {"authorization": "Bearer env-oauth-access-token-6"}
    signature = inspect.signature(relay.Relay)
    assert [name for name in signature.parameters if name in CREDENTIALS] == list(CREDENTIALS)


def test_a_call_that_needs_a_credential_the_client_lacks_raises_before_sending(relay: Any, server: ScriptedServer) -> None:
    with relay.Relay(base_url=server.url, max_retries=0) as client:  # no operation needs one credential
        with pytest.raises(relay.RelayError) as no_key:
            client.contacts.list()
        with pytest.raises(relay.RelayError) as half:
            client.with_options(api_key="k").apps.installs.list("app_5")

    assert str(no_key.value) == (
        "GET /v1/contacts needs credentials: pass api_key to the client or set RELAY_API_KEY; "
        "or pass username and password to the client or set RELAY_USERNAME and RELAY_PASSWORD"
    )
    assert str(half.value) == (
        "GET /v1/apps/app_5/installs needs credentials: pass api_key and app_id to the client or set RELAY_API_KEY and RELAY_APP_ID"
    )
    assert server.requests == []


@pytest.mark.anyio
async def test_an_async_call_that_needs_a_credential_the_client_lacks_raises(relay: Any, server: ScriptedServer) -> None:
    async with relay.AsyncRelay(base_url=server.url, max_retries=0, api_key="k") as client:
        with pytest.raises(relay.RelayError, match="^GET /v1/me needs credentials: pass access_token to the client or set RELAY_ACCESS_TOKEN$"):
            await client.me.retrieve()
    assert server.requests == []


def test_copy_and_with_options_carry_every_credential_and_replace_only_those_given(relay: Any, server: ScriptedServer) -> None:
    with relay.Relay(base_url=server.url, max_retries=0, **CREDENTIALS) as client:
        copied = client.with_options(timeout=5.0)
        replaced = client.copy(api_key="sk_other", password="other-token")
        for each in (copied, replaced):
            _reply(server, CALLS["contacts.list"][1])
            each.contacts.list()
            _reply(server, CALLS["messages.retrieve"][1])
            each.messages.retrieve(ACCOUNT, MESSAGE)

        assert {option: getattr(copied, option) for option in CREDENTIALS} == CREDENTIALS
        assert (replaced.api_key, replaced.password, replaced.maps_key) == ("sk_other", "other-token", "browser key+/3")
        assert (client.api_key, client.password) == ("sk_live_server_key_1", "auth/token+secret 2")

    other_basic = "Basic " + base64.b64encode(f"{ACCOUNT}:other-token".encode()).decode()
    assert [sent(request) for request in server.requests] == [
        {"x-api-key": "sk_live_server_key_1"},
        {"authorization": BASIC},
        {"x-api-key": "sk_other"},
        {"authorization": other_basic},
    ]


def test_secrets_never_appear_in_logs_reprs_or_error_messages(relay: Any, server: ScriptedServer, caplog: pytest.LogCaptureFixture) -> None:
    secrets = [value for option, value in CREDENTIALS.items() if option != "username"]
    wire = [BASIC, BASIC.split()[1], "browser+key%2B%2F3", "browser%20key%2B%2F3", "auth%2Ftoken%2Bsecret%202"]
    echoed = {"error": "denied", "echo": [*secrets, *wire]}
    errors: List[str] = []
    with caplog.at_level(logging.DEBUG, logger="relay"):
        with relay.Relay(base_url=server.url, max_retries=1, **CREDENTIALS) as client:
            for name in ("messages.retrieve", "maps.geocode", "dashboard.usage", "me.retrieve", "apps.installs.list"):
                server.reply(503, json=echoed, headers={"retry-after-ms": "1", "X-Echo": secrets[0]})
                server.reply(401, json=echoed, headers={"X-Echo": BASIC})
                with pytest.raises(relay.AuthenticationError) as raised:
                    _call_sync(client, name)
                errors += [str(raised.value), repr(raised.value)]
            server.reply(200, json=[])
            raw = client.maps.with_raw_response.geocode(address="x")
            shown = [caplog.text, *errors, repr(client), repr(raw)]

    assert any("<redacted>" in error for error in errors)
    assert len(caplog.records) >= 20
    for text in shown:
        for secret in [*secrets, *wire]:
            assert secret not in text, (secret, text)


# -- the client a spec gives ----------------------------------------------------------------------------


TWILIO_LIKE = minimal_spec(
    {
        "/2010-04-01/Accounts/{AccountSid}/Calls.json": {
            "get": {
                "operationId": "calls.list",
                "parameters": [{"name": "AccountSid", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": ok_response({"type": "object", "properties": {"calls": {"type": "array", "items": {"type": "string"}}}}),
            }
        },
        "/2010-04-01/Accounts.json": {
            "post": {"operationId": "accounts.create", "security": [{"accountSid_authToken": []}], "responses": ok_response({"type": "object"})}
        },
    },
    security=[{"accountSid_authToken": []}],
    components={"securitySchemes": {"accountSid_authToken": {"type": "http", "scheme": "basic"}}},
)
NO_SECURITY = minimal_spec({"/things": {"get": {"operationId": "things.list", "responses": ok_response({"type": "array", "items": {"type": "string"}})}}})
# Schemes whose natural option names clash, OpenID Connect, and names the client has already.
NAMES = minimal_spec(
    {
        "/username": {"get": {"operationId": "username.retrieve", "responses": ok_response({"type": "string"})}},
        "/partners": {"get": {"operationId": "partners.list", "security": [{"partnerKey": []}, {"userToken": []}], "responses": ok_response({"type": "string"})}},
        "/tuning": {"get": {"operationId": "tuning.get", "security": [{"timeout": [], "log": []}], "responses": ok_response({"type": "string"})}},
        "/sso": {"get": {"operationId": "sso.get", "security": [{"oidc": [], "basic": []}], "responses": ok_response({"type": "string"})}},
    },
    components={
        "securitySchemes": {
            "partnerKey": {"type": "apiKey", "in": "header", "name": "X-Partner-Key"},
            "userToken": {"type": "http", "scheme": "Bearer"},
            "timeout": {"type": "apiKey", "in": "query", "name": "t"},
            "log": {"type": "apiKey", "in": "cookie", "name": "l"},
            "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://example.com/.well-known/openid-configuration"},
            "basic": {"type": "http", "scheme": "basic"},
            "unused": {"type": "apiKey", "in": "header", "name": "X-Unused"},
        }
    },
)


INLINE = {"twilio": TWILIO_LIKE, "keyless": NO_SECURITY, "clashing": NAMES}


def generate_inline_sdks(folder: Path) -> Dict[str, Path]:
    """The SDKs of the inline specs (package: the key of `INLINE`, client class `Client`); their
    output folders. tests/test_typecheck_all.py type-checks them with the fixture's golden record."""
    return {name: generate_sdk(folder / name, spec, name) for name, spec in INLINE.items()}


@pytest.fixture(scope="module")
def inline_sdks(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    return generate_inline_sdks(tmp_path_factory.mktemp("auth_inline"))


def _security(spec: Dict[str, Any], tmp_path: Path) -> Any:
    path = write_spec(tmp_path, spec)
    config = Config(spec=path, output=tmp_path / "out", package="sdk", client="Sdk", env_prefix="SDK", base_url=None)
    api, ctx = build(load(path), config)
    return api, [p.message for p in ctx.problems]


def test_credentials_every_operation_needs_are_required_when_the_client_is_made(
    inline_sdks: Dict[str, Path], server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with imported(inline_sdks["twilio"], "twilio") as sdk:
        with pytest.raises(sdk.ClientError) as missing:
            sdk.Client(password="token")
        monkeypatch.setenv("TWILIO_USERNAME", ACCOUNT)
        monkeypatch.setenv("TWILIO_PASSWORD", "token")
        server.reply(200, json={"calls": []})
        with sdk.Client(base_url=server.url) as client:
            client.calls.list(ACCOUNT)

    assert str(missing.value) == (
        "The username client option must be set either by passing username to the client "
        "or by setting the TWILIO_USERNAME environment variable"
    )
    assert sent(server.last_request) == {"authorization": "Basic " + base64.b64encode(f"{ACCOUNT}:token".encode()).decode()}


@pytest.mark.parametrize(
    ("second", "required"),
    [
        (None, True),  # both operations inherit the top-level key
        ([], False),  # the second needs no credentials
        ([{}, {"key": []}], False),  # it may go without
        ([{"key": []}, {"basic": []}], False),  # it takes basic credentials instead
        ([{"key": [], "basic": []}], True),  # it takes both
    ],
)
def test_a_credential_is_required_at_construction_only_when_every_operation_needs_it(
    second: Optional[List[Dict[str, List[str]]]], required: bool, tmp_path: Path
) -> None:
    operation: Dict[str, Any] = {"operationId": "b.get", "responses": ok_response({"type": "string"})}
    if second is not None:
        operation["security"] = second
    spec = minimal_spec(
        {"/a": {"get": {"operationId": "a.get", "responses": ok_response({"type": "string"})}}, "/b": {"get": operation}},
        security=[{"key": []}],
        components={"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}, "basic": {"type": "http", "scheme": "basic"}}},
    )
    api, _problems = _security(spec, tmp_path)

    assert {c.name: c.required for c in api.sdk.security.credentials}["api_key"] is required


def test_a_spec_without_security_schemes_gives_a_client_without_credential_options(inline_sdks: Dict[str, Path], server: ScriptedServer) -> None:
    with imported(inline_sdks["keyless"], "keyless") as sdk:
        options = list(inspect.signature(sdk.Client).parameters)
        with pytest.raises(TypeError):
            sdk.Client(api_key="k")
        server.reply(200, json=["a"])
        with sdk.Client(base_url=server.url) as client:
            assert client.things.list() == ["a"] and client.auth_headers == {}

    assert options == ["base_url", "timeout", "max_retries", "default_headers", "default_query", "http_client", "_strict_response_validation"]
    assert sent(server.last_request) == {}


def test_options_are_named_after_what_they_hold_or_after_their_scheme_when_two_would_clash(inline_sdks: Dict[str, Path], tmp_path: Path) -> None:
    api, problems = _security(NAMES, tmp_path)

    names = {scheme.key: [(c.name, c.env, c.secret, c.required) for c in scheme.credentials] for scheme in api.sdk.security.schemes}
    assert names == {
        "partnerKey": [("partner_key", "SDK_PARTNER_KEY", True, False)],
        "userToken": [("user_token", "SDK_USER_TOKEN", True, False)],
        "timeout": [("timeout_", "SDK_TIMEOUT_", True, False)],  # the client's own option
        "log": [("log_", "SDK_LOG_", True, False)],  # SDK_LOG sets the logging level
        "oidc": [("access_token", "SDK_ACCESS_TOKEN", True, False)],
        "basic": [("username_", "SDK_USERNAME_", False, False), ("password", "SDK_PASSWORD", True, False)],  # `username` is a resource
    }
    assert [r.attr for r in api.resources][0] == "username"
    assert "security scheme 'unused' is named by no `security` requirement: the client has no option for it" in problems
    with imported(inline_sdks["clashing"], "clashing") as sdk:
        assert "user_token" in inspect.signature(sdk.Client).parameters


def test_express_keeps_its_one_api_key_sent_as_a_bearer_token(tmp_path: Path) -> None:
    config = resolve_config(spec=None, output=str(tmp_path), package=None, client=None, config_file=None, cwd=ROOT)
    api, _ctx = build(load(config.spec), config)

    (scheme,) = api.sdk.security.schemes
    assert (scheme.kind, scheme.wire_name, scheme.credentials) == ("bearer", "Authorization", (ir.Credential("api_key", "AVARA_API_KEY", required=True),))
    assert all(op.security is None for resource in api.all_resources() for op in resource.operations)


def test_schemes_and_requirements_that_cannot_be_sent_are_warned_about(tmp_path: Path) -> None:
    config = resolve_config(spec=str(SPEC), output=str(tmp_path), package="relay", client="Relay", config_file=None, cwd=ROOT)
    warnings_ = [f"{w.location.line}: {w.message} [#{w.location.pointer}]" for w in generate(config, cwd=ROOT).warnings]

    lines = SPEC.read_text(encoding="utf-8").splitlines()
    legacy = lines.index("        - legacyToken: []") + 1
    # A scheme is placed at its first key, the line after its name.
    digest, cert = (lines.index(name) + 2 for name in ("    digestAuth:", "    clientCert:"))
    assert warnings_ == [
        f"{legacy}: a security requirement names 'legacyToken', which components/securitySchemes does not define: that alternative is left out [#/paths/~1v1~1legacy~1export/get/security/0]",
        f"{digest}: security scheme 'digestAuth': HTTP authentication scheme 'digest' is not supported (only basic and bearer): operations that require it are sent without it [#/components/securitySchemes/digestAuth]",
        f"{cert}: security scheme 'clientCert' is mutual TLS: give the client an `http_client` that presents the certificate [#/components/securitySchemes/clientCert]",
    ]


def test_the_auth_fixture_output_matches_its_golden_record(tmp_path: Path) -> None:
    config = resolve_config(spec=str(SPEC), output=str(tmp_path), package="relay", client="Relay", config_file=None, cwd=ROOT)

    assert golden_mismatches(generate(config, cwd=ROOT).files, GOLDEN) == [], "refresh with: python tests/fixtures/refresh_golden.py"


# -- against Prism, which checks each request's credentials against the spec -------------------------------


@pytest.fixture(scope="module")
def relay_prism(prisms: PrismPool) -> str:
    return prisms.url("auth")


def test_prism_accepts_the_credentials_of_every_call(relay: Any, relay_prism: str) -> None:
    with relay.Relay(base_url=relay_prism, max_retries=0, **CREDENTIALS) as client:
        for name in CALLS:
            _call_sync(client, name)
    # Each operation with only the credentials of its second alternative.
    with relay.Relay(base_url=relay_prism, max_retries=0, username=ACCOUNT, password="t", session="s") as client:
        client.contacts.list()
        client.me.conversations.list()


@pytest.mark.anyio
async def test_prism_rejects_a_request_without_the_credentials_the_spec_requires(relay: Any, relay_prism: str) -> None:
    from relay._types import omit

    async with relay.AsyncRelay(base_url=relay_prism, max_retries=0, **CREDENTIALS) as client:
        await client.maps.geocode(address="x")
        with pytest.raises(relay.AuthenticationError):
            await client.maps.geocode(address="x", extra_query={"key": None})
        with pytest.raises(relay.AuthenticationError):
            await client.contacts.list(extra_headers={"X-API-Key": omit})
