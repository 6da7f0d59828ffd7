"""generator/naming.py: any spec name becomes a valid, deterministic Python identifier that hides nothing."""

from __future__ import annotations

import keyword
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import naming

from .spec_helpers import ROOT


@pytest.mark.parametrize(
    ("wire", "snake", "pascal"),
    [
        ("DateCreated<", "date_created_lt", "DateCreatedLt"),
        ("DateCreated>", "date_created_gt", "DateCreatedGt"),
        ("DateCreated>=", "date_created_gte", "DateCreatedGte"),
        ("Map<String,Object>", "map_string_object", "MapStringObject"),
        ("a<b", "a_b", "AB"),
        ("com.example.Tool", "com_example_tool", "ComExampleTool"),
        ("my pet name", "my_pet_name", "MyPetName"),
        ("Straße", "strasse", "Strasse"),
        ("naïve café", "naive_cafe", "NaiveCafe"),
        ("名前", "u540d_u524d", "U540dU524d"),
        ("a名b", "a_u540d_b", "AU540dB"),
        ("", "unnamed", "Unnamed"),
        ("\u2028\x00", "unnamed", "Unnamed"),
        ("match", "match_", "Match"),
        ("None", "none", "None_"),
    ],
)
def test_spec_names_become_identifiers(wire: str, snake: str, pascal: str) -> None:
    assert (naming.snake(wire), naming.pascal(wire)) == (snake, pascal)


def test_non_ascii_names_that_differ_stay_apart() -> None:
    assert naming.snake("名前") != naming.snake("名後")
    assert naming.snake("x名") != naming.snake("x前")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_every_string_gives_a_valid_identifier_that_is_not_a_keyword(wire: str) -> None:
    for name in (naming.snake(wire), naming.pascal(wire), naming.field_name(wire), naming.method_name(wire)):
        assert name.isidentifier() and name.isascii()
        assert not keyword.iskeyword(name) and name not in ("_", "case", "match")
    assert naming.snake(wire) == naming.snake(wire)  # deterministic


def test_fields_that_would_hide_a_type_of_their_module_are_escaped() -> None:
    # `date: Optional[date]` in a pydantic model makes the annotation refer to the field.
    assert [naming.field_name(n) for n in ("date", "datetime", "str", "object")] == ["date_", "datetime_", "str_", "object_"]
    # ...while names that hide nothing stay as they are.
    assert [naming.field_name(n) for n in ("id", "type", "list")] == ["id", "type", "list"]


def test_resource_names_never_replace_client_or_resource_attributes() -> None:
    assert naming.resource_name("copy", top_level=True) == "copy_"
    assert naming.resource_name("with-options", top_level=True) == "with_options_"
    assert naming.resource_name("base_url", top_level=True) == "base_url_"
    assert naming.resource_name("copy", top_level=False) == "copy"
    assert naming.method_name("with_raw_response") == "with_raw_response_"
    assert naming.method_name("str") == "str_"
    assert naming.method_name("list") == "list"


def test_allocator_can_fold_case_for_file_names() -> None:
    files = naming.Allocator(casefold=True)
    assert [files.claim(n) for n in ("foo", "Foo", "FOO")] == ["foo", "Foo2", "FOO3"]


def test_client_attrs_list_every_public_attribute_of_the_generated_client() -> None:
    sys.path.insert(0, str(ROOT / "generated"))
    try:
        import avara

        client = avara.Avara(api_key="k", base_url="http://localhost")
        public = {n for n in set(dir(client)) | set(vars(client)) if not n.startswith("_")}
        client.close()
    finally:
        sys.path.remove(str(ROOT / "generated"))
    resources = {"express"}
    assert public - resources <= naming.CLIENT_ATTRS


def test_names_do_not_depend_on_the_python_that_generates() -> None:
    # `type` became a soft keyword in Python 3.12; it stays a plain name in every SDK.
    assert naming.snake("type") == "type" and naming.snake("match") == "match_"


_NAMES = st.text(alphabet=st.sampled_from(list("aAbB_-. 0<>=!é名$")), max_size=6)


@settings(max_examples=100, deadline=None)
@given(
    params=st.lists(_NAMES, min_size=1, max_size=6, unique=True),
    schemas=st.lists(_NAMES.filter(lambda n: "/" not in n), min_size=1, max_size=5, unique=True),
    resources=st.lists(_NAMES.filter(lambda n: n.strip("/")), min_size=1, max_size=4, unique=True),
)
def test_any_set_of_spec_names_gives_distinct_python_names_and_file_names(
    tmp_path_factory: pytest.TempPathFactory, params: list[str], schemas: list[str], resources: list[str]
) -> None:
    from urllib.parse import quote

    from generator.builder import build
    from generator.config import Config
    from generator.load import load

    from .spec_helpers import minimal_spec, ok_response, write_spec

    folder = tmp_path_factory.mktemp("names")
    refs = [{"$ref": "#/components/schemas/" + quote(s.replace("~", "~0"), safe="")} for s in schemas]
    paths = {
        f"/{quote(r, safe='')}/{i}": {
            "get": {
                "operationId": f"{r}.{r}",
                "parameters": [{"name": p, "in": "query", "schema": {"type": "string"}} for p in params],
                "responses": ok_response({"type": "object", "properties": {s: ref for s, ref in zip(schemas, refs)}}),
            }
        }
        for i, r in enumerate(resources)
    }
    spec = minimal_spec(paths, {s: {"type": "object", "properties": {p: {"type": "string"} for p in params}} for s in schemas})
    path = write_spec(folder, spec)
    config = Config(spec=path, output=folder / "out", package="sdk", client="Sdk", env_prefix="SDK", base_url=None)
    api, _ctx = build(load(path), config)

    modules = [m.module for m in api.models] + [p.module for p in api.params_types]
    assert len({m.casefold() for m in set(modules)}) == len(set(modules))
    classes = [m.name for m in api.models] + [p.name for p in api.params_types]
    assert len(classes) == len(set(classes)) and not set(classes) & naming.RESERVED_CLASSES
    for resource in api.all_resources():
        members = [op.name for op in resource.operations] + [child.attr for child in resource.children]
        assert len(members) == len(set(members)) and not set(members) & naming.RESOURCE_ATTRS
        for op in resource.operations:
            names = [p.name for p in op.params]
            assert len(names) == len(set(names)) and not set(names) & naming.RESERVED_PARAMS
            assert {p.wire_name for p in op.params} == set(params)
    for name in [*modules, *classes, *(r.attr for r in api.all_resources())]:
        assert all(part.isidentifier() and not keyword.iskeyword(part) for part in name.split("."))
    assert not {r.attr for r in api.resources} & naming.CLIENT_ATTRS
    for model in api.models:
        fields = [f.name for f in model.fields]
        assert len(fields) == len(set(fields)) and not any(f.startswith("_") for f in fields)
