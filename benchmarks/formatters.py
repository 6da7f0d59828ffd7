"""black and ruff's formatter on the same unformatted SDK: what the cold-run target hinges on.

    .venv/bin/python benchmarks/formatters.py [--resources 100]

sdkgen renders the large synthetic spec's SDK (see large_spec.py) without formatting it, then the
same files are formatted twice, each from a fresh copy and with every core: by black (the chosen
formatter, sdkgen's own version, its cache off) and by ruff's black-compatible formatter (the one
openapi-python-client runs; taken from the benchmark venv that large_spec.py makes for it). The
script prints both times and how many files the two format differently.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator.builder import build  # noqa: E402
from generator.config import resolve_config  # noqa: E402
from generator.load import load  # noqa: E402
from generator.render import plan  # noqa: E402
from large_spec import OPC_VENV, ensure_opc  # noqa: E402
from synthetic_spec import synthetic_spec  # noqa: E402


def unformatted(resources: int, work: Path) -> dict[str, str]:
    """The SDK's Python files as rendered, before any formatting."""
    import json

    spec_path = work / "large.json"
    spec_path.write_text(json.dumps(synthetic_spec(resources), indent=1), encoding="utf-8")
    config = resolve_config(spec=str(spec_path), output=str(work / "out"), package="synthetic", client=None, config_file=None, cwd=work)
    api, _ctx = build(load(spec_path, display_base=work), config)
    return {job.path: job.make() for job in plan(api) if job.path.endswith(".py")}


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resources", type=int, default=100, help="10 operations and 38 schemas each")
    args = parser.parse_args()
    if ensure_opc() is None:
        sys.exit("openapi-python-client (and the ruff it brings) could not be installed")
    ruff = OPC_VENV / "bin" / "ruff"
    black = Path(sys.executable).parent / "black"
    cores = len(os.sched_getaffinity(0))
    work = Path(tempfile.mkdtemp(prefix="sdkgen-formatters-"))
    try:
        files = unformatted(args.resources, work)
        lines = sum(text.count("\n") for text in files.values())
        trees = {}
        for name in ("black", "ruff"):
            trees[name] = work / name
            for path, text in files.items():
                target = trees[name] / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        version = subprocess.run([str(ruff), "--version"], capture_output=True, text=True, check=True).stdout.strip()
        print(f"## Formatting the synthetic SDK: {len(files)} files, {lines:,} lines as rendered; {cores} cores\n")
        black_s = timed([str(black), "-q", "--workers", str(cores), str(trees["black"])], {**os.environ, "BLACK_CACHE_DIR": str(work / "black-cache")})
        ruff_s = timed([str(ruff), "format", "-q", "--no-cache", "--line-length", "88", str(trees["ruff"])])
        differ = sum(1 for path in files if (trees["black"] / path).read_bytes() != (trees["ruff"] / path).read_bytes())
        print("| formatter | seconds |\n| --- | ---: |")
        print(f"| black {subprocess.run([str(black), '--version'], capture_output=True, text=True).stdout.split()[1]} | {black_s:.1f} |")
        print(f"| {version} format | {ruff_s:.1f} |")
        print(f"\nruff's output differs from black's in {differ} of {len(files)} files.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
