"""Example values: the spec's when valid, else made to satisfy the schema (generator/builder/examples.py,
patterns.py), and spelled as Python of the argument's type (generator/pyexample.py).

Made values are checked with `jsonschema` (an independent validator, with its format checker), not
only with the maker's own `problem`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List, Optional

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import ir, pyexample
from generator.builder import build
from generator.builder.patterns import sample
from generator.config import resolve_config
from generator.load import load

from .spec_helpers import minimal_spec, ok_response, write_spec

# -- patterns ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern, low, high",
    [
        ("^[0-9]+$", 0, None),
        ("^cus_[0-9a-f]{32}$", 0, None),
        ("^(SM|MM)[0-9a-fA-F]{32}$", 0, None),
        (r"^(0|[1-9][0-9]{0,18})$", 0, None),
        (r"^\+?[1-9]\d{1,14}$", 0, None),
        ("^[a-z]*$", 5, 8),
        (r"^\d{3}-\d{2}-\d{4}$", 0, None),
        (r"^[^\s@]+@[^\s@]+\.[^\s@]+$", 0, None),
        (r"^\w+(?:\.\w+)*$", 10, 12),
        (r"^[\w.-]+$", 2, 3),
        (r"\bword\b", 0, None),
        (r"^#[0-9A-Fa-f]{6}$", 0, None),
        (r"^v\d+(\.\d+){2}(-[a-z]+)?$", 0, None),
        ("^[^/]+$", 0, None),
        (r"^(?<year>\d{4})-(?:0[1-9]|1[0-2])$", 0, None),
        ("^[a-z]{2,3}(-[A-Z]{2})?$", 6, None),
        ("abc", 0, None),
        (r"^[\u0041-\u005A]{3}\/x$", 0, None),
    ],
)
def test_a_pattern_gives_a_string_it_matches_within_the_length_bounds(pattern: str, low: int, high: Optional[int]) -> None:
    text = sample(pattern, low, high)

    assert text is not None
    assert re.search(pattern.replace("(?<year>", "(?P<year>"), text), text
    assert len(text) >= low and (high is None or len(text) <= high)


def test_a_repeated_class_walks_through_its_members() -> None:
    assert sample("^cus_[0-9a-f]{32}$") == "cus_" + "0123456789abcdef" * 2
    assert sample("^[0-9]+$") == "0"


@pytest.mark.parametrize("pattern", [r"^(?=.*\d)[a-z]{8}$", r"^(a)\1$", r"^\p{L}+$", "^[a-z]{3}$|^(", "^[]$", "^a{2,1}$"])
def test_a_pattern_it_cannot_generate_gives_none(pattern: str) -> None:
    assert sample(pattern) is None


def test_lengths_no_string_of_the_pattern_meets_give_none() -> None:
    assert sample("^[a-z]{2}$", 3) is None
    assert sample("^abc$", 0, 2) is None


# -- examples in the IR ------------------------------------------------------------------------------


def built(tmp_path: Path, spec: Dict[str, Any]) -> tuple[ir.Api, List[str]]:
    config = resolve_config(spec=str(write_spec(tmp_path, spec)), output=str(tmp_path / "out"), package="ex", client="Ex", config_file=None, cwd=tmp_path)
    api, ctx = build(load(tmp_path / "spec.yaml"), config)
    return api, [p.message for p in ctx.problems]


def params_of(api: ir.Api) -> Dict[str, ir.Param]:
    return {p.name: p for r in api.all_resources() for op in r.operations for p in op.params}


def body_spec(schema: Dict[str, Any], components: Optional[Dict[str, Any]] = None, **media: Any) -> Dict[str, Any]:
    """A spec with one operation whose JSON body has `schema`."""
    operation = {
        "operationId": "things.create",
        "requestBody": {"required": True, "content": {"application/json": {"schema": schema, **media}}},
        "responses": ok_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}),
    }
    return minimal_spec({"/things": {"post": operation}}, components)


def validator(schema: Dict[str, Any], components: Optional[Dict[str, Any]] = None) -> jsonschema.Draft202012Validator:
    root = {**schema, "components": {"schemas": components or {}}}
    return jsonschema.Draft202012Validator(root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


SCHEMAS: List[Dict[str, Any]] = [
    {"type": "string", "format": "uuid"},
    {"type": "string", "format": "date-time"},
    {"type": "string", "format": "date"},
    {"type": "string", "format": "email"},
    {"type": "string", "format": "ipv4"},
    {"type": "string", "format": "ipv6"},
    {"type": "string", "format": "uri", "minLength": 30},
    {"type": "string", "format": "byte"},
    {"type": "string", "pattern": "^[0-9]+$"},
    {"type": "string", "pattern": "^[A-Z]{3}$", "format": "currency"},
    {"type": "string", "minLength": 10, "maxLength": 12},
    {"type": "string", "maxLength": 3},
    {"type": "string", "enum": ["b", "c"]},
    {"const": "fixed"},
    {"type": "integer", "minimum": 10, "maximum": 20, "multipleOf": 7},
    {"type": "integer", "exclusiveMinimum": 1, "exclusiveMaximum": 3},
    {"type": "integer", "maximum": -5},
    {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    {"type": "number", "minimum": 0.5, "multipleOf": 0.25},
    {"type": "number", "minimum": 2.5},
    {"type": "boolean"},
    {"type": "array", "items": {"type": "string", "format": "email"}, "minItems": 3, "uniqueItems": True},
    {"type": "array", "items": {"type": "integer"}, "maxItems": 0},
    {"type": "object", "additionalProperties": {"type": "integer", "minimum": 3}, "minProperties": 1},
    {"type": ["string", "null"], "format": "date"},
    {"anyOf": [{"type": "integer", "minimum": 5}, {"type": "string"}]},
    {
        "oneOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}},
            {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}},
        ]
    },
    {"type": "object", "required": ["when"], "properties": {"when": {"allOf": [{"type": "string"}, {"format": "date-time"}]}}},
    {"not": {"type": "string"}, "type": ["string", "integer"]},
]


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: json.dumps(s)[:60])
def test_a_made_example_satisfies_its_schema(schema: Dict[str, Any], tmp_path: Path) -> None:
    api, _ = built(tmp_path, body_spec({"type": "object", "required": ["value"], "properties": {"value": schema}}))
    param = params_of(api)["value"]

    assert param.example is not None and not param.example_given
    validator(schema).validate(json.loads(param.example))


def test_a_body_example_has_every_required_property_at_every_depth(tmp_path: Path) -> None:
    components = {
        "Node": {
            "type": "object",
            "required": ["id", "parent", "children"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "parent": {"$ref": "#/components/schemas/Ref"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "next": {"$ref": "#/components/schemas/Node"},
            },
        },
        "Ref": {
            "allOf": [
                {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "pattern": "^[0-9]+$"}}},
                {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["page", "block"]}}},
            ]
        },
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "pet_type", "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}},
        },
        "Cat": {"type": "object", "required": ["pet_type", "lives"], "properties": {"pet_type": {"type": "string"}, "lives": {"type": "integer", "minimum": 1, "maximum": 9}}},
        "Dog": {"type": "object", "required": ["pet_type"], "properties": {"pet_type": {"type": "string"}, "good": {"type": "boolean"}}},
    }
    schema = {
        "type": "object",
        "required": ["node", "pets", "created"],
        "properties": {
            "node": {"$ref": "#/components/schemas/Node"},
            "pets": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Pet"}},
            "created": {"type": "string", "format": "date-time", "readOnly": True},
            "note": {"type": "string"},
        },
    }
    api, _ = built(tmp_path, body_spec(schema, components))
    params = params_of(api)
    body = {name: json.loads(p.example) for name, p in params.items() if p.example is not None and p.location == "body"}

    assert "created" not in params  # readOnly: the server sets it
    assert body["node"] == {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "parent": {"id": "0", "kind": "page"}, "children": []}
    # A cat would match Dog too (which allows more properties): a dog it is, tagged by the mapping.
    assert body["pets"] == [{"pet_type": "dog"}]
    validator({"$ref": "#/components/schemas/Node"}, components).validate(body["node"])
    validator(schema["properties"]["pets"], components).validate(body["pets"])


def test_the_issues_examples_satisfy_pattern_format_and_nested_required(tmp_path: Path) -> None:
    # `guild_id` where the pattern is digits, `file_id` where the format is uuid, `parent`
    # without its required `id`: each was rejected by the mock.
    spec = minimal_spec(
        {
            "/guilds/{guild_id}/files/{file_id}": {
                "post": {
                    "operationId": "guilds.files.move",
                    "parameters": [
                        {"name": "guild_id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[0-9]+$"}},
                        {"name": "file_id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}},
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["parent"],
                                    "properties": {"parent": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}},
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "moved"}},
                }
            }
        }
    )
    api, _ = built(tmp_path, spec)
    params = params_of(api)

    assert json.loads(params["guild_id"].example or "") == "0"
    assert json.loads(params["file_id"].example or "") == "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    assert json.loads(params["parent"].example or "") == {"id": "string"}


def test_the_spec_example_comes_first_from_the_parameter_the_media_type_or_the_schema(tmp_path: Path) -> None:
    spec = body_spec(
        {
            "type": "object",
            "required": ["name", "size", "tags"],
            "properties": {
                "name": {"type": "string", "example": "from the property"},
                "size": {"$ref": "#/components/schemas/Size"},
                "tags": {"type": "array", "items": {"type": "string"}, "examples": [["from", "examples"]]},
            },
        },
        {"Size": {"type": "integer", "example": 42}},
        examples={"first": {"value": {"name": "from the body"}}},
    )
    spec["paths"]["/things"]["post"]["parameters"] = [
        {"name": "q", "in": "query", "schema": {"type": "string", "example": "from the schema"}, "examples": {"one": {"value": "from the parameter"}}},
        {"name": "r", "in": "query", "schema": {"type": "string", "example": "from the schema"}},
    ]
    api, problems = built(tmp_path, spec)
    params = params_of(api)

    spelled = {name: json.loads(p.example or "") for name, p in params.items()}
    assert spelled == {"q": "from the parameter", "r": "from the schema", "name": "from the body", "size": 42, "tags": ["from", "examples"]}
    assert all(p.example_given for p in params.values())
    assert problems == []


def test_a_spec_example_that_breaks_its_schema_is_replaced_with_a_warning(tmp_path: Path) -> None:
    spec = body_spec(
        {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "pattern": "^[0-9]+$", "example": "guild_id"}}}
    )
    api, problems = built(tmp_path, spec)
    param = params_of(api)["id"]

    assert (param.example, param.example_given) == ('"0"', False)
    assert problems == ['the example does not match its schema ("guild_id" does not match \'^[0-9]+$\'); the docs and tests use one made from the schema']


def test_an_optional_argument_is_shown_in_the_docs_only_with_an_example_from_the_spec(tmp_path: Path) -> None:
    from generator import docs

    spec = body_spec({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "string", "example": "see"}}})
    api, _ = built(tmp_path, spec)
    op = api.resources[0].operations[0]
    models, types = docs.models_by_name(api), pyexample.types_of(api)

    assert docs.call(op, "things.create", models, types).arguments == ('a="string"', 'c="see"')
    assert docs.call(op, "things.create", models, types, every=True).arguments == ('a="string"', 'b="string"', 'c="see"')


# -- spelled as Python ---------------------------------------------------------------------------


def test_examples_are_spelled_as_python_of_the_arguments_type() -> None:
    moment = ir.primitive("datetime")
    params = ir.ParamsType("PointParam", "types.point_param", (ir.Field("x", "x-pos", ir.primitive("float"), True),), by_wire_name=True)
    types: pyexample.Types = {("types.point_param", "PointParam"): params}

    assert pyexample.spell("2025-01-15T10:30:00Z", moment, types) == pyexample.Spelled("datetime(2025, 1, 15, 10, 30, tzinfo=timezone.utc)", frozenset({"datetime", "timezone"}))
    assert pyexample.spell("2025-01-15T10:30:00.5+05:30", moment, types).text == "datetime(2025, 1, 15, 10, 30, 0, 500000, tzinfo=timezone(timedelta(minutes=330)))"
    assert pyexample.spell("2025-02-03", ir.primitive("date"), types).text == "date(2025, 2, 3)"
    assert pyexample.spell("raw file contents", ir.FILE, types).text == 'b"raw file contents"'
    assert pyexample.spell(3, ir.primitive("float"), types).text == "3"
    assert pyexample.spell(3.0, ir.primitive("int"), types).text == "3"
    union = ir.TypeRef("union", args=(ir.primitive("int"), ir.TypeRef("model", "PointParam", "types.point_param"), ir.NONE))
    assert pyexample.spell({"x-pos": 1.5, "extra": 1}, union, types).text == '{"x-pos": 1.5}'
    assert pyexample.spell({}, union, types).text == '{"x-pos": 1.0}'
    assert pyexample.spell(None, union, types).text == "None"
    assert pyexample.spell('"""\n', ir.primitive("str"), types).text == "'\"\"\"\\x0a'"


# -- any schema ------------------------------------------------------------------------------------


def _schemas() -> st.SearchStrategy[Dict[str, Any]]:
    strings = st.fixed_dictionaries(
        {"type": st.just("string")},
        optional={
            "format": st.sampled_from(["uuid", "date-time", "date", "email", "ipv4", "ipv6", "byte", "hostname"]),
            "minLength": st.integers(0, 12),
            "pattern": st.sampled_from(["^[a-z]+$", "^[0-9]{2,4}$", "^x-[A-Z0-9_]*$", "[aeiou]"]),
        },
        # Neither a format beside a pattern, nor a pattern of at most 4 characters that must have more:
        # no string satisfies such a schema.
    ).filter(lambda s: ("pattern" not in s or "format" not in s) and not (s.get("pattern") == "^[0-9]{2,4}$" and s.get("minLength", 0) > 4))
    numbers = st.fixed_dictionaries(
        {"type": st.sampled_from(["integer", "number"])},
        optional={
            "minimum": st.integers(-50, 50),
            "exclusiveMaximum": st.integers(60, 100),
            "multipleOf": st.sampled_from([2, 3, 5, 0.5]),
        },
    )
    scalars = st.one_of(strings, numbers, st.just({"type": "boolean"}), st.just({"enum": ["x", "y", 3]}))

    def nested(inner: st.SearchStrategy[Dict[str, Any]]) -> st.SearchStrategy[Dict[str, Any]]:
        arrays = st.builds(lambda items, low: {"type": "array", "items": items, "minItems": low}, inner, st.integers(0, 3))
        def objects(names: List[str]) -> st.SearchStrategy[Dict[str, Any]]:
            return st.dictionaries(st.sampled_from(names), inner, min_size=1, max_size=2).flatmap(
                lambda props: st.builds(
                    lambda required: {"type": "object", "properties": props, "required": sorted(required)},
                    st.lists(st.sampled_from(sorted(props)), unique=True),
                )
            )

        # allOf members with properties of their own (the same one twice could be unsatisfiable).
        combined = st.builds(lambda a, b: {"allOf": [a, b]}, objects(["a", "b"]), objects(["c", "d-e"]))
        return st.one_of(arrays, objects(["a", "b", "c", "d-e"]), combined)

    return st.recursive(scalars, nested, max_leaves=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(schema=_schemas())
def test_a_made_example_of_any_schema_satisfies_it(schema: Dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("any")
    api, _ = built(tmp, body_spec({"type": "object", "required": ["value"], "properties": {"value": schema}}))
    param = params_of(api)["value"]

    assert param.example is not None
    validator(schema).validate(json.loads(param.example))
