"""Golden record: the committed generated/ is exactly what the generator produces today."""

from __future__ import annotations

from pathlib import Path

from generator.config import resolve_config
from generator.pipeline import generate

from .spec_helpers import ROOT


def test_regenerating_into_a_temp_dir_reproduces_generated_byte_for_byte(
    tmp_path: Path,
) -> None:
    config = resolve_config(
        spec=None,
        output=str(tmp_path),
        package=None,
        client=None,
        config_file=None,
        cwd=ROOT,
    )
    rendered = {
        path: text.encode("utf-8")
        for path, text in generate(config, cwd=ROOT).files.items()
    }
    committed = {
        str(p.relative_to(ROOT / "generated")): p.read_bytes()
        for p in (ROOT / "generated").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }
    assert sorted(rendered) == sorted(committed)
    for path, data in rendered.items():
        assert committed[path] == data, f"{path} differs from the committed generated/"
