"""Property: no spec text, however hostile, breaks the generated code or runs at import time.

Hypothesis builds specs whose every string (names, descriptions, enum values, defaults, examples,
server URLs, titles, tags, operationIds, parameter and property names) is drawn from quotes, triple
quotes, backslashes, NUL, newlines, Unicode line separators, Jinja delimiters, lone surrogates and
snippets of Python that would create a sentinel file if they ever ran. Each spec must generate,
every generated module must compile and import, and the sentinel must never appear.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .names_fixtures import generate, imported

SENTINEL_NAME = "sdkgen-hostile-sentinel"


def _payloads(sentinel: str) -> list[str]:
    """Strings that end a literal, a docstring or a comment early, or would run code if they did."""
    touch = f"__import__('pathlib').Path({sentinel!r}).touch()"
    return [
        '"""',
        "'''",
        "\\",
        'ends with a backslash \\',
        '\\"',
        "\x00",
        "line\nbreak",
        "carriage\rreturn",
        "sep\u2028arator\u2029",
        "next\x85line",
        "{{ sdk.package }}",
        "{% for x in y %}{% endfor %}",
        "{# comment #}",
        "\ud800 lone surrogate",
        f'"""\n{touch}\n"""',
        f'");{touch};("',
        f"');{touch};('",
        f"\n{touch}\n",
        f"\\\n{touch}",
        f"# comment\n{touch}",
        f"x = 1; {touch}",
        f"{{{{ {touch} }}}}",
        f"\\N{{LATIN SMALL LETTER A}}\\x{touch}",
        "__init__",
        "__class__",
        "None",
        "class",
        "self",
        "with_raw_response",
        "1-2",
        "",
    ]


def _text(sentinel: str) -> st.SearchStrategy[str]:
    specials = "\"'\\\x00\n\r\u2028\u2029{}%#$`<>!=.-_ é名\t"
    return st.one_of(
        st.sampled_from(_payloads(sentinel)),
        st.text(alphabet=st.sampled_from(list(specials) + list("aZ0")), max_size=12),
    )


def _path_name(text: str) -> str:
    """`text` as a path parameter name: anything but the characters that end one."""
    cleaned = "".join(c for c in text if c not in "{}/?#%")
    return cleaned or "p"


def _no_surrogates(text: str) -> str:
    return "".join(c for c in text if not 0xD800 <= ord(c) <= 0xDFFF)


def build_spec(texts: Iterator[str]) -> dict[str, Any]:
    """A valid spec shape with `texts`, in order, in every place a spec holds text."""
    t = lambda: next(texts)  # noqa: E731
    param = _path_name(t())
    # Surrogates stay out of schema names: they are `$ref` targets, and a lone surrogate has no
    # percent-encoding (the loader replaces it everywhere else, with a warning).
    schema_name, other_name = _no_surrogates(t()), _no_surrogates(t())
    prop, enum_a, enum_b = t(), t(), t()
    thing = {
        "type": "object",
        "description": t(),
        "required": [prop],
        "properties": {
            prop: {"type": "string", "description": t(), "example": t(), "default": t()},
            "kind": {"type": "string", "enum": [enum_a, enum_b], "description": t()},
            other_name: {"$ref": f"#/components/schemas/{json_pointer(other_name)}"} if other_name != schema_name else {"type": "integer"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": t(), "version": t(), "description": t()},
        "servers": [{"url": t(), "description": t()}],
        "tags": [{"name": t(), "description": t()}],
        "paths": {
            f"/things/{{{param}}}": {
                "parameters": [{"name": param, "in": "path", "required": True, "description": t(), "schema": {"type": "string"}, "example": t()}],
                "get": {
                    "operationId": t(),
                    "summary": t(),
                    "description": t(),
                    "tags": [t()],
                    "parameters": [
                        {"name": t(), "in": "query", "description": t(), "schema": {"type": "string", "enum": [t(), t()], "default": t()}},
                        {"name": t(), "in": "header", "description": t(), "schema": {"type": "string"}, "example": t()},
                    ],
                    "responses": {"200": {"description": t(), "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{json_pointer(schema_name)}"}}}}},
                },
                "post": {
                    "operationId": t(),
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {t(): {"type": "string", "description": t(), "example": t()}, t(): {"const": t()}}}
                            }
                        }
                    },
                    "responses": {"204": {"description": t()}},
                },
            }
        },
        "components": {"schemas": {schema_name: thing, **({other_name: {"type": "object", "properties": {t(): {"type": "boolean"}}}} if other_name != schema_name else {})}},
    }


def json_pointer(name: str) -> str:
    from urllib.parse import quote

    return quote(name.replace("~", "~0").replace("/", "~1"), safe="")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("hostile")
    previous = os.environ.get("SDKGEN_CACHE_DIR")
    os.environ["SDKGEN_CACHE_DIR"] = str(folder / "cache")
    try:
        yield folder
    finally:
        if previous is None:
            del os.environ["SDKGEN_CACHE_DIR"]
        else:
            os.environ["SDKGEN_CACHE_DIR"] = previous


_COUNTER = itertools.count()


def generate_and_import(workspace: Path, spec: dict[str, Any]) -> Callable[[], None]:
    """Generate `spec`, compile every file, import every module; the sentinel must not appear."""
    number = next(_COUNTER)
    folder = workspace / f"run{number}"
    folder.mkdir()
    # JSON with ASCII escapes carries every string, lone surrogates included, as it is.
    (folder / "spec.json").write_text(json.dumps(spec, ensure_ascii=True), encoding="utf-8")
    package = f"hostile{number}"
    assert generate(folder / "spec.json", folder / "out", package, "Hostile") == 0
    files = sorted((folder / "out" / package).rglob("*.py"))
    for path in files:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    with imported(folder / "out", package) as sdk:
        import importlib

        for path in files:
            parts = path.relative_to(folder / "out").with_suffix("").parts
            importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
        client = sdk.Hostile(api_key="k", base_url="http://127.0.0.1:9")
        repr(client)
        client.close()
    return lambda: None


SENTINEL_DIR = Path(os.environ.get("TMPDIR", "/tmp"))


def _sentinel(workspace: Path) -> Path:
    return workspace / SENTINEL_NAME


def _all_payloads_spec() -> dict[str, Any]:
    # Filled in at run time (the sentinel's path depends on the workspace): see the test.
    return {}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], database=None)
@example(data=None)
@given(data=st.data())
def test_hostile_spec_text_compiles_imports_and_runs_nothing(workspace: Path, data: Any) -> None:
    sentinel = _sentinel(workspace)
    if data is None:
        # Every payload once, in every kind of place, on every run.
        payloads = _payloads(str(sentinel))
        texts: Iterator[str] = itertools.cycle(payloads)
    else:
        texts = iter(data.draw(st.lists(_text(str(sentinel)), min_size=60, max_size=60)))
    generate_and_import(workspace, build_spec(texts))
    assert not sentinel.exists(), "spec text ran as code"
