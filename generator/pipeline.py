"""The stages of a run, each timed: load → validate → build → render → format (→ write, in cli)."""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path
from typing import Callable

from . import ir, rendercache
from .builder.report import build_reporting_all
from .config import Config
from .format import Formatter
from .load import Document, load
from .pipeline_stages import timed
from .problems import GenerationError, Problem, errors_in, sorted_problems
from .render import Job, planned
from .validator import validate
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
    collecting = gc.isenabled()
    # Loading, building and rendering make millions of objects and almost no garbage with cycles:
    # the cyclic collector would walk them again and again, for about a third of those stages'
    # time. It is off until the formatter runs; then everything made so far is frozen (never
    # walked again), and black's own parse trees, which are cyclic, are collected as usual.
    gc.disable()
    try:
        return _generate(config, timings, cwd=cwd, progress=progress, strict=strict)
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()


def _generate(config: Config, timings: dict[str, float], *, cwd: Path | None, progress: Callable[[str], None] | None, strict: bool) -> Result:
    # The formatter's workers start now and import black while this process loads and builds.
    with Formatter() as formatter:
        with timed(timings, "load", progress):
            doc = load(config.spec, display_base=cwd or Path.cwd())
        with timed(timings, "validate", progress):
            validation = _Validation(doc, strict)
        with validation:
            return _built(config, timings, doc, validation, formatter, progress)


def _built(
    config: Config, timings: dict[str, float], doc: Document, validation: _Validation, formatter: Formatter, progress: Callable[[str], None] | None
) -> Result:
    """Build, render and format `doc`, then wait for the validator's findings."""
    try:
        with timed(timings, "build", progress):
            api, ctx = build_reporting_all(doc, config)
    except Exception:
        if validation.ready:
            raise
        # The build raced a validator still running, whose findings explain a broken spec
        # better: build again with them, so the error lists them all (a build is pure).
        with timed(timings, "validate"):
            validation.wait()
        api, ctx = build_reporting_all(doc, config)
    with timed(timings, "render", progress):
        # Files whose inputs did not change since the last run into this output are reused as
        # they were formatted then; only the others are rendered, and each Python file goes to
        # the formatter as soon as it is, while the next ones are rendered.
        known = rendercache.read(config.output, config.package)
        jobs: list[Job] = []
        documents: dict[str, tuple[str, dict[str, str]]] = {}
        for job in planned(api):
            jobs.append(job)
            if job.key in known:
                continue
            if job.path.endswith(".py"):
                formatter.add(job.path, job.make())
            else:
                # Documents are not formatted; those made of sections reuse the unchanged ones.
                documents[job.path] = job.text(known)
    gc.freeze()
    gc.enable()
    with timed(timings, "format", progress):
        formatted = formatter.result()
    made = {**{path: text for path, (text, _sections) in documents.items()}, **formatted.files}
    jobs.sort(key=lambda job: job.path)
    files = {job.path: known[job.key] if job.key in known else made[job.path] for job in jobs}
    record = {job.key: files[job.path] for job in jobs}
    for job in jobs:
        record.update(documents[job.path][1] if job.path in documents else {s.key: known[s.key] for s in job.sections if s.key in known})
    rendercache.store(config.output, config.package, record)
    # The validator's findings last: it may still be running, and the cache above is as good either way.
    with timed(timings, "validate"):
        ctx.problems.extend(p for p in validation.wait() if p not in ctx.problems)
    if errors_in(ctx.problems):
        raise GenerationError(sorted_problems(ctx.problems))
    warnings = sorted_problems(p for p in ctx.problems if p.severity == "warning")
    spec_files = sorted(str(path) for path in doc.files)
    return Result(with_manifest(files, config.package), api, warnings, timings, formatted.formatted, spec_files)


class _Validation:
    """openapi-spec-validator's findings on a document, found in this process and added to its problems."""

    ready = True

    def __init__(self, doc: Document, strict: bool) -> None:
        self._found = validate(doc, strict=strict)
        doc.problems.extend(self._found)

    def __enter__(self) -> _Validation:
        return self

    def __exit__(self, *_exc: object) -> None:
        pass

    def wait(self) -> list[Problem]:
        """The problems found."""
        return self._found
