"""Schema constructs: discriminated unions, maps and extra keys, recursion across modules,
tolerant enums, allOf refinement, constraints in docstrings and typed nested request objects.

Each construct has a small spec (tests/schema_specs.py); its SDK is generated into one temporary
folder, imported, and exercised over HTTP against the scripted server. Their union,
tests/fixtures/specs/schemas.yaml, has a golden record in tests/fixtures/golden/schemas/, and
mypy --strict and pyright strict check every one of these outputs in one run each.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import yaml

from generator.builder import build
from generator.cli import main
from generator.config import resolve_config
from generator.load import load
from generator.engine import generate

from .scripted_server import ScriptedServer
from .schema_specs import ALL, ALL_OF, DISCRIMINATOR, union_spec
from .spec_helpers import ROOT, golden_mismatches, write_spec

GOLDEN_SPEC = ROOT / "tests" / "fixtures" / "specs" / "schemas.yaml"
GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "schemas"


@pytest.fixture(scope="module")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every construct's SDK, generated side by side into one folder on sys.path."""
    folder = tmp_path_factory.mktemp("schema_sdks")
    out = folder / "out"
    for name, spec in ALL.items():
        path = write_spec(folder, spec, f"{name}.yaml")
        assert main(["generate", str(path), "-o", str(out), "--package", f"{name}_sdk", "--client", "Client", "-q"]) == 0
    sys.path.insert(0, str(out))
    try:
        yield out
    finally:
        sys.path.remove(str(out))
        for module in [m for m in sys.modules if m.split(".")[0].endswith("_sdk")]:
            del sys.modules[module]


def client_of(name: str, server: ScriptedServer) -> Any:
    package = importlib.import_module(f"{name}_sdk")
    return package.Client(base_url=server.url, max_retries=0)


def sdk_type(name: str, module: str, attribute: str) -> Any:
    return getattr(importlib.import_module(f"{name}_sdk.types.{module}"), attribute)


def build_warnings(spec: Dict[str, Any], tmp_path: Path) -> List[str]:
    """The build's warnings for `spec` (the spec validator is not run: some specs break its rules)."""
    doc = load(write_spec(tmp_path, spec), display_base=tmp_path)
    config = resolve_config(spec=str(tmp_path / "spec.yaml"), output=str(tmp_path / "out"), package="p", client="P", config_file=None, cwd=tmp_path)
    _api, ctx = build(doc, config)
    return [str(p) for p in ctx.problems if p.severity == "warning"]


# -- discriminator -------------------------------------------------------------------------------


def test_a_discriminated_union_decodes_each_member_by_its_tag(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("discriminator", server)
    cat, dog = sdk_type("discriminator", "cat", "Cat"), sdk_type("discriminator", "dog", "Dog")
    server.reply(200, json={"petType": "cat", "lives": 9})
    server.reply(200, json={"petType": "doggo", "goodBoy": True})

    first = client.pets.retrieve("p1")
    second = client.pets.retrieve("p2")

    assert isinstance(first, cat) and first.lives == 9
    assert isinstance(second, dog) and second.good_boy is True and second.pet_type == "doggo"


def test_each_member_declares_its_tags_as_a_literal(sdks: Path) -> None:
    # mapping (a $ref and a bare name), the schema name without mapping, the member's own enum/const
    assert typing.get_args(sdk_type("discriminator", "cat", "Cat").model_fields["pet_type"].annotation) == ("cat",)
    assert typing.get_args(sdk_type("discriminator", "dog", "Dog").model_fields["pet_type"].annotation) == ("dog", "doggo")
    assert typing.get_args(sdk_type("discriminator", "circle", "Circle").model_fields["kind"].annotation) == ("Circle",)
    assert typing.get_args(sdk_type("discriminator", "lizard", "Lizard").model_fields["class_"].annotation) == ("lizard", "gecko")
    assert typing.get_args(sdk_type("discriminator", "snake", "Snake").model_fields["class_"].annotation) == ("snake",)


def test_members_without_a_mapping_are_told_apart_by_schema_name_and_own_tags(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("discriminator", server)
    server.reply(200, json=[{"kind": "Circle", "radius": 1}, {"kind": "Square", "side": 2}])
    server.reply(200, json=[{"class": "gecko", "legs": 4}, {"class": "snake", "venomous": False}])

    shapes = client.shapes.list_all()
    reptiles = client.reptiles.list_all()

    assert [type(s).__name__ for s in shapes] == ["Circle", "Square"]
    assert [type(r).__name__ for r in reptiles] == ["Lizard", "Snake"]


def test_inline_members_are_told_apart_by_their_const_tags(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("discriminator", server)
    server.reply(200, json=[{"type": "key", "key": "k"}, {"type": "click", "x": 3}])

    events = client.events.list_all()

    assert [(e.type, getattr(e, "key", None), getattr(e, "x", None)) for e in events] == [("key", "k", None), ("click", None, 3)]
    assert type(events[0]) is not type(events[1])


def test_an_unknown_tag_does_not_fail_the_response_and_is_no_known_member(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("discriminator", server)
    cat, dog = sdk_type("discriminator", "cat", "Cat"), sdk_type("discriminator", "dog", "Dog")
    server.reply(200, json={"data": [{"petType": "cat", "lives": 3}, {"petType": "parrot", "words": 12}], "total": 2})
    server.reply(200, json={"petType": "parrot", "words": 12})

    page = client.pets.list_all()
    alone = client.pets.retrieve("p3")

    assert page.total == 2
    assert isinstance(page.data[0], cat) and page.data[0].lives == 3
    for parrot in (page.data[1], alone):
        assert not isinstance(parrot, (cat, dog))
        assert parrot.model_extra == {"petType": "parrot", "words": 12}


def test_pages_of_a_discriminated_union_decode_each_item_by_its_tag(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("discriminator", server)
    server.reply(200, json={"data": [{"petType": "cat"}, {"petType": "dog"}], "cursor": "c2", "hasMore": True})
    server.reply(200, json={"data": [{"petType": "parrot"}], "cursor": None, "hasMore": False})

    pets = list(client.pets.pages())

    assert [type(p).__name__ for p in pets] == ["Cat", "Dog", "BaseModel"]
    assert server.requests[-1].query == {"cursor": ["c2"]}


def test_a_base_schema_with_a_discriminator_decodes_as_the_subtype_its_tag_names(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("inheritance", server)
    car, bike = sdk_type("inheritance", "car", "Car"), sdk_type("inheritance", "bike", "Bike")
    horse, fish = sdk_type("inheritance", "horse", "Horse"), sdk_type("inheritance", "fish", "Fish")
    server.reply(200, json={"kind": "car", "wheels": 4, "doors": 5})
    server.reply(200, json={"vehicles": [{"kind": "bike", "gears": 21}, {"kind": "boat"}], "pet": {"species": "Fish", "fins": 2}})

    one = client.vehicles.retrieve("v1")
    garage = client.garage.retrieve()

    assert isinstance(one, car) and (one.wheels, one.doors) == (4, 5)
    assert isinstance(garage.vehicles[0], bike) and garage.vehicles[0].gears == 21
    assert not isinstance(garage.vehicles[1], (car, bike)) and garage.vehicles[1].model_extra == {"kind": "boat"}
    assert isinstance(garage.pet, fish) and garage.pet.fins == 2
    assert typing.get_args(horse.model_fields["species"].annotation) == ("Horse",)


# -- additionalProperties ------------------------------------------------------------------------


def test_a_schema_of_additional_properties_only_is_a_typed_map(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("maps", server)
    server.reply(200, json={"apples": 3, "pears": 0})

    assert client.inventory.retrieve() == {"apples": 3, "pears": 0}
    assert "Dict[str, int]" in (sdks / "maps_sdk" / "resources" / "inventory.py").read_text()


def test_a_model_keeps_additional_properties_as_attributes(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("maps", server)
    server.reply(200, json={"name": "n", "colour": "red"})
    server.reply(200, json={"name": "n", "colour": "red"})

    labeled = client.labels.retrieve()
    closed = client.closed.retrieve()  # additionalProperties: false; a response still never fails on a new key

    assert (labeled.name, labeled.colour, labeled.model_extra) == ("n", "red", {"colour": "red"})
    assert "kept as extra attributes" in (sdk_type("maps", "labeled", "Labeled").__doc__ or "")
    assert closed.model_extra == {"colour": "red"}


def test_request_maps_are_sent_as_given(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("maps", server)
    server.reply(200, json={"name": "n"})

    client.labels.update("l1", counts={"a": 1}, labeled={"name": "n", "extra": "kept"})

    assert server.requests[-1].json == {"counts": {"a": 1}, "labeled": {"name": "n", "extra": "kept"}}


# -- recursion -------------------------------------------------------------------------------------


def test_a_self_referencing_tree_decodes_at_every_depth(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("recursion", server)
    node = sdk_type("recursion", "node", "Node")
    server.reply(200, json={"name": "root", "children": [{"name": "leaf", "children": [], "parent": {"name": "root"}}]})

    tree = client.tree.retrieve()

    assert isinstance(tree.children[0], node) and isinstance(tree.children[0].parent, node)
    assert tree.children[0].parent.name == "root"


def test_a_recursive_schema_that_is_no_object_is_typed_as_object_where_it_recurs(sdks: Path, server: ScriptedServer, tmp_path: Path) -> None:
    from .schema_specs import RECURSION

    node = sdk_type("recursion", "node", "Node")
    client = client_of("recursion", server)
    server.reply(200, json={"name": "n", "meta": {"a": [1, "x", {"b": []}]}})

    assert str(node.model_fields["meta"].annotation) == "typing.Union[str, float, typing.List[object], typing.Dict[str, object], NoneType]"
    assert client.tree.retrieve().meta == {"a": [1, "x", {"b": []}]}
    assert any("recursive schema that is not an object" in w and "#/components/schemas/Json" in w for w in build_warnings(RECURSION, tmp_path))


def test_schemas_that_include_each_other_with_all_of_leave_the_cycle_out_with_a_warning(tmp_path: Path) -> None:
    spec = json.loads(json.dumps(ALL_OF))
    spec["components"]["schemas"]["Sized"]["allOf"] = [{"$ref": "#/components/schemas/Box"}]

    warnings = build_warnings(spec, tmp_path)

    assert any("allOf member that includes this schema itself" in w for w in warnings), warnings


@pytest.mark.parametrize("first", ["alpha", "beta"])
def test_mutually_recursive_modules_import_in_either_order(sdks: Path, first: str) -> None:
    second = "beta" if first == "alpha" else "alpha"
    script = (
        f"from recursion_sdk.types.{first} import {first.title()}\n"
        f"from recursion_sdk.types.{second} import {second.title()}\n"
        "a = Alpha.model_validate({'beta': {'alphas': [{'label': 'x', 'beta': {'alphas': []}}]}})\n"
        "print(type(a.beta).__name__, type(a.beta.alphas[0]).__name__, a.beta.alphas[0].label)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(sdks)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["Beta", "Alpha", "x"]


def test_a_recursive_request_body_is_a_recursive_typed_dict(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("recursion", server)
    server.reply(200, json={"name": "root"})
    hints = typing.get_type_hints(sdk_type("recursion", "node_param", "NodeParam"), include_extras=False)

    client.tree.create(name="root", children=[{"name": "leaf", "children": []}])

    assert server.requests[-1].json == {"name": "root", "children": [{"name": "leaf", "children": []}]}
    assert "NodeParam" in str(hints["children"])


def test_a_recursive_error_body_on_every_operation_still_gives_the_status_error(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("recursion", server)
    server.reply(400, json={"message": "bad", "cause": {"message": "worse", "cause": None}})

    with pytest.raises(importlib.import_module("recursion_sdk").BadRequestError) as caught:
        client.tree.retrieve()
    assert caught.value.body["cause"]["message"] == "worse"


# -- enums ---------------------------------------------------------------------------------------


def test_enum_values_differing_only_in_punctuation_or_case_all_decode(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("enums", server)
    clock = sdk_type("enums", "clock", "Clock")
    assert typing.get_args(typing.get_args(clock.model_fields["zone"].annotation)[0]) == ("GMT0", "GMT+0", "GMT-0")
    for zone, order in (("GMT0", "ASC"), ("GMT+0", "asc"), ("GMT-0", "DESC")):
        server.reply(200, json={"zone": zone, "order": order})
        decoded = client.clock.retrieve()
        assert (decoded.zone, decoded.order) == (zone, order)


def test_an_enum_value_the_spec_does_not_list_does_not_fail_the_response(sdks: Path, server: ScriptedServer) -> None:
    client = client_of("enums", server)
    server.reply(200, json={"zone": "UTC", "order": "ASC", "ticks": 7, "nothing": "x"})

    decoded = client.clock.retrieve()

    assert (decoded.zone, decoded.order, decoded.ticks, decoded.nothing) == ("UTC", "ASC", 7, "x")


def test_an_empty_enum_is_typed_loosely_with_a_warning(tmp_path: Path) -> None:
    from .schema_specs import ENUMS

    warnings = build_warnings(ENUMS, tmp_path)

    assert any("empty enum" in w and "#/components/schemas/Clock/properties/nothing" in w for w in warnings), warnings


def test_an_enum_of_numbers_a_literal_cannot_hold_is_typed_as_the_number_with_a_warning(sdks: Path, server: ScriptedServer, tmp_path: Path) -> None:
    from .schema_specs import ENUMS

    warnings = build_warnings(ENUMS, tmp_path)
    assert any("enum value 0.5 cannot be a Literal type; the enum is typed as `float`" in w and "/Clock/properties/rate" in w for w in warnings), warnings
    assert any("enum value 18446744073709551616 cannot be a Literal type; the enum is typed as `int`" in w for w in warnings), warnings
    clock = sdk_type("enums", "clock", "Clock")
    assert (clock.model_fields["rate"].annotation, clock.model_fields["serial"].annotation) == (typing.Optional[float], typing.Optional[int])
    server.reply(200, json={"zone": "GMT0", "order": "ASC", "rate": 2.5, "serial": 18446744073709551616})
    decoded = client_of("enums", server).clock.retrieve()
    assert (decoded.rate, decoded.serial) == (2.5, 18446744073709551616)


# -- allOf ---------------------------------------------------------------------------------------


def test_a_later_all_of_member_redefines_a_property_and_requires_it(sdks: Path, server: ScriptedServer) -> None:
    box = sdk_type("all_of", "box", "Box")
    assert box.model_fields["size"].annotation is int and box.model_fields["size"].is_required()
    assert not box.model_fields["id"].is_required()
    client = client_of("all_of", server)
    server.reply(200, json={"id": "b1", "size": 4, "note": "n"})

    assert (client.boxes.retrieve().size, client.boxes.retrieve.__name__) == (4, "retrieve")


def test_a_required_list_with_duplicates_counts_each_name_once_with_a_warning(tmp_path: Path) -> None:
    spec = json.loads(json.dumps(ALL_OF))
    spec["components"]["schemas"]["Sized"]["required"] = ["id", "id", "note"]

    warnings = build_warnings(spec, tmp_path)

    assert any("`required` lists id more than once" in w and "#/components/schemas/Sized/required" in w for w in warnings), warnings


# -- constraints and defaults --------------------------------------------------------------------


def test_defaults_and_constraints_are_stated_in_field_docstrings_escaped(sdks: Path) -> None:
    source = (sdks / "constraints_sdk" / "types" / "limits.py").read_text()
    limits = sdk_type("constraints", "limits", "Limits")

    assert '"""How many.\n\n    (default: 5; minimum: 1; maximum: 10)"""' in source
    assert "(minimum items: 1; unique items)" in source
    assert "(greater than: 0; multiple of: 0.5)" in source
    # the spec's `"""` and backslashes cannot end the docstring: the module imports
    assert limits.model_fields["code"].annotation is not None
    params = (sdks / "constraints_sdk" / "resources" / "limits.py").read_text()
    assert "(default: 20; minimum: 1; maximum: 100)" in params


# -- nested request objects ----------------------------------------------------------------------


def test_nested_request_objects_are_typed_dicts_keyed_by_wire_names(sdks: Path, server: ScriptedServer) -> None:
    shipping = sdk_type("nested_request", "shipping_param", "ShippingParam")
    headers = sdk_type("nested_request", "headers_param", "HeadersParam")
    line_item = sdk_type("nested_request", "line_item_param", "LineItemParam")
    params = sdk_type("nested_request", "order_create_params", "OrderCreateParams")

    assert set(shipping.__annotations__) == {"street", "postCode", "geo"}  # readOnly `id` left out
    assert set(line_item.__annotations__) == {"sku", "quantity"}  # readOnly `createdAt` left out
    assert set(headers.__annotations__) == {"content-type", "class", "str", "__secret", "naïve"}
    assert "ShippingParam" in str(params.__annotations__["shipping"])

    client = client_of("nested_request", server)
    server.reply(200, json={"id": "o1"})
    client.orders.create(
        shipping={"street": "Main", "postCode": "1000", "geo": {"lat": 1.5, "lng": 2}},
        items=[{"sku": "s", "quantity": 2}],
        headers={"content-type": "x", "class": "c", "str": 1, "__secret": True, "naïve": "n"},
    )
    assert server.requests[-1].json == {
        "shipping": {"street": "Main", "postCode": "1000", "geo": {"lat": 1.5, "lng": 2}},
        "items": [{"sku": "s", "quantity": 2}],
        "headers": {"content-type": "x", "class": "c", "str": 1, "__secret": True, "naïve": "n"},
    }


def test_a_request_object_with_properties_and_extra_keys_is_typed_loosely_with_a_warning(tmp_path: Path) -> None:
    from .schema_specs import MAPS

    warnings = build_warnings(MAPS, tmp_path)

    assert any("both properties and additionalProperties" in w and "#/components/schemas/Labeled" in w for w in warnings), warnings


def test_an_undiscriminable_union_degrades_to_a_plain_union_with_a_warning(tmp_path: Path) -> None:
    spec = json.loads(json.dumps(DISCRIMINATOR))
    spec["components"]["schemas"]["Pet"]["oneOf"].append({"type": "string"})

    warnings = build_warnings(spec, tmp_path)

    assert any("`discriminator` is ignored: member 2 of the union is not an object" in w and "#/components/schemas/Pet/discriminator" in w for w in warnings), warnings


def test_a_mapping_that_names_no_schema_drops_that_tag_with_a_warning(tmp_path: Path) -> None:
    spec = json.loads(json.dumps(DISCRIMINATOR))
    spec["components"]["schemas"]["Pet"]["discriminator"]["mapping"]["fish"] = "#/components/schemas/Fish"

    warnings = build_warnings(spec, tmp_path)

    assert any("mapping 'fish' names no schema" in w and "#/components/schemas/Pet/discriminator/mapping/fish" in w for w in warnings), warnings
    assert not [w for w in warnings if ": error: " in w]


# -- golden record and type checks ---------------------------------------------------------------


def test_the_fixture_spec_is_the_union_of_the_inline_specs() -> None:
    assert yaml.safe_load(GOLDEN_SPEC.read_text(encoding="utf-8")) == union_spec()


def _golden_files(tmp_path: Path) -> Dict[str, str]:
    config = resolve_config(
        spec=str(GOLDEN_SPEC), output=str(tmp_path), package="schemas_sdk", client="Schemas", config_file=None, cwd=ROOT
    )
    return generate(config, cwd=ROOT).files


def test_the_schemas_fixture_regenerates_its_golden_record_byte_for_byte(tmp_path: Path) -> None:
    mismatches = golden_mismatches(_golden_files(tmp_path), GOLDEN)
    assert mismatches == [], "tests/fixtures/golden/schemas is stale; regenerate it: .venv/bin/python tests/fixtures/refresh_golden.py"


def update_golden() -> None:
    """Rewrite the fixture spec and its golden record (run by hand after a deliberate change):
    python -c 'from tests.test_schemas import update_golden; update_golden()'"""
    import shutil
    import tempfile

    header = "# The golden-record fixture of tests/test_schemas.py: schema_specs.union_spec(), written by update_golden().\n"
    GOLDEN_SPEC.write_text(header + yaml.safe_dump(union_spec(), sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        files = _golden_files(Path(scratch))
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for path, data in files.items():
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8"))
