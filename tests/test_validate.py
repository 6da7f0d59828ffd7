"""`sdkgen validate` and the validation cache: known-valid parts are skipped, changed parts never are."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load
from generator.problems import GenerationError

from .spec_helpers import minimal_spec, ok_response, write_spec

SPEC = minimal_spec(
    {
        f"/things{i}": {"get": {"operationId": f"things{i}.list", "responses": ok_response({"$ref": f"#/components/schemas/Thing{i}"})}}
        for i in range(3)
    },
    {f"Thing{i}": {"type": "object", "properties": {"id": {"type": "string"}}} for i in range(3)},
)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))


def test_a_part_made_invalid_after_a_valid_run_is_still_reported(tmp_path: Path) -> None:
    load(write_spec(tmp_path, SPEC))
    broken = copy.deepcopy(SPEC)
    broken["components"]["schemas"]["Thing2"]["properties"]["id"]["type"] = "text"
    with pytest.raises(GenerationError) as exc:
        load(write_spec(tmp_path, broken))
    (problem,) = exc.value.problems
    assert problem.location.pointer == "/components/schemas/Thing2/properties/id/type"


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
    with pytest.raises(GenerationError) as exc:
        load(write_spec(tmp_path, broken))
    assert sorted(p.location.pointer for p in exc.value.problems) == [
        "/components/schemas/Thing0/properties/n/default",
        "/paths/~1things1/get/parameters/0/schema/default",
    ]


def test_a_default_checked_against_a_schema_of_another_part_is_found_where_it_is_written(tmp_path: Path) -> None:
    broken = copy.deepcopy(SPEC)
    schemas = broken["components"]["schemas"]
    schemas["Count"] = {"type": "integer"}
    for i in range(3):
        # Each default is wrong only by the schema `Count`, another part than its own.
        schemas[f"Thing{i}"]["properties"]["count"] = {"$ref": "#/components/schemas/Count"}
        schemas[f"Thing{i}"]["default"] = {"count": f"many{i}"}
    # The validator says where in the default the wrong value is; the place is found in the spec.
    expected = [(f"/components/schemas/Thing{i}/default/count", f"invalid OpenAPI 3.1.0: 'many{i}' is not of type 'integer'") for i in range(3)]

    def found(folder: Path) -> list[tuple[str, str]]:
        with pytest.raises(GenerationError) as exc:
            load(write_spec(folder, broken))
        return sorted((p.location.pointer, p.message) for p in exc.value.problems)

    assert found(tmp_path) == expected
