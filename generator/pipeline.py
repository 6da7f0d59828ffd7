"""The stages of a run, each timed: load → validate → build → render → format (→ write, in cli)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

from . import ir
from .build import build
from .build.report import build_reporting_all
from .config import Config
from .format import format_files
from .load import check_document, load
from .pipeline_stages import timed
from .problems import Problem, sorted_problems
from .render import render
from .write import with_manifest


@dataclasses.dataclass
class Result:
    """The rendered tree, the IR it came from, the warnings, and where the time went."""

    files: dict[str, str]
    api: ir.Api
    warnings: list[Problem]
    timings: dict[str, float] = dataclasses.field(default_factory=dict)
    formatted: int = 0  # files black formatted in this run (the others came from the cache)
    spec_files: list[str] = dataclasses.field(default_factory=list)  # every file of the spec read


def generate(config: Config, *, cwd: Path | None = None, progress: Callable[[str], None] | None = None, strict: bool = False) -> Result:
    """Render the SDK for `config` in memory.

    Raises GenerationError, carrying every problem found (warnings too), when any is an error.
    What the OpenAPI validator finds is a warning unless `strict`.
    """
    timings: dict[str, float] = {}
    with timed(timings, "load", progress):
        doc = load(config.spec, display_base=cwd or Path.cwd(), validate=False)
    with timed(timings, "validate", progress):
        check_document(doc, strict=strict)
    with timed(timings, "build", progress):
        api, ctx = build_reporting_all(doc, config)
    with timed(timings, "render", progress):
        files = render(api)
    with timed(timings, "format", progress):
        formatted = format_files(files)
    warnings = sorted_problems(p for p in ctx.problems if p.severity == "warning")
    spec_files = sorted(str(path) for path in doc.files)
    return Result(with_manifest(formatted.files, config.package), api, warnings, timings, formatted.formatted, spec_files)

