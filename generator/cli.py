"""Command line: `sdkgen generate | check | validate | diff` (also `python -m generator ...`).

Exit codes: 0 success; 1 `check` found the output stale, or `diff` found a breaking change;
2 bad input (spec, config, arguments).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, NoReturn, Sequence, TextIO

from . import pagination_styles
from .config import Config, resolve_config
from .pipeline_stages import STAGES, timed
from .problems import GenerationError, Location, Problem, errors_in

_EPILOG = """examples:
  sdkgen generate                          regenerate generated/ from [tool.sdkgen] in pyproject.toml
  sdkgen generate petstore.yaml -o out --package petstore --client Petstore
  sdkgen check                             exit 1, naming each stale file, when generated/ is out of date
  sdkgen check --diff                      ... and show what would change, as unified diffs
  sdkgen validate spec.yaml                every problem, as file:line:col: severity: message [#pointer]
  sdkgen generate --strict                 ... and fail (exit 2) when the spec breaks OpenAPI's rules
  sdkgen diff old.yaml new.yaml            Markdown report of the SDK's changes and the semver bump
  sdkgen diff old.yaml new.yaml --json     the same as JSON; exit 1 when a change is breaking

exit codes: 0 ok; 1 check found stale files, or diff found a breaking change; 2 bad input
"""

_COMMANDS = {
    "generate": "render the SDK and write the files that changed",
    "check": "render in memory and fail if the output directory differs",
    "validate": "report every problem of the spec (errors and warnings) in one run",
    "diff": "report what changes for the SDK's users between two specs, and the semver bump",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkgen",
        description="Generate a typed Python SDK from an OpenAPI document.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in _COMMANDS.items():
        command = commands.add_parser(name, help=help_text, description=help_text, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
        if name == "diff":
            command.add_argument("old", metavar="OLD_SPEC", help="the spec the current SDK was generated from")
            command.add_argument("spec", metavar="NEW_SPEC", help="the changed spec")
            command.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
            command.add_argument("--json", action="store_true", help="print the report as JSON")
        else:
            command.add_argument("spec", nargs="?", metavar="SPEC", help="OpenAPI document (default: [tool.sdkgen].spec)")
            command.add_argument("-o", "--output", metavar="OUTPUT", help="output directory; the package is OUTPUT/NAME/")
        command.add_argument("--package", metavar="NAME", help="package name (default: [tool.sdkgen].package)")
        command.add_argument("--client", metavar="NAME", help="client class name (default: [tool.sdkgen].client)")
        command.add_argument("--config", metavar="FILE", help="TOML file with a [tool.sdkgen] table (default: the nearest pyproject.toml)")
        if name == "check":
            command.add_argument("--diff", action="store_true", help="show a unified diff of each stale, missing or extra file")
        if name != "diff":
            command.add_argument("--strict", action="store_true", help="treat what the OpenAPI validator finds as errors, not warnings")
        command.add_argument("-q", "--quiet", action="store_true", help="print errors only")
        command.add_argument("-v", "--verbose", action="store_true", help="print the time of each stage")
    return parser


class _Progress:
    """One self-erasing status line on stderr, only when it is a terminal (and not -q / -v)."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self._shown = False

    def __call__(self, stage: str) -> None:
        if self.enabled:
            step = STAGES.index(stage) + 1 if stage in STAGES else 0
            self.stream.write(f"\r\x1b[Ksdkgen: [{step}/{len(STAGES)}] {stage}…")
            self.stream.flush()
            self._shown = True

    def done(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


def run() -> NoReturn:
    """The `sdkgen` command: `main`, then exit at once.

    A run over a large spec leaves a million objects behind; freeing them one by one at exit
    took a quarter of a second, for nothing. Every file was written and closed already.
    """
    try:
        code = main()
    except KeyboardInterrupt:
        # Ctrl-C: a write in progress was rolled back already, and the helpers were stopped.
        print("sdkgen: interrupted; nothing was changed", file=sys.stderr)
        code = 130
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing more can be said
        code = code or 1
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    progress = _Progress(sys.stderr, not (args.quiet or args.verbose))
    try:
        config = resolve_config(
            spec=args.spec,
            output=None if args.command == "diff" else args.output,
            package=args.package,
            client=args.client,
            config_file=args.config,
            cwd=Path.cwd(),
        )
        if args.command == "validate":
            return _validate(config, args)
        if args.command == "diff":
            return _diff(config, args)
        return _generate_or_check(config, args, progress, started)
    except GenerationError as exc:
        progress.done()
        for problem in exc.problems:
            if problem.severity == "error" or not args.quiet:
                print(problem, file=sys.stderr)
        return 2
    finally:
        progress.done()


def _generate_or_check(config: Config, args: argparse.Namespace, progress: Callable[[str], None], started: float) -> int:
    from . import runcache
    from .write import compare, recover, write

    if config.output.exists() and not config.output.is_dir():
        raise GenerationError([Problem("error", "the output must be a directory, and this is a file", Location(str(config.output)))])
    if recover(config.output):
        print(f"{config.output}: rolled back a write that was interrupted", file=sys.stderr)
    # A run that skipped the validator's findings as warnings says nothing about --strict.
    count = None if args.strict else runcache.unchanged(config)
    if count is not None:
        # Same inputs as the last run, and its output untouched: nothing to render or write.
        if not args.quiet:
            done = f"is up to date ({count} files)" if args.command == "check" else f"/{config.package}: 0 written, 0 removed, {count} unchanged"
            print(f"{config.output}{' ' if args.command == 'check' else ''}{done} (inputs unchanged since the last run)")
        if args.verbose:
            print(f"  {'total':<10} {(time.perf_counter() - started) * 1000:8.1f} ms", file=sys.stderr)
        return 0
    from .pipeline import generate

    result = generate(config, progress=progress, strict=args.strict)
    if isinstance(progress, _Progress):
        progress.done()
    if not args.quiet:
        for warning in result.warnings:
            print(warning, file=sys.stderr)
        if args.verbose:
            for resource in result.api.all_resources():
                for op in resource.operations:
                    if op.pagination:
                        how = "detected from its shape" if op.pagination.detected else f"declared by {op.pagination.declared_by}"
                        name = ".".join(resource.path + (op.name,))
                        style = pagination_styles.LABELS[op.pagination.scheme]
                        print(f"  {name} returns {op.pagination.page_class} ({style} pages, {how})", file=sys.stderr)

    code = 0
    if args.command == "check":
        with timed(result.timings, "compare"):
            changes = compare(result.files, config.output, runcache.seen(config))
        for label, paths in (("missing", changes.missing), ("stale", changes.stale), ("extra", changes.extra)):
            for path in paths:
                print(f"{label}: {config.output / path}", file=sys.stderr)
        if args.diff:
            for path in (*changes.missing, *changes.stale, *changes.extra):
                sys.stdout.write(_unified(config.output, path, result.files.get(path)))
        if not changes.clean:
            print(f"{config.output} is out of date with {config.spec}; run `sdkgen generate`", file=sys.stderr)
            code = 1
        else:
            runcache.remember(config, result.spec_files, result.files)
            if not args.quiet:
                print(f"{config.output} is up to date ({len(result.files)} files)")
    else:
        with timed(result.timings, "write", progress):
            try:
                changes = write(result.files, config.output, runcache.seen(config))
            except OSError as exc:
                # Rolled back already: the output holds what it held before.
                failure = f"cannot write the output: {exc.strerror or exc}; its files are as they were"
                raise GenerationError([Problem("error", failure, Location(str(config.output)))]) from None
        runcache.remember(config, result.spec_files, result.files)
        if isinstance(progress, _Progress):
            progress.done()
        if not args.quiet:
            changed = len(changes.missing) + len(changes.stale)
            print(f"{config.output}/{config.package}: {changed} written, {len(changes.extra)} removed, {len(result.files) - changed} unchanged{_pagination_summary(result.api)}")
    if args.verbose:
        for stage, seconds in result.timings.items():
            print(f"  {stage:<10} {seconds * 1000:8.1f} ms", file=sys.stderr)
        print(f"  {'formatted':<10} {result.formatted:5d} files (the rest from the cache)", file=sys.stderr)
        print(f"  {'total':<10} {(time.perf_counter() - started) * 1000:8.1f} ms", file=sys.stderr)
    return code


def _pagination_summary(api: Any) -> str:
    """`; 3 paginated lists (2 detected from their shape, 1 declared; -v lists them)`, or ""."""
    pages = [op.pagination for resource in api.all_resources() for op in resource.operations if op.pagination]
    if not pages:
        return ""
    detected = sum(1 for page in pages if page.detected)
    return f"; {len(pages)} paginated list{'s' if len(pages) != 1 else ''} ({detected} detected from their shape, {len(pages) - detected} declared; -v lists them)"


def _unified(output: Path, path: str, new: str | None) -> str:
    try:
        old = (output / path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = None
    lines = difflib.unified_diff(
        (old or "").splitlines(keepends=True),
        (new or "").splitlines(keepends=True),
        fromfile=f"a/{path}" if old is not None else "/dev/null",
        tofile=f"b/{path}" if new is not None else "/dev/null",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _validate(config: Config, args: argparse.Namespace) -> int:
    from .validate_rules import validate_spec

    started = time.perf_counter()
    problems = validate_spec(config, strict=args.strict)
    errors = errors_in(problems)
    for problem in problems:
        if problem.severity == "error" or not args.quiet:
            print(problem, file=sys.stderr)
    if not args.quiet:
        warnings = len(problems) - len(errors)
        verdict = "invalid" if errors else "valid"
        print(f"{config.spec}: {verdict} ({len(errors)} errors, {warnings} warnings)")
    if args.verbose:
        print(f"  {'validate':<10} {(time.perf_counter() - started) * 1000:8.1f} ms", file=sys.stderr)
    return 2 if errors else 0


def _diff(config: Config, args: argparse.Namespace) -> int:
    import dataclasses

    from .builder import build
    from .diff import compare_apis
    from .load import load

    timings: dict[str, float] = {}
    apis = []
    for spec in (Path(args.old), config.spec):
        with timed(timings, "load"):
            doc = load(spec)
        with timed(timings, "build"):
            api, _ctx = build(doc, dataclasses.replace(config, spec=spec))
        apis.append(api)
    with timed(timings, "compare"):
        report = compare_apis(apis[0], apis[1])
    text = report.to_json() + "\n" if args.json else report.to_markdown(args.old, str(args.spec))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    elif not args.quiet or args.json:
        sys.stdout.write(text)
    if args.verbose:
        for stage, seconds in timings.items():
            print(f"  {stage:<14} {seconds * 1000:8.1f} ms", file=sys.stderr)
    return 1 if report.breaking else 0
