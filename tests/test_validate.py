"""`sdkgen validate` and the OpenAPI validator: every finding placed where it is written in the spec."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load
from generator.problems import Problem
from generator.validator import validate

from .spec_helpers import minimal_spec, ok_response, write_spec

SPEC = minimal_spec(
    {
        f"/things{i}": {"get": {"operationId": f"things{i}.list", "responses": ok_response({"$ref": f"#/components/schemas/Thing{i}"})}}
        for i in range(3)
    },
    {f"Thing{i}": {"type": "object", "properties": {"id": {"type": "string"}}} for i in range(3)},
)


def _validated(folder: Path, spec: dict, *, strict: bool = True) -> list[Problem]:
    return validate(load(write_spec(folder, spec), display_base=folder), strict=strict)


def test_a_valid_spec_has_no_findings(tmp_path: Path) -> None:
    assert _validated(tmp_path, SPEC) == []


def test_findings_in_a_schema_and_in_a_parameter_are_placed_at_their_keywords(tmp_path: Path) -> None:
    broken = copy.deepcopy(SPEC)
    broken["components"]["schemas"]["Thing1"]["properties"]["id"]["type"] = "text"
    broken["paths"]["/things0"]["get"]["parameters"] = [{"name": "q", "in": "body", "schema": {"type": "string"}}]
    problems = _validated(tmp_path, broken)
    assert sorted(p.location.pointer for p in problems) == ["/components/schemas/Thing1/properties/id/type", "/paths/~1things0/get/parameters/0/in"]
    assert {p.severity for p in problems} == {"error"}
    assert {p.severity for p in _validated(tmp_path, broken, strict=False)} == {"warning"}


def test_validate_warns_about_keywords_the_generator_ignores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = copy.deepcopy(SPEC)
    spec["components"]["schemas"]["Thing0"]["not"] = {"type": "string"}
    spec["components"]["schemas"]["Thing1"]["properties"]["secret"] = {"type": "string", "writeOnly": True}
    spec["components"]["schemas"]["Thing1"]["patternProperties"] = {"^x-": {"type": "string"}}
    write_spec(tmp_path, spec)
    assert main(["validate", str(tmp_path / "spec.yaml")]) == 0
    err = capsys.readouterr().err
    assert "warning: `not` is ignored" in err and "[#/components/schemas/Thing0/not]" in err
    assert "warning: `patternProperties` is ignored" in err and "[#/components/schemas/Thing1/patternProperties]" in err
    assert "writeOnly" not in err  # honoured: response models leave such properties out


def test_a_wrong_default_is_placed_where_it_is_written(tmp_path: Path) -> None:
    broken = copy.deepcopy(SPEC)
    broken["components"]["schemas"]["Thing0"]["properties"]["n"] = {"type": "integer", "default": "x"}
    broken["paths"]["/things1"]["get"]["parameters"] = [{"name": "q", "in": "query", "schema": {"type": "integer", "default": "two"}}]
    assert sorted(p.location.pointer for p in _validated(tmp_path, broken)) == [
        "/components/schemas/Thing0/properties/n/default",
        "/paths/~1things1/get/parameters/0/schema/default",
    ]


def test_a_default_checked_against_a_schema_it_refers_to_is_placed_in_the_default(tmp_path: Path) -> None:
    broken = copy.deepcopy(SPEC)
    schemas = broken["components"]["schemas"]
    schemas["Count"] = {"type": "integer"}
    for i in range(3):
        # Each default is wrong only by the schema `Count`, another part than its own.
        schemas[f"Thing{i}"]["properties"]["count"] = {"$ref": "#/components/schemas/Count"}
        schemas[f"Thing{i}"]["default"] = {"count": f"many{i}"}
    # The validator says where in the default the wrong value is; the place is found in the spec.
    expected = [(f"/components/schemas/Thing{i}/default/count", f"invalid OpenAPI 3.1.0: 'many{i}' is not of type 'integer'") for i in range(3)]
    assert sorted((p.location.pointer, p.message) for p in _validated(tmp_path, broken)) == expected
