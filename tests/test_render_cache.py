"""Regeneration renders and formats only the files whose inputs changed, and gives what a cold run gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import rendercache
from generator.builder import build
from generator.config import resolve_config
from generator.load import load
from generator.pipeline import generate
from generator.render import _components, plan

from .spec_helpers import minimal_spec, ok_response, write_spec


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))


def _spec(list_params: list[dict[str, Any]]) -> dict[str, Any]:
    pet = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
    return minimal_spec(
        {
            "/pets": {"get": {"operationId": "pets.list", "parameters": list_params, "responses": ok_response({"type": "array", "items": {"$ref": "#/components/schemas/Pet"}})}},
            "/owners/{ownerId}": {
                "get": {
                    "operationId": "owners.retrieve",
                    "parameters": [{"name": "ownerId", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": ok_response({"$ref": "#/components/schemas/Owner"}),
                }
            },
        },
        {"Pet": pet, "Owner": {"type": "object", "properties": {"id": {"type": "string"}}}},
    )


_LIMIT = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
_SPECIES = {"name": "species", "in": "query", "schema": {"type": "string"}}


def _config(tmp_path: Path, spec: Path) -> Any:
    return resolve_config(spec=str(spec), output=str(tmp_path / "out"), package="pets", client=None, config_file=None, cwd=tmp_path)


def _keys(tmp_path: Path, spec: dict[str, Any]) -> dict[str, str]:
    path = write_spec(tmp_path, spec)
    api, _ctx = build(load(path, display_base=tmp_path), _config(tmp_path, path))
    return {job.path: job.key for job in plan(api)}


def test_changing_one_operation_changes_the_keys_of_its_resource_and_of_the_docs_only(tmp_path: Path) -> None:
    before = _keys(tmp_path, _spec([_LIMIT]))
    after = _keys(tmp_path, _spec([_LIMIT, _SPECIES]))
    assert before.keys() == after.keys()
    changed = {path for path in before if before[path] != after[path]}
    assert "pets/resources/pets.py" in changed
    assert "pets/types/pet_list_params.py" in changed
    assert {"README.md", "api.md"} <= changed
    assert "pets/resources/owners.py" not in changed
    assert "pets/types/pet.py" not in changed
    assert "pets/_base_client.py" not in changed


def test_api_md_re_renders_only_the_sections_of_what_changed(tmp_path: Path) -> None:
    def sections(spec: dict[str, Any]) -> dict[str, str]:
        path = write_spec(tmp_path, spec)
        api, _ctx = build(load(path, display_base=tmp_path), _config(tmp_path, path))
        page = next(job for job in plan(api) if job.path == "api.md")
        text, parts = page.text({})
        assert text == page.make() and "".join(parts.values()) == text
        return {part.split("\n", 2)[1]: key for key, part in parts.items()}  # first line of each section → key

    before = sections(_spec([_LIMIT]))
    after = sections(_spec([_LIMIT, _SPECIES]))
    changed = sorted(line for line in before if before[line] != after.get(line))
    assert changed == ["### `PetListParams`", "### `client.pets`"]


def test_the_same_spec_plans_the_same_keys_in_another_process(tmp_path: Path) -> None:
    # A key must not depend on object identity or hash seeds, or the cache would never hit.
    import json
    import subprocess
    import sys

    spec = write_spec(tmp_path, _spec([_LIMIT]))
    script = (
        "import json, sys; from pathlib import Path; from generator.builder import build; from generator.load import load;"
        "from generator.config import resolve_config; from generator.render import plan;"
        f"p = Path({str(spec)!r}); c = resolve_config(spec=str(p), output={str(tmp_path / 'out')!r}, package='pets', client=None, config_file=None, cwd=p.parent);"
        "api, _ = build(load(p, display_base=p.parent), c); print(json.dumps({j.path: j.key for j in plan(api)}))"
    )
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, cwd=Path(__file__).resolve().parent.parent) for seed in ("1", "2")]
    first, second = (json.loads(run.stdout) for run in runs)
    assert first == second


def test_regenerating_after_a_change_gives_exactly_what_a_cold_run_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = write_spec(tmp_path, _spec([_LIMIT]))
    config = _config(tmp_path, spec)
    generate(config)
    write_spec(tmp_path, _spec([_LIMIT, _SPECIES]))
    warm = generate(config)
    assert 0 < warm.formatted < 5
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cold-cache"))
    cold = generate(config)
    assert cold.formatted > 10
    assert warm.files == cold.files


def test_an_unreadable_render_cache_only_costs_time(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, _spec([_LIMIT]))
    config = _config(tmp_path, spec)
    first = generate(config).files
    record = rendercache._path(config.output, config.package)
    record.write_bytes(b"\x00garbage")
    assert rendercache.read(config.output, config.package) == {}
    assert generate(config).files == first


# -- the validator's findings are part of a run -------------------------------------------------------


def test_a_strict_run_fails_with_the_validators_errors_each_placed(tmp_path: Path) -> None:
    from generator.problems import GenerationError

    spec = _spec([_LIMIT, {"name": "q", "in": "nowhere", "schema": {"type": "string"}}])
    path = write_spec(tmp_path, spec)
    with pytest.raises(GenerationError) as caught:
        generate(_config(tmp_path, path), strict=True)
    pointers = [p.location.pointer for p in caught.value.problems if p.severity == "error"]
    assert "/paths/~1pets/get/parameters/1/in" in pointers
    assert all(p.location.line > 0 for p in caught.value.problems)


def test_a_run_reports_the_validators_findings_as_warnings(tmp_path: Path) -> None:
    spec = _spec([_LIMIT, {"name": "q", "in": "nowhere", "schema": {"type": "string"}}])
    result = generate(_config(tmp_path, write_spec(tmp_path, spec)))
    pointers = [p.location.pointer for p in result.warnings]
    assert "/paths/~1pets/get/parameters/1/in" in pointers


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefg"), st.sets(st.sampled_from("abcdefgh"), max_size=4), max_size=7))
def test_modules_import_each_other_exactly_when_each_reaches_the_other(edges: dict[str, set[str]]) -> None:
    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(edges.get(start, ()))
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(edges.get(node, ()))
        return seen

    component = _components(edges)
    for first in edges:
        for second in edges:
            both_ways = first == second or (second in reach(first) and first in reach(second))
            assert (component[first] == component[second]) == both_ways
