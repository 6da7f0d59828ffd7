"""Models are the spec's models, and pages are named by style (tests/fixtures/specs/models.yaml): a
`$ref` to a named schema is one class wherever it is answered, only inline schemas and params get
classes per operation, and lists alike in what pagination reads share one page class."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any, Iterator

import pytest

from .scripted_server import Reply, ScriptedServer
from .spec_helpers import golden_mismatches
from .surface_sdks import MODELS

REGENERATE = ".venv/bin/python tests/fixtures/refresh_golden.py"
PET = {"id": "pet_1", "name": "Rex", "tags": [{"name": "good"}]}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with MODELS.imported(tmp_path_factory.mktemp("models")) as module:
        yield module


@pytest.fixture
def client(sdk: Any, server: ScriptedServer) -> Iterator[Any]:
    with sdk.Models(base_url=server.url, max_retries=0) as made:
        yield made


def _returns(method: Any) -> str:
    return str(inspect.signature(method).return_annotation)


def test_the_fixture_output_matches_its_golden_record(tmp_path: Path) -> None:
    assert golden_mismatches(MODELS.render(tmp_path), MODELS.golden) == [], f"regenerate with: {REGENERATE}"


def test_a_named_schema_is_one_model_whatever_operation_answers_it(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(201, json=PET)
    server.reply(200, json=PET)
    server.reply(200, json=PET)
    server.reply(200, json={"data": [PET], "has_more": False})
    server.reply(200, json={"id": "own_1", "pets": [PET]})

    answers = [client.pets.create(name="Rex"), client.pets.retrieve("pet_1"), client.pets.update("pet_1", name="Max")]
    answers += list(client.pets.list())
    answers += client.owners.retrieve("own_1").pets

    assert {type(a) for a in answers} == {sdk.types.Pet}
    assert [_returns(type(client.pets).create), _returns(type(client.pets).retrieve), _returns(type(client.pets).update)] == ["Pet"] * 3


def test_the_config_renames_a_schema_and_gives_an_answer_a_class_of_its_own(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(200, json=PET)

    photo = client.pets.photo("pet_1")

    # PetDTO is named Pet; getPetPhoto answers a PetPhotoResponse, which is a Pet.
    assert not hasattr(sdk.types, "PetDTO")
    assert type(photo) is sdk.types.PetPhotoResponse and isinstance(photo, sdk.types.Pet)
    assert (photo.name, photo.tags[0].name) == ("Rex", "good")


def test_only_inline_answers_and_params_get_classes_of_their_operation(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(200, json={**PET, "owner": {"id": "own_1"}, "adopted_at": "2025-01-02T03:04:05Z"})

    adopted = client.pets.adopt("pet_1", owner_id="own_1")

    assert type(adopted) is sdk.types.PetAdoptResponse and type(adopted.owner) is sdk.types.Owner
    per_operation = sorted(name for name in sdk.types.__all__ if name.endswith(("Response", "Params")))
    assert per_operation == [
        "ArticleListParams",
        "AuditListParams",
        "CustomerListParams",
        "InvoiceListParams",
        "LogListParams",
        "OwnerListParams",
        "PetAdoptParams",
        "PetAdoptResponse",
        "PetCreateParams",
        "PetListParams",
        "PetPhotoResponse",
        "PetUpdateParams",
        "RecordListParams",
        "ToyListParams",
    ]
    assert importlib.import_module("models_sdk.types.store").InventoryRetrieveResponse.__name__ == "InventoryRetrieveResponse"


def test_a_named_array_or_union_is_answered_as_its_members(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(200, json=[{"sku": "a", "quantity": 1}])
    server.reply(200, json={"kind": "dog", "good": True})

    lines = client.store.order_lines.list()
    animal = client.animals.retrieve("an_1")

    assert [type(line) for line in lines] == [sdk.types.Line]
    assert type(animal) is sdk.types.Dog and animal.good is True


def test_lists_that_differ_only_in_other_fields_share_a_page_class(sdk: Any, client: Any) -> None:
    pages = importlib.import_module("models_sdk.pagination")

    assert _returns(type(client.pets).list) == _returns(type(client.owners).list).replace("Owner", "Pet") == "SyncCursorData[Pet]"
    assert _returns(type(client.customers).list).startswith("SyncItemCursorData[")
    assert _returns(type(client.invoices).list).startswith("SyncItemCursorData[")
    assert _returns(type(client.logs).list) == "SyncCursorEntries[LogEntry]" and _returns(type(client.audits).list) == "SyncCursorEntries[LogEntry]"
    # A page that asks for the next one otherwise is a class of its own, named by how.
    assert _returns(type(client.toys).list) == "SyncCursorDataPageToken[Toy]"
    assert _returns(type(client.records.archived).list) == "SyncOffsetResultsWithoutTotal[Record]"
    assert sorted(name for name in pages.__all__ if name.startswith("Sync")) == [
        "SyncCursorData",
        "SyncCursorDataPageToken",
        "SyncCursorEntries",
        "SyncItemCursorData",
        "SyncLinkItems",
        "SyncOffsetResults",
        "SyncOffsetResultsWithoutTotal",
        "SyncPageNumberItems",
    ]


def test_a_shared_page_class_follows_each_operations_cursor(client: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"data": [PET], "next_cursor": "c1", "has_more": True})
    server.reply(200, json={"data": [PET], "has_more": False})
    server.reply(200, json={"data": [{"id": "own_1"}], "next_cursor": "c9", "has_more": True, "total": 2})
    server.reply(200, json={"data": [{"id": "own_2"}], "has_more": False, "total": 2})

    pets = [p.id for p in client.pets.list(limit=1)]
    owners = client.owners.list()
    first_total = owners.total
    owner_ids = [o.id for o in owners]

    assert pets == ["pet_1", "pet_1"] and owner_ids == ["own_1", "own_2"] and first_total == 2
    assert [r.query_string for r in server.requests] == ["limit=1", "limit=1&cursor=c1", "", "cursor=c9"]


def test_pages_whose_cursor_is_in_an_inline_object_share_a_class_and_follow_it(client: Any, server: ScriptedServer) -> None:
    entry = {"at": "2025-01-02T03:04:05Z", "message": "m"}
    server.reply(200, json={"entries": [entry], "meta": {"next": "n1"}})
    server.reply(200, json={"entries": [entry], "meta": {"next": None}})
    server.reply(200, json={"entries": [entry, entry], "meta": {}})

    logs = list(client.logs.list())
    audits = list(client.audits.list())

    assert (len(logs), len(audits)) == (2, 2)
    assert [r.query_string for r in server.requests] == ["", "page_token=n1", ""]


@pytest.mark.anyio
async def test_the_async_client_walks_a_shared_page_class(sdk: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"data": [{"id": "own_1"}], "next_cursor": "c1", "has_more": True})
    server.reply(200, json={"data": [{"id": "own_2"}], "has_more": False})
    server.reply(200, json={"data": [{"id": "toy_1"}], "next_page_token": "t1"})
    server.reply(200, json={"data": [{"id": "toy_2"}]})
    server.reply_with(lambda request: Reply(200, json=PET))

    async with sdk.AsyncModels(base_url=server.url, max_retries=0) as client:
        owners = [o.id async for o in client.owners.list()]
        toys = [t.id async for t in client.toys.list()]
        pet = await client.pets.retrieve("pet_1")

    assert (owners, toys, type(pet)) == (["own_1", "own_2"], ["toy_1", "toy_2"], sdk.types.Pet)
    assert [r.query_string for r in server.requests] == ["", "cursor=c1", "", "page_token=t1", ""]
