"""One run of sdkgen: load → build → render → format → write (or compare), each stage timed, and
every problem of the run collected in one list, `Run.problems`.

What a run may skip, it learns from two records of earlier runs; neither is needed, and each
only saves time:

- the manifest in the output (`write.Manifest`), committed with the SDK: for each file black had
  to format, what it was rendered as. A file rendered the same way again, and still on disk as
  black left it, is not formatted again, so a fresh clone checks or regenerates its SDK without
  black;
- the record of the last run in the user cache (`record.Record`): the fingerprint of its inputs
  and each file's render key. With the same inputs and an untouched output there is nothing to
  do; otherwise only the files whose key changed are rendered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from . import ir, layout, record
from .config import Config
from .load import Document, load
from .problems import GenerationError, Location, Problem, errors_in, sorted_problems
from .write import Changes, Manifest, compare, recover, write

STAGES = ("load", "validate", "build", "render", "format", "write")


@dataclasses.dataclass
class Outcome:
    """What a `generate` or `check` did."""

    changes: Changes
    files: int  # in the output, the manifest included
    rendered: int = 0  # files rendered (the others were as the last run left them)
    formatted: int = 0  # files black ran on
    skipped: bool = False  # the inputs were those of the last run: nothing was done
    api: ir.Api | None = None
    texts: dict[str, str] = dataclasses.field(default_factory=dict)  # the files compared or written


@dataclasses.dataclass
class Result:
    """The whole SDK rendered in memory: every file by path, the IR, and the warnings."""

    files: dict[str, str]
    api: ir.Api
    warnings: list[Problem]


class Run:
    """One run over `config`'s spec and output."""

    def __init__(self, config: Config, *, cwd: Path | None = None, strict: bool = False, progress: Callable[[str], None] | None = None) -> None:
        self.config = config
        self.cwd = cwd or Path.cwd()
        self.strict = strict  # the OpenAPI validator runs, and its findings are errors
        self.progress = progress
        self.problems: list[Problem] = []
        self.timings: dict[str, float] = {}
        self.rolled_back = False  # an interrupted write was found, and rolled back
        self.rendered = 0  # files rendered (the others were as the last run left them)
        self.formatted = 0  # files black ran on

    # -- stages ------------------------------------------------------------------------------

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as stage `name` (added up when a stage runs more than once)."""
        if self.progress is not None:
            self.progress(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

    def load(self) -> Document:
        """The spec, parsed and with every reference checked; the validator's findings too when strict."""
        with self.stage("load"):
            doc = self._collect(lambda: load(self.config.spec, display_base=self.cwd))
        if self.strict:
            # Its errors do not stop the run before the build: every problem is reported together.
            from .validator import validate

            with self.stage("validate"):
                self._add(validate(doc, strict=True))
        self._add(doc.problems)
        return doc

    def build(self, doc: Document) -> ir.Api:
        """The IR of `doc`."""
        from .builder import build

        with self.stage("build"):
            try:
                api, ctx = build(doc, self.config)
            except GenerationError as exc:
                self._add(exc.problems)
                raise GenerationError(sorted_problems(self.problems)) from None
            except Exception as exc:
                # A spec that breaks OpenAPI's rules may break what the build takes for granted:
                # what the validator finds explains it, with one more error. A valid spec that
                # breaks the build is a bug of sdkgen, and raises.
                if not self.strict:
                    from .validator import validate

                    self._add(validate(doc, strict=False))
                if not self.problems:
                    raise
                reason = " ".join(str(exc).split())[:200]
                failure = Problem("error", f"no SDK can be built from this spec ({type(exc).__name__}: {reason}); see the problems above", Location(doc.root_file.display))
                self._add([failure])
                raise GenerationError([*sorted_problems(p for p in self.problems if p != failure), failure]) from exc
        self._add(ctx.problems)
        self._stop_on_errors()
        return api

    def render(self, api: ir.Api, last: record.Record | None = None, *, keyed: bool = False, reuse: bool = True) -> tuple[dict[str, str], set[str], dict[str, str]]:
        """(texts, unchanged, keys): the files to compare or write, by path, formatted; the paths
        whose render key and file on disk are as the `last` run left them (not rendered at all);
        and every file's render key ("" unless `keyed`: a run with no record to compare keys
        with, that leaves none either, need not compute them). With `reuse`, black's output is
        taken from the output directory where its manifest says it is as black left it."""
        from .render import plan

        output, package = self.config.output, self.config.package
        manifest = Manifest.read(output, package) if reuse else Manifest.empty(package)
        texts: dict[str, str] = {}
        unchanged: set[str] = set()
        rendered: list[tuple[str, str, bool]] = []
        with self.stage("render"):
            jobs = plan(api)
            keys = {job.path: job.key() if keyed else "" for job in jobs}
            for job in jobs:
                if last is not None and last.unchanged(output, job.path, keys[job.path]):
                    unchanged.add(job.path)
                else:
                    rendered.append((job.path, job.make(), job.formatted))
        self.rendered = len(rendered)
        with self.stage("format"):
            formatter = _Formatter(output if reuse else None, manifest)
            for path, text, formatted in rendered:
                texts[path] = text if formatted or not path.endswith(".py") else formatter.format(path, text)
            self.formatted = formatter.ran
            texts[manifest.path] = Manifest.text_of({job.path for job in jobs}, package, {**manifest.kept(unchanged), **formatter.made})
        keys[manifest.path] = _digest(texts[manifest.path])
        return texts, unchanged, keys

    # -- commands ----------------------------------------------------------------------------

    def generate(self) -> Outcome:
        """Make the output hold the SDK: write what changed, remove what is no longer made."""
        return self._run(write_out=True)

    def check(self) -> Outcome:
        """Compare the output with the SDK the spec gives, writing nothing."""
        return self._run(write_out=False)

    def _run(self, *, write_out: bool) -> Outcome:
        config = self.config
        if config.output.exists() and not config.output.is_dir():
            raise GenerationError([Problem("error", "the output must be a directory, and this is a file", Location(str(config.output)))])
        self.rolled_back = recover(config.output)
        last = record.read(config)
        if last is not None and not self.strict and last.current(config):
            # Same inputs as the last run, and its output untouched: nothing to render or write.
            return Outcome(Changes((), (), ()), len(last.files), skipped=True)
        doc = self.load()
        api = self.build(doc)
        texts, unchanged, keys = self.render(api, last, keyed=write_out or last is not None)
        with self.stage("write" if write_out else "compare"):
            try:
                changes = (write if write_out else compare)(texts, config.output, unchanged)
            except OSError as exc:
                # Rolled back already: the output holds what it held before.
                failure = f"cannot write the output: {exc.strerror or exc}; its files are as they were"
                raise GenerationError([Problem("error", failure, Location(str(config.output)))]) from None
        if write_out or changes.clean:
            record.store(config, sorted(str(path) for path in doc.files), keys, texts)
        return Outcome(changes, len(keys), self.rendered, self.formatted, api=api, texts=texts)

    def files(self) -> Result:
        """The whole SDK in memory, as a cold run would write it (no record, no manifest reused)."""
        api = self.build(self.load())
        texts, _unchanged, _keys = self.render(api, reuse=False)
        return Result(texts, api, self.warnings)

    def validate(self) -> list[Problem]:
        """Every problem of the spec, sorted by place: parsing, references, the OpenAPI
        validator, sdkgen's own rules and what the build finds. Never raises for bad input."""
        from .validate_rules import RULES
        from .validator import validate

        try:
            with self.stage("load"):
                doc = load(self.config.spec, display_base=self.cwd)
        except GenerationError as exc:
            return sorted_problems(exc.problems)
        with self.stage("validate"):
            for rule in RULES:
                self._add(list(rule(doc)))
            self._add(validate(doc, strict=self.strict))
        self._add(doc.problems)
        try:
            self.build(doc)
        except GenerationError:
            pass  # its problems are in self.problems
        return sorted_problems(self.problems)

    # -- problems ----------------------------------------------------------------------------

    @property
    def warnings(self) -> list[Problem]:
        """The warnings of the run so far, each once, sorted by place."""
        return sorted_problems(p for p in self.problems if p.severity == "warning")

    def _add(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        self.problems.extend(p for p in problems if p not in self.problems)

    def _collect(self, step: Callable[[], Document]) -> Document:
        try:
            return step()
        except GenerationError as exc:
            self._add(exc.problems)
            raise GenerationError(sorted_problems(self.problems)) from None

    def _stop_on_errors(self) -> None:
        if errors_in(self.problems):
            raise GenerationError(sorted_problems(self.problems))


def generate(config: Config, *, cwd: Path | None = None, strict: bool = False) -> Result:
    """The SDK of `config` in memory (see `Run.files`)."""
    return Run(config, cwd=cwd, strict=strict).files()


class _Formatter:
    """black, in this process, on the files that may need it (`layout.needs_black`), unless the
    manifest shows that a file was rendered exactly so before and is on disk as black left it."""

    def __init__(self, output: Path | None, manifest: Manifest) -> None:
        self.output = output
        self.manifest = manifest
        self.made: dict[str, tuple[str, str]] = {}  # path → (digest of the render, of black's output)
        self.ran = 0

    def format(self, path: str, text: str) -> str:
        if not layout.needs_black(text):
            return text
        rendered = _digest(text)
        known = self.manifest.formatted.get(path)
        if known is not None and known[0] == rendered and self.output is not None:
            try:
                current = (self.output / path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                current = None
            if current is not None and _digest(current) == known[1]:
                self.made[path] = known
                return current
        formatted = _black(path, text)
        self.ran += 1
        self.made[path] = (rendered, _digest(formatted))
        return formatted


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _black(path: str, text: str) -> str:
    import black
    from black.parsing import InvalidInput

    try:
        return black.format_str(text, mode=black.Mode())
    except InvalidInput as exc:
        # A template or escaping bug: reported with its path instead of a traceback.
        raise GenerationError([Problem("error", f"internal error: generated code does not parse: {exc}", Location(path))]) from None
