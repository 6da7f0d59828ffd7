"""Property: no spec text, however hostile, breaks the generated code or runs at import time.

Hypothesis builds specs whose every string (names, descriptions, enum values, defaults, examples,
server URLs, titles, tags, operationIds, parameter and property names) is drawn from quotes, triple
quotes, backslashes, NUL, newlines, Unicode line separators, Jinja delimiters, lone surrogates and
snippets of Python that would create a sentinel file if they ever ran. Each spec must generate,
every generated module must compile, import and be as black writes it, every model and response
type must build in a fresh process (discriminated unions tagged by hostile values, which may
coincide, among them), every method must request a path of the spec, and the sentinel must never
appear.
"""

from __future__ import annotations

import difflib
import itertools
import json
import os
from pathlib import Path
from typing import Any, Iterator

import black
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.load import load

from .names_fixtures import generate, hostile_payloads, hostile_spec, imported
from .sdk_checks import api_of, check_builds, path_mismatches

SENTINEL_NAME = "sdkgen-hostile-sentinel"


def _text(sentinel: str) -> st.SearchStrategy[str]:
    specials = "\"'\\\x00\n\r\u2028\u2029{}%#$`<>!=.-_ é名\t"
    return st.one_of(
        st.sampled_from(hostile_payloads(sentinel)),
        st.text(alphabet=st.sampled_from(list(specials) + list("aZ0")), max_size=12),
    )


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


def generate_and_import(workspace: Path, spec: dict[str, Any]) -> None:
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
        text = path.read_text(encoding="utf-8")
        compile(text, str(path), "exec")
        # Written as black writes it, though black ran only where a line was too long.
        formatted = black.format_str(text, mode=black.Mode())
        assert formatted == text, "".join(difflib.unified_diff(text.splitlines(True), formatted.splitlines(True), str(path), "black"))
    with imported(folder / "out", package) as sdk:
        import importlib

        for path in files:
            parts = path.relative_to(folder / "out").with_suffix("").parts
            importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
        client = sdk.Hostile(base_url="http://127.0.0.1:9")
        repr(client)
        client.close()
    # Every model and response type builds in a fresh process; every method requests the spec's paths.
    api = api_of(folder / "spec.json", package, "Hostile")
    # The path keys as the loader reads them (a lone surrogate in one becomes U+FFFD).
    assert path_mismatches(api, list(load(folder / "spec.json").root["paths"])) == []
    assert check_builds([(folder / "out", package, api)]).failures == []


def _sentinel(workspace: Path) -> Path:
    return workspace / SENTINEL_NAME


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@example(data=None)
@given(data=st.data())
def test_hostile_spec_text_compiles_imports_and_runs_nothing(workspace: Path, data: Any) -> None:
    sentinel = _sentinel(workspace)
    if data is None:
        # Every payload once, in every kind of place, on every run.
        payloads = hostile_payloads(str(sentinel))
        texts: Iterator[str] = itertools.cycle(payloads)
    else:
        texts = iter(data.draw(st.lists(_text(str(sentinel)), min_size=80, max_size=80)))
    generate_and_import(workspace, hostile_spec(texts))
    assert not sentinel.exists(), "spec text ran as code"
