"""Method names: an operationId in any case style, or none at all, gives a stable snake_case
method; clashes are told apart deterministically and reported."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from generator.config import resolve_config
from generator.engine import generate

from .operations_sdk import generate_sdk, imported
from .scripted_server import ScriptedServer
from .spec_helpers import minimal_spec, ok_response, write_spec

OK = ok_response({"type": "object", "properties": {"ok": {"type": "boolean"}}})
ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]


def _op(operation_id: str | None = None, **extra: Any) -> Dict[str, Any]:
    op: Dict[str, Any] = {"responses": OK, **extra}
    if operation_id is not None:
        op["operationId"] = operation_id
    return op


SPEC = minimal_spec(
    {
        "/pets": {"get": _op("listPets"), "post": _op("CreatePet"), "put": _op("search"), "patch": _op("Patch every pet")},
        "/pets/{id}": {"parameters": ID, "get": _op("pets.fetch"), "delete": _op("delete_pet"), "put": _op("getHTTPStatus"), "patch": _op("replace-a-pet")},
        "/pets/search": {"get": _op("import"), "post": _op("2fa-verify")},
        "/stores": {"get": _op(), "post": _op()},
        "/stores/{id}": {"parameters": ID, "get": _op(), "patch": _op(), "delete": _op()},
        "/stores/{id}/close": {"parameters": ID, "post": _op()},
        "/v1/orders": {"get": _op("列出")},
        "/clash": {"get": _op("sameName"), "post": _op("same_name")},
    }
)


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = generate_sdk(tmp_path_factory.mktemp("naming"), SPEC, "naming_sdk")
    with imported(out, "naming_sdk") as module:
        yield module


def _methods(resource: Any) -> List[str]:
    return [name for name, _ in inspect.getmembers(type(resource), inspect.isfunction) if not name.startswith("_")]


def test_operation_ids_in_any_case_style_become_snake_case_methods(sdk: Any) -> None:
    pets = sdk.Client().pets

    assert _methods(pets) == sorted(
        ["list_pets", "create_pet", "search2", "patch_every_pet", "fetch", "delete_pet", "get_http_status", "replace_a_pet"]
    )


def test_a_keyword_or_a_leading_digit_still_gives_a_public_method(sdk: Any) -> None:
    search = sdk.Client().pets.search

    assert _methods(search) == ["import_", "two_fa_verify"]


def test_operations_without_an_id_are_named_from_method_and_path(sdk: Any) -> None:
    client = sdk.Client()

    assert _methods(client.stores) == sorted(["list", "create", "retrieve", "update", "delete", "close"])


def test_a_name_without_ascii_letters_still_gives_an_identifier(sdk: Any) -> None:
    orders = sdk.Client().orders

    assert _methods(orders) == ["u5217_u51fa"]


def test_clashing_names_get_a_numbered_suffix_and_a_warning(sdk: Any, tmp_path: Path) -> None:
    config = resolve_config(spec=str(write_spec(tmp_path, SPEC)), output=str(tmp_path / "out"), package="n", client="C", config_file=None, cwd=tmp_path)
    messages = [str(p) for p in generate(config, cwd=tmp_path).warnings]

    assert _methods(sdk.Client().clash) == ["same_name", "same_name2"]
    assert any("operation clash.same_name: another operation has that name; this one is same_name2" in m for m in messages)
    assert any("operation pets.search: a sub-resource has that name; this one is search2" in m for m in messages)


def test_the_names_are_the_same_on_every_run(tmp_path: Path) -> None:
    def rendered(folder: Path) -> Dict[str, str]:
        config = resolve_config(spec=str(write_spec(folder, SPEC)), output=str(folder / "out"), package="n", client="C", config_file=None, cwd=folder)
        return generate(config, cwd=folder).files

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert rendered(tmp_path / "a") == rendered(tmp_path / "b")


def test_a_renamed_method_still_calls_its_operation(sdk: Any, server: ScriptedServer) -> None:
    client = sdk.Client(base_url=server.url, max_retries=0)
    server.reply(200, json={"ok": True})
    server.reply(200, json={"ok": True})

    client.pets.search2()
    client.pets.search.two_fa_verify()

    assert [(r.method, r.path) for r in server.requests] == [("PUT", "/pets"), ("POST", "/pets/search")]
    client.close()
