"""Method names from operationIds that are no Python names, and from no operationId at all: a
stable snake_case method, the convention's where one applies; clashes are told apart
deterministically and reported. (tests/test_methods_fixture.py shows the rules on a realistic spec.)"""

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
LISTED = ok_response({"type": "array", "items": {"type": "object", "properties": {"ok": {"type": "boolean"}}}})
ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]


def _op(operation_id: str | None = None, responses: Dict[str, Any] = OK, **extra: Any) -> Dict[str, Any]:
    op: Dict[str, Any] = {"responses": responses, **extra}
    if operation_id is not None:
        op["operationId"] = operation_id
    return op


SPEC = minimal_spec(
    {
        "/pets": {"get": _op("listPets", LISTED), "post": _op("CreatePet"), "put": _op("search"), "patch": _op("Patch every pet")},
        "/pets/{id}": {"parameters": ID, "get": _op("pets.fetch"), "delete": _op("delete_pet"), "put": _op("getHTTPStatus"), "patch": _op("replace-a-pet")},
        "/pets/search": {"get": _op("findPets", LISTED), "put": _op("import"), "delete": _op("2fa-verify")},
        "/stores": {"get": _op(responses=LISTED), "post": _op()},
        "/stores/{id}": {"parameters": ID, "get": _op(), "patch": _op(), "delete": _op()},
        "/stores/{id}/close": {"parameters": ID, "post": _op()},
        "/v1/orders": {"get": _op("listOrders", LISTED), "put": _op("列出")},
        "/clash": {"get": _op("listClashes", LISTED)},
        "/clash?mode=all": {"get": _op("list_all_clashes", LISTED)},
        "/clash?mode=other": {"get": _op("list", LISTED)},
        "/given": {"post": _op("makeGiven", **{"x-fern-sdk-group-name": ["", "x"], "x-speakeasy-name-override": 7})},
    }
)


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = generate_sdk(tmp_path_factory.mktemp("naming"), SPEC, "naming_sdk")
    with imported(out, "naming_sdk") as module:
        yield module


def _methods(resource: Any) -> List[str]:
    return [name for name, _ in inspect.getmembers(type(resource), inspect.isfunction) if not name.startswith("_")]


def _warnings(tmp_path: Path) -> List[str]:
    config = resolve_config(spec=str(write_spec(tmp_path, SPEC)), output=str(tmp_path / "out"), package="n", client="C", config_file=None, cwd=tmp_path)
    return [str(p) for p in generate(config, cwd=tmp_path).warnings]


def test_operations_without_an_id_are_named_by_rest_convention(sdk: Any) -> None:
    client = sdk.Client()

    assert _methods(client.stores) == sorted(["list", "create", "retrieve", "update", "delete", "close"])


def test_the_convention_beats_the_operation_id_s_synonyms_and_a_dotted_id_beats_the_convention(sdk: Any) -> None:
    pets = sdk.Client().pets

    # listPets, CreatePet, replace-a-pet (PATCH), delete_pet; pets.fetch names itself.
    assert {"list", "create", "update", "delete", "fetch"} <= set(_methods(pets))


def test_without_a_convention_the_operation_id_names_the_method_without_its_resource(sdk: Any) -> None:
    pets = sdk.Client().pets

    # PUT and PATCH of a list have no convention; "Patch every pet" loses "pet".
    assert {"search2", "patch_every"} <= set(_methods(pets))


def test_of_two_updates_the_patch_keeps_the_name_and_the_put_takes_its_operation_id(sdk: Any) -> None:
    pets = sdk.Client().pets

    assert "get_http_status" in _methods(pets)


def test_a_keyword_or_a_leading_digit_still_gives_a_public_method(sdk: Any) -> None:
    search = sdk.Client().pets.search

    assert _methods(search) == ["import_", "list", "two_fa_verify"]


def test_a_name_without_ascii_letters_still_gives_an_identifier(sdk: Any) -> None:
    orders = sdk.Client().orders

    assert _methods(orders) == ["list", "u5217_u51fa"]


def test_methods_that_want_one_name_keep_distinct_stable_names_and_a_warning_says_why(sdk: Any, tmp_path: Path) -> None:
    messages = _warnings(tmp_path)

    assert _methods(sdk.Client().clash) == ["list", "list2", "list_all"]
    assert any("operation clash.list (GET /clash?mode=all): GET /clash has that name; this one is list_all" in m for m in messages)
    assert any("operation clash.list (GET /clash?mode=other): GET /clash has that name; this one is list2" in m for m in messages)
    assert any("operation pets.search (PUT /pets): a sub-resource has that name; this one is search2" in m for m in messages)


def test_a_name_extension_that_is_no_name_is_ignored_with_a_warning(sdk: Any, tmp_path: Path) -> None:
    messages = _warnings(tmp_path)

    assert _methods(sdk.Client().given) == ["create"]
    assert any("x-fern-sdk-group-name must be a non-empty string or a list of strings; ignored" in m for m in messages)
    assert any("x-speakeasy-name-override must be a non-empty string; ignored" in m for m in messages)


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
    server.reply(200, json=[])

    client.pets.search2()
    client.pets.search.two_fa_verify()
    client.clash.list2()

    assert [(r.method, r.path, r.query_string) for r in server.requests] == [
        ("PUT", "/pets", ""),
        ("DELETE", "/pets/search", ""),
        ("GET", "/clash", "mode=other"),
    ]
    client.close()
