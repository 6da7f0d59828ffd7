"""`sdkgen diff`: each kind of change to the SDK's interface, classed breaking or additive."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable

import pytest

from generator.builder import build
from generator.config import resolve_config
from generator.diff import Report, compare_apis
from generator.load import load

from .spec_helpers import minimal_spec, ok_response, write_spec

BASE = minimal_spec(
    {
        "/pets": {
            "get": {
                "operationId": "pets.list",
                "parameters": [
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    {"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["cat", "dog"]}},
                ],
                "responses": ok_response(
                    {
                        "type": "object",
                        "required": ["data", "hasMore"],
                        "properties": {
                            "data": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
                            "hasMore": {"type": "boolean"},
                            "cursor": {"type": ["string", "null"]},
                        },
                    }
                ),
            }
        },
        "/pets/{petId}": {
            "get": {
                "operationId": "pets.retrieve",
                "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": ok_response({"$ref": "#/components/schemas/Pet"}),
            }
        },
    },
    {
        "Pet": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "status": {"type": "string", "enum": ["available", "sold"]},
                "nickname": {"type": "string"},
            },
        }
    },
)


def _report(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Report:
    new = copy.deepcopy(BASE)
    change(new)
    apis = []
    for name, spec in (("old.yaml", BASE), ("new.yaml", new)):
        path = write_spec(tmp_path, spec, name)
        config = resolve_config(spec=str(path), output=None, package="pets", client=None, config_file=None, cwd=tmp_path)
        apis.append(build(load(path), config)[0])
    return compare_apis(apis[0], apis[1])


def _pet(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]["Pet"]


def _list_params(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec["paths"]["/pets"]["get"]["parameters"]


def _rename_pet(spec: dict[str, Any]) -> None:
    """The Pet schema renamed Animal, every reference to it following."""
    spec["components"]["schemas"]["Animal"] = spec["components"]["schemas"].pop("Pet")
    spec["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["data"]["items"]["$ref"] = "#/components/schemas/Animal"
    spec["paths"]["/pets/{petId}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] = "#/components/schemas/Animal"


CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str, str]] = [
    ("method removed", lambda s: s["paths"].pop("/pets/{petId}"), "breaking", "client.pets.retrieve", "method removed"),
    (
        "method added",
        lambda s: s["paths"]["/pets/{petId}"].update(
            delete={
                "operationId": "pets.delete",
                "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "gone"}},
            }
        ),
        "additive",
        "client.pets.delete",
        "new method",
    ),
    ("required param added", lambda s: _list_params(s).append({"name": "owner", "in": "query", "required": True, "schema": {"type": "string"}}), "breaking", "client.pets.list", "new required parameter `owner: str`"),
    ("optional param added", lambda s: _list_params(s).append({"name": "owner", "in": "query", "schema": {"type": "string"}}), "additive", "client.pets.list", "new optional parameter `owner: str`"),
    ("param removed", lambda s: _list_params(s).pop(1), "breaking", "client.pets.list", "parameter `kind` removed"),
    ("param type changed", lambda s: _list_params(s)[0].update(schema={"type": "integer"}), "breaking", "client.pets.list", "parameter `cursor` changes from `str` to `int`"),
    ("request enum value added", lambda s: _list_params(s)[1]["schema"]["enum"].append("bird"), "additive", "client.pets.list", "parameter `kind` gains enum value 'bird'"),
    ("request enum value removed", lambda s: _list_params(s)[1]["schema"]["enum"].remove("dog"), "breaking", "client.pets.list", "parameter `kind` loses enum value 'dog'"),
    ("response enum value added", lambda s: _pet(s)["properties"]["status"]["enum"].append("held"), "additive", "Pet.status", "field type gains enum value 'held'"),
    ("field removed", lambda s: _pet(s)["properties"].pop("nickname"), "breaking", "Pet.nickname", "field removed"),
    ("field added", lambda s: _pet(s)["properties"].update(age={"type": "integer"}), "additive", "Pet.age", "new optional field `int`"),
    ("field no longer required", lambda s: _pet(s)["required"].remove("name"), "breaking", "Pet.name", "field may now be absent (no longer required)"),
    ("field type changed", lambda s: _pet(s)["properties"]["name"].update(type="integer"), "breaking", "Pet.name", "field type changes from `str` to `int`"),
    ("field becomes nullable", lambda s: _pet(s)["properties"]["name"].update(type=["string", "null"]), "breaking", "Pet.name", "field type becomes nullable (`Optional[str]`)"),
    ("pagination lost", lambda s: _list_params(s).pop(0), "breaking", "client.pets.list", "no longer paginated"),
    (
        "method renamed",
        lambda s: s["paths"]["/pets/{petId}"]["get"].update(operationId="pets.fetch"),
        "breaking",
        "client.pets.retrieve",
        "method renamed to `client.pets.fetch`",
    ),
    ("model renamed", _rename_pet, "breaking", "Pet", "model renamed to `Animal`"),
]


@pytest.mark.parametrize(("label", "change", "kind", "subject", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_change_is_classed(tmp_path: Path, label: str, change: Callable[[dict[str, Any]], None], kind: str, subject: str, message: str) -> None:
    report = _report(tmp_path, change)
    found = [c for c in report.changes if c.subject == subject and c.message.startswith(message)]
    assert found, [str(c) for c in report.changes]
    assert found[0].kind == kind
    assert report.bump == ("major" if kind == "breaking" else report.bump)
    if kind == "additive" and not report.breaking:
        assert report.bump == "minor"


def test_no_change_means_no_bump(tmp_path: Path) -> None:
    report = _report(tmp_path, lambda s: s["info"].update(description="Only the docs changed."))
    assert report.changes == () and report.bump == "none"


def test_markdown_lists_breaking_changes_before_additive_ones(tmp_path: Path) -> None:
    def change(s: dict[str, Any]) -> None:
        _pet(s)["properties"].pop("nickname")
        _pet(s)["properties"]["age"] = {"type": "integer"}

    text = _report(tmp_path, change).to_markdown("v1.yaml", "v2.yaml")
    assert text.index("### Breaking") < text.index("### Additive")
    assert "**Semver: major** (1 breaking, 1 additive)" in text


def test_a_renamed_model_is_one_change_not_a_removal_and_new_types_everywhere(tmp_path: Path) -> None:
    report = _report(tmp_path, _rename_pet)

    assert [(c.kind, c.subject, c.message) for c in report.changes] == [("breaking", "Pet", "model renamed to `Animal`")]


def test_a_renamed_method_is_still_compared_with_itself(tmp_path: Path) -> None:
    def change(s: dict[str, Any]) -> None:
        s["paths"]["/pets"]["get"]["operationId"] = "pets.list_all"
        _list_params(s).append({"name": "owner", "in": "query", "schema": {"type": "string"}})

    changes = [(c.kind, c.subject, c.message) for c in _report(tmp_path, change).changes]

    assert changes == [
        ("breaking", "client.pets.list", "method renamed to `client.pets.list_all`"),
        ("additive", "client.pets.list_all", "new optional parameter `owner: str`"),
    ]
