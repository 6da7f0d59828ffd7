"""The build journal: a build that replays unchanged operations gives exactly what a full build gives."""

from __future__ import annotations

import copy
import marshal
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import ir, naming
from generator.build import HTTP_METHODS, build, journal
from generator.build.context import BuildContext
from generator.config import Config
from generator.load import load

from .spec_helpers import ROOT, write_spec

SPECS = ROOT / "tests" / "fixtures" / "specs"
FIXTURES = [SPECS / "operations.yaml", SPECS / "pagination.yaml", SPECS / "schemas.yaml", ROOT / "spec" / "express.yaml"]


def _config(spec: Path, out: Path) -> Config:
    return Config(spec=spec, output=out, package="sdk", client="Sdk", env_prefix="SDK", base_url=None)


def _build(spec: Path, out: Path, cache: Path) -> tuple[ir.Api, BuildContext]:
    """A build of `spec` into `out` with the journal (and the other caches) in `cache`."""
    before = os.environ.get("SDKGEN_CACHE_DIR")
    os.environ["SDKGEN_CACHE_DIR"] = str(cache)
    try:
        return build(load(spec, display_base=spec.parent, validate=False), _config(spec, out))
    finally:
        if before is None:
            del os.environ["SDKGEN_CACHE_DIR"]
        else:
            os.environ["SDKGEN_CACHE_DIR"] = before


def _same(replayed: tuple[ir.Api, BuildContext], full: tuple[ir.Api, BuildContext]) -> None:
    (api, ctx), (expected_api, expected_ctx) = replayed, full
    assert api == expected_api
    assert [str(p) for p in ctx.problems] == [str(p) for p in expected_ctx.problems]
    # The digests a replay takes from the journal are those of the values it gives.
    for value in (*api.models, *api.params_types):
        assert ctx.digests.of(value) == ir.digest(value)


def _operations(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return [(path, method) for path, item in spec["paths"].items() for method in HTTP_METHODS if isinstance(item, dict) and method in item]


@pytest.fixture
def work() -> Iterator[Path]:
    # Not tmp_path: hypothesis runs many examples in one test function, each wants its own folder.
    with tempfile.TemporaryDirectory(prefix="sdkgen-journal-") as folder:
        yield Path(folder)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_an_unchanged_spec_replays_every_operation_and_gives_the_same_build(fixture: Path, tmp_path: Path) -> None:
    spec = tmp_path / fixture.name
    shutil.copy(fixture, spec)
    first = _build(spec, tmp_path / "out", tmp_path / "cache")
    assert (first[1].replayed, first[1].built) == (0, len(_operations(yaml.safe_load(fixture.read_text()))))
    again = _build(spec, tmp_path / "out", tmp_path / "cache")
    assert (again[1].replayed, again[1].built) == (first[1].built, 0)
    _same(again, first)
    # Another output directory has a journal of its own.
    other = _build(spec, tmp_path / "other", tmp_path / "cache")
    assert other[1].replayed == 0


def _edit(spec: dict[str, Any], kind: str, pick: int) -> None:
    """One change a spec author makes, to the operation (or component schema) numbered `pick`."""
    ops = _operations(spec)
    path, method = ops[pick % len(ops)]
    operation = spec["paths"][path][method]
    schemas = spec.get("components", {}).get("schemas", {})
    if kind == "add query parameter":
        operation.setdefault("parameters", []).append({"name": "createdAfter", "in": "query", "schema": {"type": "string", "format": "date-time"}})
    elif kind == "remove operation":
        del spec["paths"][path][method]
    elif kind == "rename operation":
        operation["operationId"] = f"renamed{pick}"
    elif kind == "copy operation to a new path":
        spec["paths"][f"/copies/{pick}"] = {method: copy.deepcopy(operation) | {"operationId": f"copy{pick}"}}
    elif kind == "move operation to the front":
        item = spec["paths"].pop(path)
        spec["paths"] = {path: item, **spec["paths"]}
    elif kind == "change a component schema" and schemas:
        name = sorted(schemas)[pick % len(schemas)]
        schema = schemas[name]
        if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
            schema["properties"]["addedField"] = {"type": "integer", "description": "new"}
        else:
            schemas[name] = {"type": "object", "properties": {"replaced": {"type": "string"}}}
    elif kind == "add a component schema that takes a name":
        # A schema defined before the others takes its class name first: later names shift.
        spec.setdefault("components", {})["schemas"] = {"Pet": {"type": "object", "properties": {"x": {"type": "string"}}}, **schemas}
    elif kind == "add a subtype of a discriminated base":
        # Found by scanning every component schema for an `allOf` naming the base.
        for name, schema in list(schemas.items()):
            if isinstance(schema, dict) and "discriminator" in schema and "oneOf" not in schema:
                schemas[f"{name}Extra{pick}"] = {"allOf": [{"$ref": f"#/components/schemas/{name}"}, {"type": "object", "properties": {"extra": {"type": "string"}}}]}
    elif kind == "change a description":
        operation["description"] = f"Changed {pick} times"


KINDS = [
    "add query parameter",
    "remove operation",
    "rename operation",
    "copy operation to a new path",
    "move operation to the front",
    "change a component schema",
    "add a component schema that takes a name",
    "add a subtype of a discriminated base",
    "change a description",
]


def _replay_after(fixture: Path, edits: list[tuple[str, int]], folder: Path) -> None:
    original = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    spec_path = write_spec(folder, original)
    _build(spec_path, folder / "out", folder / "cache")  # leaves a journal
    changed = copy.deepcopy(original)
    for kind, pick in edits:
        if _operations(changed):
            _edit(changed, kind, pick)
    write_spec(folder, changed)
    replayed = _build(spec_path, folder / "out", folder / "cache")
    full = _build(spec_path, folder / "out", folder / "fresh-cache")
    assert full[1].replayed == 0
    _same(replayed, full)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_after_each_kind_of_edit_a_replaying_build_equals_a_full_build(fixture: Path, kind: str, tmp_path: Path) -> None:
    _replay_after(fixture, [(kind, 3)], tmp_path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fixture=st.sampled_from(FIXTURES), edits=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 50)), min_size=1, max_size=3))
def test_after_any_edits_in_turn_a_replaying_build_equals_a_full_build(fixture: Path, edits: list[tuple[str, int]], work: Path) -> None:
    folder = work / f"{fixture.stem}-{len(list(work.iterdir()))}"
    folder.mkdir()
    _replay_after(fixture, edits, folder)


def test_a_change_in_a_referenced_file_rebuilds_the_operations_that_read_it(tmp_path: Path) -> None:
    shutil.copytree(SPECS / "lenient", tmp_path / "spec")
    root = tmp_path / "spec" / "openapi.yaml"
    first = _build(root, tmp_path / "out", tmp_path / "cache")
    assert first[1].built > 0
    changed = 0
    for schema_file in sorted((tmp_path / "spec" / "schemas").glob("*.yaml")):
        data = yaml.safe_load(schema_file.read_text(encoding="utf-8"))
        for schema in data.values():  # a file of named schemas
            if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
                schema["properties"]["addedField"] = {"type": "integer"}
                changed += 1
        schema_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert changed, "the fixture has schema files with properties"
    replayed = _build(root, tmp_path / "out", tmp_path / "cache")
    assert replayed[1].built > 0 and "addedField" in str(replayed[0])
    _same(replayed, _build(root, tmp_path / "out", tmp_path / "fresh-cache"))


def _journal_file(cache: Path) -> Path:
    (found,) = (cache / "built").glob("*.marshal")
    return found


def test_a_damaged_journal_only_costs_a_full_build(tmp_path: Path) -> None:
    spec = tmp_path / "operations.yaml"
    shutil.copy(SPECS / "operations.yaml", spec)
    first = _build(spec, tmp_path / "out", tmp_path / "cache")
    journal_file = _journal_file(tmp_path / "cache")
    header, entries = marshal.loads(journal_file.read_bytes())
    # An entry whose payload is cut short: the replay gives up and the build starts over.
    key, inputs, payload = entries[2]
    entries[2] = (key, inputs, payload[: len(payload) // 2])
    journal_file.write_bytes(marshal.dumps((header, entries)))
    again = _build(spec, tmp_path / "out", tmp_path / "cache")
    assert again[1].replayed == 0
    _same(again, first)
    # Bytes that are no journal at all.
    journal_file.write_bytes(b"\x00not marshal")
    _same(_build(spec, tmp_path / "out", tmp_path / "cache"), first)
    # The next build replays again from the journal that one wrote.
    assert _build(spec, tmp_path / "out", tmp_path / "cache")[1].built == 0


class _Boom:
    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, ("echo journal code ran > /dev/null",))


def test_a_journal_entry_cannot_load_anything_but_the_generators_dataclasses() -> None:
    with pytest.raises(journal.Diverged, match="not an IR class: posix.system"):
        journal._loads(pickle.dumps(((), _Boom(), ())))
    with pytest.raises(journal.Diverged, match="not an IR class: builtins.eval"):
        journal._loads(pickle.dumps(eval))
    effects: Any = ((), ())
    operation = ir.TypeRef("primitive", "str")
    assert journal._loads(pickle.dumps((effects, operation, ()))) == (effects, operation, ())


def test_equal_values_have_equal_digests_however_their_parts_are_shared() -> None:
    name = "".join(["Pe", "t"])
    shared = ir.TypeRef("model", name, "pet")
    one = ir.TypeRef("union", args=(shared, shared))
    two = ir.TypeRef("union", args=(ir.TypeRef("model", "Pet", "pet"), ir.TypeRef("model", "Pet", "pet")))
    assert one == two and pickle.dumps(one) != pickle.dumps(two)
    assert ir.digest(one) == ir.digest(two)
    assert ir.digest(one) != ir.digest(ir.TypeRef("union", args=(shared,)))


def _paged_spec(meta_base_properties: dict[str, Any]) -> dict[str, Any]:
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    ok = lambda schema: {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}  # noqa: E731
    return {
        "openapi": "3.0.3",
        "info": {"title": "Paged", "version": "1"},
        "paths": {
            "/meta": {"get": {"operationId": "meta.retrieve", "responses": ok(ref("Meta"))}},
            "/things": {
                "get": {
                    "operationId": "things.list",
                    "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                    "x-pagination": {"style": "cursor", "items": "data", "cursor": "meta.nextCursor", "cursor_param": "cursor"},
                    "responses": ok(ref("Page")),
                }
            },
        },
        "components": {
            "schemas": {
                "Page": {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "string"}}, "meta": ref("Meta")}},
                "Meta": {"allOf": [ref("MetaBase"), {"type": "object", "properties": {"total": {"type": "integer"}}}]},
                "MetaBase": {"type": "object", "properties": meta_base_properties},
            }
        },
    }


def test_a_page_whose_cursor_lies_in_a_model_defined_earlier_follows_that_models_changes(tmp_path: Path) -> None:
    # `things.list` names the Python attribute of `meta.nextCursor`, a field of Meta (merged from
    # MetaBase), a model `meta.retrieve` defines first. When a new property of MetaBase takes
    # that attribute's name, the replayed page must name the new one.
    spec = write_spec(tmp_path, _paged_spec({"nextCursor": {"type": "string"}}))
    _build(spec, tmp_path / "out", tmp_path / "cache")
    write_spec(tmp_path, _paged_spec({"next_cursor": {"type": "integer"}, "nextCursor": {"type": "string"}}))
    replayed = _build(spec, tmp_path / "out", tmp_path / "cache")
    full = _build(spec, tmp_path / "out", tmp_path / "fresh-cache")
    (things,) = [op for resource in full[0].all_resources() for op in resource.operations if op.pagination]
    assert things.pagination is not None and "meta.next_cursor2" in str(things.pagination)
    _same(replayed, full)


def test_an_allocator_tells_whether_claims_would_come_out_as_recorded_without_claiming() -> None:
    names = naming.LoggedAllocator({"Pet"})
    assert names.gives([("Pet", "Pet2"), ("Pet", "Pet3"), ("Owner", "Owner")])
    assert not names.gives([("Pet", "Pet")])
    assert not names.gives([("Pet", "Pet2"), ("Pet", "Pet2")])
    assert names.claims == [] and names.claim("Pet") == "Pet2" and names.claims == [("Pet", "Pet2")]
