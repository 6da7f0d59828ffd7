"""Fuzzing the loader and the build: no input, however broken, may end in a Python traceback.

Broken YAML/JSON text and structurally invalid specs must come back as `GenerationError`s (or
as problems from `Run.validate`), never as any other exception. Example counts are bounded so
that the suite stays fast; hypothesis keeps failing examples in .hypothesis/ for the next run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.builder import build
from generator.config import resolve_config
from generator.load import load
from generator.problems import GenerationError
from generator.render import render
from generator.engine import Run

from .spec_helpers import minimal_spec, ok_response

BASE_TEXT = yaml.safe_dump(
    minimal_spec(
        {
            "/pets/{petId}": {
                "get": {
                    "operationId": "pets.retrieve",
                    "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": ok_response({"$ref": "#/components/schemas/Pet"}),
                }
            }
        },
        {"Pet": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}}}},
    ),
    sort_keys=False,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], derandomize=True)


def _run_everything(path: Path, tmp: Path) -> None:
    """Every stage that reads the spec; only GenerationError may escape."""
    config = resolve_config(spec=str(path), output=str(tmp / "out"), package="pets", client=None, config_file=None, cwd=tmp)
    for problem in Run(config, cwd=tmp).validate():
        assert str(problem).count(":") >= 2
    try:
        doc = load(path, display_base=tmp)
        api, _ctx = build(doc, config)
        render(api)
    except GenerationError as exc:
        assert exc.problems, "a GenerationError must say what is wrong"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))


edits = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=len(BASE_TEXT)),
        st.integers(min_value=0, max_value=8),
        st.sampled_from(["", ":", "- ", "{", "}", "[", "]", "'", '"', "\n", "  ", "&a ", "*a", "!!python/object ", "$ref: '#/x'\n", "\t", "\x00", "é", "? "]),
    ),
    min_size=1,
    max_size=4,
)


@SETTINGS
@given(edits=edits)
def test_broken_yaml_text_never_raises_anything_but_generation_errors(tmp_path: Path, edits: list[tuple[int, int, str]]) -> None:
    text = BASE_TEXT
    for at, drop, insert in edits:
        text = text[:at] + insert + text[at + drop :]
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    _run_everything(path, tmp_path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False) | st.sampled_from(["", "string", "object", "array", "#/components/schemas/Pet", "null", "{x}"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(
        st.sampled_from(["type", "properties", "items", "$ref", "enum", "required", "allOf", "anyOf", "oneOf", "nullable", "additionalProperties", "schema", "in", "name", "x-pagination", "content", "parameters", "responses", "200", "application/json", "get", "operationId"]),
        children,
        max_size=4,
    ),
    max_leaves=12,
)

PLACES = [
    ("components", "schemas", "Pet"),
    ("components", "schemas", "Pet", "properties", "id"),
    ("paths", "/pets/{petId}", "get"),
    ("paths", "/pets/{petId}", "get", "responses", "200", "content", "application/json", "schema"),
    ("paths", "/pets/{petId}", "get", "parameters"),
    ("paths", "/pets"),
    ("paths",),
    ("info",),
]


@SETTINGS
@given(place=st.sampled_from(PLACES), value=json_values)
def test_invalid_spec_structures_never_raise_anything_but_generation_errors(tmp_path: Path, place: tuple[str, ...], value: Any) -> None:
    spec = yaml.safe_load(BASE_TEXT)
    target = spec
    for key in place[:-1]:
        target = target.setdefault(key, {})
    target[place[-1]] = value
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    _run_everything(path, tmp_path)


def _laughs(levels: int) -> str:
    """A spec whose aliases nest `levels` deep, nine to a level: 9**levels values once expanded."""
    lines = ["openapi: 3.1.0", 'info: {title: t, version: "1"}', "paths: {}", 'x-l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"x-l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_aliases_that_expand_without_bound_are_an_error_at_once(tmp_path: Path) -> None:
    # Nine levels are 387 million values: walking them would take hours and all memory.
    path = tmp_path / "spec.yaml"
    path.write_text(_laughs(9), encoding="utf-8")
    with pytest.raises(GenerationError) as caught:
        load(path, display_base=tmp_path)
    [problem] = caught.value.problems
    assert problem.location.line >= 4 and "its aliases repeat too much (more than 200,000 values beyond its own)" in problem.message


def test_aliases_that_repeat_a_bounded_part_load_as_their_values(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(_laughs(4), encoding="utf-8")  # 6,561 values
    doc = load(path, display_base=tmp_path)
    assert doc.root["x-l3"][8][8][8] == ["lol"] * 9
