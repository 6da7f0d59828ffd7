"""sdkgen on a large synthetic spec (1,000 operations, 3,800 schemas), side by side with openapi-python-client.

    .venv/bin/python benchmarks/large_spec.py [--resources 100] [--skip-opc]

Each figure is one run of a fresh process (imports included), wall time and the peak resident
memory of that process (its format workers are separate processes of about the same size):

1. cold generate: empty output directory, empty caches (`SDKGEN_CACHE_DIR` is a new folder);
2. warm regenerate, nothing changed (three runs, the median);
3. regenerate after changing one operation (a new optional query parameter on one method; three
   runs, each changing another operation, the median);
4. openapi-python-client 0.29.1 on the same spec (with `literal_enums: true`, without which it
   rejects the spec's colliding enum values), installed in `.benchmarks-venv/` (git-ignored),
   which this script creates on first use.

Targets (issue): warm no-op ≤ 1 s; one-operation change ≤ 2 s; cold ≤ 1/3 of openapi-python-client.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_spec import synthetic_spec  # noqa: E402

OPC_VERSION = "0.29.1"
OPC_VENV = ROOT / ".benchmarks-venv"


STAGE_LINES: list[str] = []


def timed_run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB, exit code) of one process; with -v, its stage times go to STAGE_LINES."""
    # stderr goes to a file, not a pipe: a process that warns a lot would fill a pipe nobody reads yet.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        errors.seek(0)
        err = errors.read().decode(errors="replace")
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        print(err[-2000:], file=sys.stderr)
    elif "-v" in command:
        stages = [line.strip() for line in err.splitlines() if line.startswith("  ") and " ms" in line]
        STAGE_LINES.append(f"{' '.join(command[3:4])} {os.path.basename(command[4])}: " + "; ".join(" ".join(s.split()) for s in stages))
    return seconds, usage.ru_maxrss / 1024, process.returncode


REPEATS = 3


def median_row(label: str, runs: list[tuple[float, float, int]]) -> tuple[str, float, float, int]:
    """One table row for repeated runs: the median time and memory, every time in the label."""
    times = sorted(seconds for seconds, _mib, _code in runs)
    memory = sorted(mib for _seconds, mib, _code in runs)
    each = ", ".join(f"{seconds:.2f}" for seconds, _mib, _code in runs)
    return f"{label} (median of {len(runs)}: {each} s)", times[len(times) // 2], memory[len(memory) // 2], max(code for _s, _m, code in runs)


def ensure_opc() -> Path | None:
    """The openapi-python-client executable in the benchmark's own venv (created when missing)."""
    exe = OPC_VENV / "bin" / "openapi-python-client"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(OPC_VENV)], check=True)
        result = subprocess.run([str(OPC_VENV / "bin" / "pip"), "install", "-q", f"openapi-python-client=={OPC_VERSION}"])
        if result.returncode != 0:
            return None
    return exe


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resources", type=int, default=100, help="10 operations and 38 schemas each")
    parser.add_argument("--skip-opc", action="store_true", help="do not run openapi-python-client")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    try:
        spec = synthetic_spec(args.resources)
        spec_path = work / "large.json"
        spec_path.write_text(json.dumps(spec, indent=1), encoding="utf-8")
        operations = sum(1 for item in spec["paths"].values() for key in item if key != "parameters")
        print(f"## sdkgen on a synthetic spec: {operations} operations, {len(spec['components']['schemas'])} schemas, {spec_path.stat().st_size / 1e6:.1f} MB JSON")
        print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}\n")
        env = {**os.environ, "SDKGEN_CACHE_DIR": str(work / "cache"), "PYTHONPATH": str(ROOT)}
        out = work / "out"
        generate = [sys.executable, "-m", "generator", "generate", str(spec_path), "-o", str(out), "--package", "synthetic", "-v"]

        # sdkgen's modules compiled to bytecode first, as an installed package has them: with
        # PYTHONDONTWRITEBYTECODE set (some sandboxes and CI images set it), every run would
        # compile them again. openapi-python-client's were compiled when pip installed it.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
        rows = []
        print(f"load average before the runs: {os.getloadavg()[0]:.2f}")
        seconds, mib, code = timed_run(generate, env)
        rows.append(("sdkgen cold generate (empty caches)", seconds, mib, code))
        files = sum(1 for p in out.rglob("*") if p.is_file())
        cold = seconds
        # This machine's timings vary by a third between identical runs: the warm cases are run
        # three times each, and their median is the figure.
        runs = [timed_run(generate, env) for _ in range(REPEATS)]
        rows.append(median_row("sdkgen warm regenerate, no change", runs))
        runs = []
        for item in [item for item in spec["paths"].values() if "get" in item][:REPEATS]:
            # Each time another operation gets a new optional query parameter.
            item["get"].setdefault("parameters", []).append({"name": "createdAfter", "in": "query", "schema": {"type": "string", "format": "date-time"}})
            spec_path.write_text(json.dumps(spec, indent=1), encoding="utf-8")
            runs.append(timed_run(generate, env))
        rows.append(median_row("sdkgen regenerate after changing one operation", runs))
        seconds, mib, code = timed_run([sys.executable, "-m", "generator", "check", str(spec_path), "-o", str(out), "--package", "synthetic", "-q"], env)
        rows.append(("sdkgen check right after (warm)", seconds, mib, code))

        opc_cold = None
        if not args.skip_opc:
            exe = ensure_opc()
            if exe is None:
                print("openapi-python-client could not be installed; skipped")
            else:
                opc_out = work / "opc"
                # Literal enums, as sdkgen makes them: with Enum classes openapi-python-client
                # stops at enum values that collide as identifiers (ASC / asc), which the spec has.
                opc_config = work / "opc-config.yaml"
                opc_config.write_text("literal_enums: true\n", encoding="utf-8")
                opc_cmd = [str(exe), "generate", "--path", str(spec_path), "--output-path", str(opc_out), "--overwrite", "--config", str(opc_config)]
                seconds, mib, code = timed_run(opc_cmd, {**os.environ, "PATH": f"{exe.parent}:{os.environ.get('PATH', '')}"})
                rows.append((f"openapi-python-client {OPC_VERSION} generate", seconds, mib, code))
                opc_cold = seconds if code == 0 else None

        print(f"| run | seconds | peak RSS (MiB) | exit |\n| --- | ---: | ---: | ---: |")
        for label, seconds, mib, code in rows:
            print(f"| {label} | {seconds:.2f} | {mib:.0f} | {code} |")
        print(f"\nsdkgen wrote {files} files. Load average after the runs: {os.getloadavg()[0]:.2f}")
        print("\nsdkgen stage times (cold, warm ×3, one operation changed ×3):")
        for line in STAGE_LINES:
            print(f"- {line}")
        if opc_cold:
            print(f"cold sdkgen / openapi-python-client: {cold / opc_cold:.2f} (target ≤ 0.33)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
