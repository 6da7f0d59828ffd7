"""Golden record: the committed generated/ is exactly what the generator produces today."""

from __future__ import annotations

from pathlib import Path

from generator.config import resolve_config
from generator.engine import generate

from .spec_helpers import ROOT, golden_mismatches


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
    mismatches = golden_mismatches(generate(config, cwd=ROOT).files, ROOT / "generated")
    assert mismatches == [], "generated/ is stale: run `.venv/bin/python -m generator generate`"
