"""The stages of a run, each timed: load → validate → build → render → format."""

from __future__ import annotations

import dataclasses
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from . import ir
from .build import build
from .config import Config
from .format import format_files
from .load import load
from .problems import Problem
from .render import render
from .write import with_manifest


@dataclasses.dataclass
class Result:
    """The rendered tree, the IR it came from, the warnings, and where the time went."""

    files: dict[str, str]
    api: ir.Api
    warnings: list[Problem]
    timings: dict[str, float] = dataclasses.field(default_factory=dict)


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def generate(config: Config, *, cwd: Path | None = None) -> Result:
    """Render the SDK for `config` in memory. Raises GenerationError for bad input."""
    timings: dict[str, float] = {}
    with _timed(timings, "load+validate"):
        doc = load(config.spec, display_base=cwd or Path.cwd())
    with _timed(timings, "build"):
        api, ctx = build(doc, config)
    with _timed(timings, "render"):
        files = render(api)
    with _timed(timings, "format"):
        files = format_files(files)
    warnings = [p for p in ctx.problems if p.severity == "warning"]
    return Result(with_manifest(files, config.package), api, warnings, timings)
