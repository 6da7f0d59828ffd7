"""`sdkgen validate` and the OpenAPI validator: every finding placed where it is written in the spec."""

from __future__ import annotations

import copy
import json
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
    # A union without a discriminator has none to ignore.
    spec["components"]["schemas"]["Thing2"]["properties"]["either"] = {"oneOf": [{"type": "string"}, {"type": "integer"}]}
    write_spec(tmp_path, spec)
    assert main(["validate", str(tmp_path / "spec.yaml")]) == 0
    err = capsys.readouterr().err
    assert "`discriminator` is ignored" not in err
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


def _validate_output(folder: Path, spec: dict, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The problems `sdkgen validate` prints for `spec`, one line each."""
    path = write_spec(folder, spec)
    main(["validate", str(path)])
    return [line.removeprefix(f"{folder}/") for line in capsys.readouterr().err.strip().splitlines()]


def _place(folder: Path, pointer: str) -> str:
    """`spec.yaml:line:col` of `pointer` in the spec last written to `folder`."""
    location = load(folder / "spec.yaml", display_base=folder).location((folder / "spec.yaml").resolve(), pointer)
    assert location.line > 1
    return f"{location.file}:{location.line}:{location.column}"


def test_a_finding_inside_an_inline_schema_is_placed_where_it_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/things0"]["get"]["parameters"] = [{"name": "n", "in": "query", "schema": {"type": "integer", "minimum": "zero"}}]
    # Reached through a $ref: placed where the schema is written, not along the way to it.
    spec["paths"]["/things1"]["get"]["parameters"] = [{"$ref": "#/components/parameters/Name"}]
    spec["components"]["parameters"] = {"Name": {"name": "name", "in": "query", "schema": {"type": "string", "maxLength": -1}}}
    lines = _validate_output(tmp_path, spec, capsys)
    minimum = "/paths/~1things0/get/parameters/0/schema/minimum"
    max_length = "/components/parameters/Name/schema/maxLength"
    assert lines == [
        f"{_place(tmp_path, minimum)}: warning: invalid OpenAPI 3.1.0: 'zero' is not of type 'number' [#{minimum}]",
        f"{_place(tmp_path, max_length)}: warning: invalid OpenAPI 3.1.0: -1 is less than the minimum of 0 [#{max_length}]",
    ]


def test_a_part_the_validator_fails_on_is_one_warning_at_that_part_and_the_rest_is_still_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = copy.deepcopy(SPEC)
    # openapi-spec-validator raises KeyError on a parameter without a name...
    spec["paths"]["/things0"]["get"]["parameters"] = [{"in": "query", "schema": {"type": "string"}}]
    # ... and TypeError on a `required` that is not a list of names, beside allOf; this schema is
    # reached first through /things1, and named as the part that could not be checked.
    spec["components"]["schemas"]["Thing1"] = {"allOf": [{"type": "object"}], "required": [{"id": True}]}
    spec["components"]["schemas"]["Thing2"]["properties"]["id"]["type"] = "text"  # an ordinary finding
    lines = [line for line in _validate_output(tmp_path, spec, capsys) if "the OpenAPI validator failed" in line or "invalid OpenAPI 3.1.0: 'text'" in line]
    assert lines == [
        f"{_place(tmp_path, '/paths/~1things0')}: warning: the OpenAPI validator failed on the path item '/things0' (KeyError: 'name'), so it is not checked [#/paths/~1things0]",
        f"{_place(tmp_path, '/components/schemas/Thing1')}: warning: the OpenAPI validator failed on the component schema 'Thing1' (TypeError: unhashable type: 'dict'), so it is not checked [#/components/schemas/Thing1]",
        f"{_place(tmp_path, '/components/schemas/Thing2/properties/id/type')}: warning: invalid OpenAPI 3.1.0: 'text' is not valid under any of the given schemas [#/components/schemas/Thing2/properties/id/type]",
    ]


def test_a_schema_too_deep_for_the_validator_is_named_once(tmp_path: Path) -> None:
    deep: dict = {"type": "string"}
    for _level in range(300):
        deep = {"type": "object", "properties": {"child": deep}}
    spec = copy.deepcopy(SPEC)
    spec["components"]["schemas"]["Deep"] = deep
    spec["components"]["schemas"]["Thing2"]["properties"]["id"]["type"] = "text"
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    problems = validate(load(path, display_base=tmp_path), strict=True)
    failures = [p for p in problems if "the OpenAPI validator failed" in p.message]
    assert [(p.severity, p.location.pointer) for p in failures] == [("warning", "/components/schemas/Deep")]
    assert failures[0].message.startswith("the OpenAPI validator failed on the component schema 'Deep' (RecursionError: ")
    # Every other part is still checked, by both of the validator's passes.
    assert "/components/schemas/Thing2/properties/id/type" in [p.location.pointer for p in problems if p.severity == "error"]


def test_a_finding_in_another_file_of_the_spec_is_placed_in_that_file(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(
        'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths:\n  /pets:\n    get:\n      parameters:\n        - $ref: "parts.yaml#/Limit"\n'
        '      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n'
        '              schema: {$ref: "parts.yaml#/Pet"}\n'
    )
    (tmp_path / "parts.yaml").write_text(
        "Limit:\n  name: limit\n  in: query\n  schema: {type: integer, minimum: one}\n"
        "Pet:\n  type: object\n  properties:\n    tags: {type: array, items: {type: string}, maxItems: -2}\n"
    )
    problems = validate(load(tmp_path / "spec.yaml", display_base=tmp_path), strict=True)
    assert sorted((str(p.location), p.location.pointer, p.message) for p in problems) == [
        ("parts.yaml:4:36", "/Limit/schema/minimum", "invalid OpenAPI 3.1.0: 'one' is not of type 'number'"),
        ("parts.yaml:8:58", "/Pet/properties/tags/maxItems", "invalid OpenAPI 3.1.0: -2 is less than the minimum of 0"),
    ]
