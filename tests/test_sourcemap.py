"""The source map that places problems: JSON pointer → line and column, for JSON and YAML alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import sourcemap
from generator.parse import SpecLoader, parse


def _reference(text: str) -> dict[str, tuple[int, int]]:
    """The places the loader's careful parse records (it builds the values too, slowly)."""
    positions: dict[str, tuple[int, int]] = {}
    parse(text, positions, [], "spec")
    return positions


_DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/pets/{id}": {"get": {"parameters": [{"name": "id", "in": "path"}, {"name": "a~b/c", "in": "query"}], "responses": {"200": {}}}},
        "/empty": {},
    },
    "components": {"schemas": {"Pet": {"type": "object", "required": [], "properties": {"na\\me\"q": {"type": ["string", "null"]}, "n": {"default": -1.5e3}}}}},
    "x-list": [[], [1, 2, [3]], {}],
}


def _json_places_match(text: str) -> None:
    """Every place the careful parse records is found, and a pointer to nothing is placed nowhere."""
    expected = _reference(text)
    places = sourcemap.JsonPlaces(text)
    # Looked up in reverse, so that later lookups reuse scans that earlier ones did deeper down.
    assert {pointer: places.get(pointer) for pointer in reversed(expected)} == expected
    for pointer in expected:
        assert places.get(pointer + "/missing") is None
    assert places.get("/nothing/here") is None


@pytest.mark.parametrize("indent", [None, 1, 2])
def test_json_places_match_the_careful_parse(indent: int | None) -> None:
    _json_places_match(json.dumps(_DOC, indent=indent))


def test_json_places_of_a_large_file_are_found_without_scanning_all_of_it() -> None:
    doc = {"paths": {f"/p{i}": {"get": {"responses": {"200": {"description": "x" * 50}}}} for i in range(2000)}}
    text = json.dumps(doc, indent=1)
    places = sourcemap.JsonPlaces(text)
    assert places.get("/paths/~1p1999/get/responses/200") == _reference(text)["/paths/~1p1999/get/responses/200"]
    # The root, `paths` and the way down to one path item were scanned; no other path item was.
    assert sorted(places._members) == ["", "/paths", "/paths/~1p1999", "/paths/~1p1999/get", "/paths/~1p1999/get/responses"]


def test_yaml_places_match_the_careful_parse() -> None:
    text = yaml.safe_dump(_DOC, sort_keys=False) + "anchored: &a {x: 1}\nalias: *a\n"
    places = sourcemap.yaml_positions(text, SpecLoader)
    expected = _reference(text)
    assert {k: v for k, v in places.items() if not k.startswith("/alias/")} == {k: v for k, v in expected.items() if not k.startswith("/alias/")}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6), children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(json_values, st.sampled_from([None, 1, 4]))
def test_any_json_document_is_placed_like_the_careful_parse_does(value: Any, indent: int | None) -> None:
    # Non-ASCII as itself: the reference parse (libyaml) cannot read escaped astral characters.
    _json_places_match(json.dumps(value, indent=indent, ensure_ascii=False))
