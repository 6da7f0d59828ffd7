"""Command line: `sdkgen generate` and `sdkgen check` (also `python -m generator ...`).

Exit codes: 0 success; 1 `check` found the output stale; 2 bad input (spec, config, arguments).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Sequence

from .config import resolve_config
from .pipeline import generate
from .problems import GenerationError
from .write import compare, write

_EPILOG = """examples:
  sdkgen generate                          regenerate generated/ from [tool.sdkgen] in pyproject.toml
  sdkgen generate petstore.yaml -o out --package petstore --client Petstore
  sdkgen check                             exit 1, naming each stale file, when generated/ is out of date
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkgen",
        description="Generate a typed Python SDK from an OpenAPI document.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in (
        ("generate", "render the SDK and write the files that changed"),
        ("check", "render in memory and fail if the output directory differs"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
        command.add_argument("spec", nargs="?", metavar="SPEC", help="OpenAPI document (default: [tool.sdkgen].spec)")
        command.add_argument("-o", "--output", metavar="OUTPUT", help="output directory; the package is OUTPUT/NAME/")
        command.add_argument("--package", metavar="NAME", help="package name (default: [tool.sdkgen].package)")
        command.add_argument("--client", metavar="NAME", help="client class name (default: [tool.sdkgen].client)")
        command.add_argument("--config", metavar="FILE", help="TOML file with a [tool.sdkgen] table (default: the nearest pyproject.toml)")
        command.add_argument("-q", "--quiet", action="store_true", help="print errors only")
        command.add_argument("-v", "--verbose", action="store_true", help="print where the time went")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        config = resolve_config(
            spec=args.spec, output=args.output, package=args.package, client=args.client, config_file=args.config, cwd=Path.cwd()
        )
        result = generate(config)
    except GenerationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    if not args.quiet:
        for warning in result.warnings:
            print(warning, file=sys.stderr)
        if args.verbose:
            for resource in result.api.all_resources():
                for op in resource.operations:
                    if op.pagination:
                        how = "detected from its shape" if op.pagination.detected else "declared by x-pagination"
                        name = ".".join(resource.path + (op.name,))
                        print(f"  {name} returns {op.pagination.page_class} ({op.pagination.scheme} pages, {how})", file=sys.stderr)

    if args.command == "check":
        changes = compare(result.files, config.output)
        for label, paths in (("missing", changes.missing), ("stale", changes.stale), ("extra", changes.extra)):
            for path in paths:
                print(f"{label}: {config.output / path}", file=sys.stderr)
        if not changes.clean:
            print(f"{config.output} is out of date with {config.spec}; run `sdkgen generate`", file=sys.stderr)
            return 1
        if not args.quiet:
            print(f"{config.output} is up to date ({len(result.files)} files)")
    else:
        write_start = time.perf_counter()
        changes = write(result.files, config.output)
        result.timings["write"] = time.perf_counter() - write_start
        if not args.quiet:
            changed = len(changes.missing) + len(changes.stale)
            print(f"{config.output}/{config.package}: {changed} written, {len(changes.extra)} removed, {len(result.files) - changed} unchanged")
    if args.verbose:
        for stage, seconds in result.timings.items():
            print(f"  {stage:<14} {seconds * 1000:8.1f} ms", file=sys.stderr)
        print(f"  {'total':<14} {(time.perf_counter() - started) * 1000:8.1f} ms", file=sys.stderr)
    return 0
