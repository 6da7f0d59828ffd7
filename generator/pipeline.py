"""The stages of a run, each timed: load → validate → build → render → format (→ write, in cli)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

from . import ir, rendercache
from .build import build
from .config import Config
from .format import format_files
from .load import load, validate_document
from .pipeline_stages import timed
from .problems import Problem
from .render import plan
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


def generate(config: Config, *, cwd: Path | None = None, progress: Callable[[str], None] | None = None) -> Result:
    """Render the SDK for `config` in memory. Raises GenerationError for bad input."""
    timings: dict[str, float] = {}
    with timed(timings, "load", progress):
        doc = load(config.spec, display_base=cwd or Path.cwd(), validate=False)
    with timed(timings, "validate", progress):
        validate_document(doc)
    with timed(timings, "build", progress):
        api, ctx = build(doc, config)
    with timed(timings, "render", progress):
        # Files whose inputs did not change since the last run into this output are reused as
        # they were formatted then; only the others are rendered and formatted.
        jobs = plan(api)
        known = rendercache.read(config.output, config.package)
        todo = {job.path: job.make() for job in jobs if job.key not in known}
    with timed(timings, "format", progress):
        formatted = format_files(todo)
    files = {job.path: known[job.key] if job.key in known else formatted.files[job.path] for job in jobs}
    rendercache.store(config.output, config.package, {job.key: files[job.path] for job in jobs})
    warnings = [p for p in ctx.problems if p.severity == "warning"]
    spec_files = sorted(str(path) for path in doc.files)
    return Result(with_manifest(files, config.package), api, warnings, timings, formatted.formatted, spec_files)
