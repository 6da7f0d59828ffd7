"""sdkgen on large specs, beside openapi-python-client: the targets of the engine, and what each
record sdkgen keeps buys.

    .venv/bin/python benchmarks/large_spec.py [--skip-opc] [--repeats 3]

Two synthetic specs, written to a temporary folder: `synthetic_spec.py`'s 1,000 operations and
3,800 schemas, and `ai_spec.py`'s ~320 operations shaped like a large public AI API. Every
figure is the wall time of a fresh process (imports included), the median of `--repeats` runs
where the run can be repeated; "fresh clone" means the output copied to a new folder (new
mtimes) and an empty user cache (`SDKGEN_CACHE_DIR`), as on a CI machine.

1. cold generate of each spec (empty output, empty cache), beside openapi-python-client 0.29.1
   (installed in `.benchmarks-venv/`, git-ignored, on first use), and the share of files black
   ran on;
2. fresh clone: `check` with nothing changed (Express and the 1,000-operation spec), and
   `generate` after one operation changed;
3. warm: `generate` with nothing changed, and after one operation changed;
4. what each record buys: the same runs without the user cache's record, without the
   manifest's digests of black's output, and without compiled templates.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ai_spec import ai_spec  # noqa: E402
from synthetic_spec import synthetic_spec  # noqa: E402

OPC_VERSION = "0.29.1"
OPC_VENV = ROOT / ".benchmarks-venv"


class Bench:
    """Runs sdkgen in fresh processes with a cache folder of its choosing."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.caches = 0

    def fresh_cache(self) -> Path:
        self.caches += 1
        return self.work / f"cache{self.caches}"

    def sdkgen(self, command: str, spec: Path, out: Path, package: str, cache: Path, *extra: str) -> tuple[float, str]:
        """(seconds, stderr) of one `sdkgen COMMAND` in a new process."""
        env = {**os.environ, "SDKGEN_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
        argv = [sys.executable, "-m", "generator", command, str(spec), "-o", str(out), "--package", package, "-v", *extra]
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(f"sdkgen {command} failed:\n{done.stderr[-3000:]}")
        return seconds, done.stderr


def median(runs: list[float]) -> float:
    return statistics.median(runs)


def shown(runs: list[float]) -> str:
    return f"{median(runs):.2f} s" + (f" ({', '.join(f'{r:.2f}' for r in runs)})" if len(runs) > 1 else "")


def counted(stderr: str, label: str) -> int:
    """A `-v` count line: `  formatted      3 files ...`."""
    for line in stderr.splitlines():
        if line.strip().startswith(label):
            return int(line.split()[1])
    return 0


def clone(out: Path, to: Path) -> Path:
    """A copy of an output with new mtimes, as a fresh checkout has."""
    if to.exists():
        shutil.rmtree(to)
    shutil.copytree(out, to, copy_function=shutil.copy)
    return to


def ensure_opc() -> Path | None:
    exe = OPC_VENV / "bin" / "openapi-python-client"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(OPC_VENV)], check=True)
        if subprocess.run([str(OPC_VENV / "bin" / "pip"), "install", "-q", f"openapi-python-client=={OPC_VERSION}"]).returncode != 0:
            return None
    return exe


def opc_seconds(exe: Path, spec: Path, work: Path) -> float | None:
    # Literal enums, as sdkgen makes them: with Enum classes openapi-python-client stops at enum
    # values that collide as identifiers (ASC / asc), which the synthetic spec has.
    config = work / "opc-config.yaml"
    config.write_text("literal_enums: true\n", encoding="utf-8")
    out = work / f"opc-{spec.stem}"
    argv = [str(exe), "generate", "--path", str(spec), "--output-path", str(out), "--overwrite", "--config", str(config)]
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "PATH": f"{exe.parent}:{os.environ['PATH']}"})
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"openapi-python-client failed on {spec.name}: {done.stderr[-500:]}")
        return None
    return seconds


def change_one_operation(spec: dict[str, Any], path: Path, round: int) -> None:
    """Give another GET operation of `spec` a new optional query parameter, and write it."""
    item = [item for item in spec["paths"].values() if "get" in item][round]
    item["get"].setdefault("parameters", []).append({"name": f"createdAfter{round}", "in": "query", "schema": {"type": "string", "format": "date-time"}})
    path.write_text(json.dumps(spec, indent=1), encoding="utf-8")


def without_digests(out: Path, package: str) -> None:
    """The output's manifest without the digests of black's output (as if they were not kept)."""
    manifest = out / package / ".sdkgen-manifest"
    manifest.write_text("".join(line.split("\t")[0] + "\n" for line in manifest.read_text(encoding="utf-8").splitlines()), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-opc", action="store_true", help="do not run openapi-python-client")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    work = Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    bench = Bench(work)
    rows: list[tuple[str, str, str]] = []
    try:
        large, ai = work / "large.json", work / "ai.json"
        large_spec = synthetic_spec(100)
        large.write_text(json.dumps(large_spec, indent=1), encoding="utf-8")
        ai.write_text(json.dumps(ai_spec(), indent=1), encoding="utf-8")
        exe = None if args.skip_opc else ensure_opc()
        print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.2f}\n")

        # 1. Cold generate, beside openapi-python-client.
        for spec, package, target in ((large, "synthetic", 1.0), (ai, "ai", 0.5)):
            runs, formatted, files = [], 0, 0
            for _ in range(args.repeats):
                out = work / f"cold-{package}"
                shutil.rmtree(out, ignore_errors=True)
                seconds, err = bench.sdkgen("generate", spec, out, package, bench.fresh_cache())
                runs.append(seconds)
                formatted, files = counted(err, "formatted"), counted(err, "rendered")
            opc = [s for s in (opc_seconds(exe, spec, work) for _ in range(args.repeats)) if s is not None] if exe else []
            ratio = f"{median(runs) / median(opc):.2f}× (target ≤ {target}×)" if opc else "—"
            rows.append((f"cold generate, {spec.name}", shown(runs), ratio))
            if opc:
                rows.append((f"openapi-python-client {OPC_VERSION}, {spec.name}", shown(opc), ""))
            rows.append((f"files black ran on, {spec.name}", f"{formatted} of {files}", f"{100 * formatted / max(files, 1):.1f}%"))

        # 2. Fresh clone: check with nothing changed, with and without each record.
        base = work / "cold-synthetic"
        checks = [bench.sdkgen("check", large, clone(base, work / "clone"), "synthetic", bench.fresh_cache())[0] for _ in range(args.repeats)]
        rows.append(("fresh clone: check, 1,000-operation spec", shown(checks), "target ≤ 3 s"))
        without = []
        for _ in range(args.repeats):
            cloned = clone(base, work / "clone")
            without_digests(cloned, "synthetic")
            without.append(bench.sdkgen("check", large, cloned, "synthetic", bench.fresh_cache())[0])
        rows.append(("  … without the manifest's digests of black's output", shown(without), f"digests save {1 - median(checks) / median(without):.0%}"))
        express_out = ROOT / "generated"
        express = [bench.sdkgen("check", ROOT / "spec" / "express.yaml", clone(express_out, work / "express"), "avara", bench.fresh_cache(), "--client", "Avara")[0] for _ in range(args.repeats)]
        rows.append(("fresh clone: check, Express", shown(express), "target ≤ 1 s"))
        compiled = bench.fresh_cache()
        bench.sdkgen("check", ROOT / "spec" / "express.yaml", clone(express_out, work / "express"), "avara", compiled, "--client", "Avara")
        warm_templates = []
        for _ in range(args.repeats):
            shutil.rmtree(compiled / "runs", ignore_errors=True)  # the record goes, the compiled templates stay
            warm_templates.append(bench.sdkgen("check", ROOT / "spec" / "express.yaml", clone(express_out, work / "express"), "avara", compiled, "--client", "Avara")[0])
        rows.append(("  … with compiled templates in the user cache", shown(warm_templates), f"they save {1 - median(warm_templates) / median(express):.0%}"))

        # 3. Warm runs (the record of the last run in the user cache), then the same on a fresh clone.
        spec_copy = json.loads(json.dumps(large_spec))
        changed = work / "changed.json"
        # Every run reads the spec from one path: its file name is in every generated file's header.
        changed.write_text(json.dumps(spec_copy), encoding="utf-8")
        warm_cache, warm_out = bench.fresh_cache(), work / "warm"
        bench.sdkgen("generate", changed, warm_out, "synthetic", warm_cache)  # the record of a first run
        warm_noop = [bench.sdkgen("generate", changed, warm_out, "synthetic", warm_cache)[0] for _ in range(args.repeats)]
        warm_one, fresh_one = [], []
        for round in range(args.repeats):
            change_one_operation(spec_copy, changed, round)  # one more than the last run had
            warm_one.append(bench.sdkgen("generate", changed, warm_out, "synthetic", warm_cache)[0])
        for round in range(args.repeats):
            cloned = clone(warm_out, work / f"fresh-{round}")  # a new folder: warm_out may be the last one
            change_one_operation(spec_copy, changed, args.repeats + round)
            fresh_one.append(bench.sdkgen("generate", changed, cloned, "synthetic", bench.fresh_cache())[0])
            warm_out = cloned
        rows.append(("fresh clone: generate after one operation changed", shown(fresh_one), "target ≤ 4 s"))
        rows.append(("warm: generate, nothing changed", shown(warm_noop), f"target ≤ 0.3 s; the record saves {1 - median(warm_noop) / median(checks):.0%} of a check without it"))
        rows.append(("warm: generate after one operation changed", shown(warm_one), f"target ≤ 1 s; the record saves {1 - median(warm_one) / median(fresh_one):.0%}"))

        print("| run | seconds | |\n| --- | ---: | --- |")
        for label, seconds, note in rows:
            print(f"| {label} | {seconds} | {note} |")
        print(f"\nload average after the runs: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
