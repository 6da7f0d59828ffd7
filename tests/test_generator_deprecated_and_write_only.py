"""`deprecated` operations warn on call; `readOnly` properties stay out of requests and
`writeOnly` ones out of responses."""

from __future__ import annotations

import importlib
import sys
import warnings
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.cli import main

from .scripted_server import ScriptedServer
from .spec_helpers import minimal_spec, ok_response, write_spec

ACCOUNT = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "readOnly": True},
        "name": {"type": "string"},
        "password": {"type": "string", "writeOnly": True},
    },
}


@pytest.fixture(scope="module")
def accounts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A small generated SDK, imported."""
    folder = tmp_path_factory.mktemp("accounts")
    spec = minimal_spec(
        {
            "/accounts": {
                "post": {
                    "operationId": "accounts.create",
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Account"}}}},
                    "responses": ok_response({"$ref": "#/components/schemas/Account"}),
                },
                "get": {
                    "operationId": "accounts.legacy_list",
                    "deprecated": True,
                    "responses": ok_response({"type": "array", "items": {"$ref": "#/components/schemas/Account"}}),
                },
            }
        },
        {"Account": ACCOUNT},
    )
    path = write_spec(folder, spec)
    assert main(["generate", str(path), "-o", str(folder / "out"), "--package", "accounts_sdk", "--client", "Accounts", "-q"]) == 0
    sys.path.insert(0, str(folder / "out"))
    try:
        yield importlib.import_module("accounts_sdk")
    finally:
        sys.path.remove(str(folder / "out"))
        for name in [m for m in sys.modules if m == "accounts_sdk" or m.startswith("accounts_sdk.")]:
            del sys.modules[name]


def test_read_only_properties_are_not_request_arguments(accounts: Any) -> None:
    params = importlib.import_module("accounts_sdk.types.account_create_params").AccountCreateParams
    assert set(params.__annotations__) == {"name", "password"}


def test_write_only_properties_are_not_response_fields(accounts: Any) -> None:
    model = importlib.import_module("accounts_sdk.types.account").Account
    assert set(model.model_fields) == {"id", "name"}


def test_a_deprecated_operation_warns_on_call_and_says_so_in_its_docstring(accounts: Any, server: ScriptedServer) -> None:
    client = accounts.Accounts(base_url=server.url, max_retries=0)
    server.reply(200, json=[{"id": "a1", "name": "x"}])
    with pytest.warns(DeprecationWarning, match=r"accounts\.legacy_list\(\) is deprecated"):
        listed = client.accounts.legacy_list()
    assert listed[0].id == "a1"
    assert "Deprecated" in (type(client.accounts).legacy_list.__doc__ or "")
    server.reply(200, json={"id": "a2"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.accounts.create(name="n", password="secret")
    assert server.requests[-1].json == {"name": "n", "password": "secret"}
