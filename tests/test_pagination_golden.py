"""The pagination fixtures' output: the golden record of tests/fixtures/specs/pagination.yaml is
exactly what the generator produces, and every fixture's output type-checks strictly (one mypy
and one pyright run over all of them)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.cli import main
from generator.config import resolve_config
from generator.engine import generate

from .pagination_sdks import CLIENT, GOLDEN, PACKAGE, SPEC
from .scripted_server import ScriptedServer
from .spec_helpers import golden_mismatches, minimal_spec, ok_response, write_spec


def _list(name: str, params: list[str], schema: dict[str, Any], headers: dict[str, Any] | None = None) -> dict[str, Any]:
    responses = ok_response(schema)
    if headers:
        responses["200"]["headers"] = headers
    return {
        "get": {
            "operationId": name,
            "parameters": [{"name": p, "in": "query", "schema": {"type": "string"}} for p in params],
            "responses": responses,
        }
    }


ITEMS = {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}}

# Shapes no detection would recognise: only the config says how they paginate.
CONFIGURED = minimal_spec(
    {
        "/a": _list("listA", ["from"], {"type": "object", "properties": {"entries": ITEMS, "continuation": {"type": "string"}}}),
        "/b": _list("listB", ["since_id"], {"type": "object", "properties": {"entries": ITEMS, "more": {"type": "boolean"}}}),
        "/c": _list("listC", ["start", "count"], {"type": "object", "properties": {"entries": ITEMS, "size": {"type": "integer"}}}),
        "/d": _list("listD", ["p"], {"type": "object", "properties": {"entries": ITEMS, "pages": {"type": "integer"}}}),
        "/e": _list("listE", [], {"type": "object", "properties": {"entries": ITEMS, "continue_at": {"type": "string"}}}),
        "/f": _list("listF", [], ITEMS),
    }
)
CONFIG = """
[tool.sdkgen]
spec = "spec.yaml"
output = "out"
package = "configured"

[tool.sdkgen.pagination]
listA = { items = "entries", cursor = "continuation", cursor_param = "from" }
listB = { style = "item_cursor", items = "entries", cursor_param = "since_id", has_more = "more" }
listC = { style = "offset", items = "entries", offset_param = "start", limit_param = "count", total = "size" }
listD = { style = "page", items = "entries", page_param = "p", total_pages = "pages", first_page = 0 }
listE = { style = "next_url", items = "entries", next_url = "$.continue_at" }
"GET /f" = { style = "link" }
"""


@pytest.fixture(scope="module")
def configured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An SDK whose every page is declared in [tool.sdkgen.pagination]; yields its output folder."""
    folder = tmp_path_factory.mktemp("configured")
    write_spec(folder, CONFIGURED)
    (folder / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    assert main(["generate", "--config", str(folder / "pyproject.toml"), "-q"]) == 0
    yield folder / "out"
    for name in [m for m in sys.modules if m == "configured" or m.startswith("configured.")]:
        del sys.modules[name]


def test_regenerating_the_pagination_spec_reproduces_the_golden_record(tmp_path: Path) -> None:
    config = resolve_config(spec=str(SPEC), output=str(tmp_path), package=PACKAGE, client=CLIENT, config_file=None, cwd=tmp_path)
    mismatches = golden_mismatches(generate(config, cwd=tmp_path).files, GOLDEN)
    assert mismatches == [], "the golden record is stale; regenerate it: .venv/bin/python tests/fixtures/refresh_golden.py"


def test_config_declared_pages_follow_their_declaration(configured: Path, server: ScriptedServer) -> None:
    sys.path.insert(0, str(configured))
    try:
        sdk = importlib.import_module("configured")
    finally:
        sys.path.remove(str(configured))
    # Page numbers from 0 (first_page = 0), two pages in all (pages = 2).
    server.reply(200, json={"entries": [{"id": "a"}], "pages": 2})
    server.reply(200, json={"entries": [{"id": "b"}], "pages": 2})
    with sdk.Configured(base_url=server.url, max_retries=0) as client:
        assert [e.id for e in client.d.list()] == ["a", "b"]
    assert [r.query_string for r in server.requests] == ["", "p=1"]
    pages = importlib.import_module("configured.pagination")
    specs = {name: type(getattr(pages, name)._page_spec).__name__ for name in pages.__all__ if name.startswith("Sync")}
    assert sorted(specs.values()) == [
        "CursorPageSpec",
        "ItemCursorPageSpec",
        "LinkHeaderPageSpec",
        "NextUrlPageSpec",
        "OffsetPageSpec",
        "PageNumberPageSpec",
    ]
