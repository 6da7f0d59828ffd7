"""Import time of the generated `avara` beside the official SDK's, in one run; prints, asserts nothing.

    .venv/bin/python benchmarks/import_time.py [--rounds 15]

Both packages are imported in fresh interpreters of the same Python, taking turns, `--rounds` times
each; every figure is the median. Interpreter start-up is excluded: the child process reads
`time.perf_counter()` around the statements themselves.

- `import avara`: the import statement alone.
- `-X importtime`: the cumulative figure of the `avara` line of `python -X importtime`.
- first client: `import avara` then `avara.Avara(api_key=...)`, the time until a client exists.

The official package (PyPI `avara`, version OFFICIAL) is installed with pip into
benchmarks/.venv-official on the first run (git-ignored; delete it to reinstall). Both run with
that environment's interpreter and libraries, so that they import the same httpx and pydantic and
nothing else (this repository's .venv also holds click, which httpx imports when it is there):
ours from `generated/`, put first on sys.path, where it shadows the installed `avara`.

Recorded 2026-11-27, 15 rounds, on the 2-core development machine (load average about 1):

    import avara           ours 8.7 ms     official 378.7 ms    ours / official 0.02
    first client           ours 236.3 ms   official 464.8 ms    ours / official 0.51

`import avara` loads only `avara`, `avara._lazy` and `avara._version`; the first client imports
httpx (most of its time) but not pydantic, which loads with the first response.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
OFFICIAL = "0.3.0"
OFFICIAL_VENV = Path(__file__).resolve().parent / ".venv-official"

# Run in the child with `-I` (no PYTHONPATH, no user site, no current directory on sys.path). PATHS
# puts generated/ first for ours and nothing for the official package.
_CHILD = """
import sys, time, json
sys.path[:0] = PATHS
start = time.perf_counter()
import avara
imported = time.perf_counter()
client = avara.Avara(api_key="benchmark-key")
built = time.perf_counter()
print(json.dumps({"import": imported - start, "client": built - start}))
"""

_VERSIONS = """
import json, sys
from importlib import metadata
def version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
print(json.dumps({"python": sys.version.split()[0], **{n: version(n) for n in ("avara", "httpx", "pydantic")}}))
"""


def official_python() -> Path:
    """The interpreter of benchmarks/.venv-official, created (and avara installed) when missing."""
    python = OFFICIAL_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {OFFICIAL_VENV.relative_to(ROOT)} with avara=={OFFICIAL} (once) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(OFFICIAL_VENV)], check=True)
    if versions(python).get("avara") != OFFICIAL:
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"avara=={OFFICIAL}"],
            check=True,
        )
    return python


def versions(python: Path) -> Dict[str, str]:
    done = subprocess.run([str(python), "-I", "-c", _VERSIONS], capture_output=True, text=True, check=True)
    found: Dict[str, str] = json.loads(done.stdout)
    return found


def child_env() -> Dict[str, str]:
    """The environment of the measured interpreters: no AVARA_* settings (AVARA_LOG would add work)."""
    return {k: v for k, v in os.environ.items() if not k.upper().startswith("AVARA_")}


def measure(python: Path, paths: List[str]) -> Dict[str, float]:
    """One fresh interpreter: seconds to `import avara` and to the first client, and -X importtime's figure."""
    code = f"PATHS = {paths!r}\n" + _CHILD
    done = subprocess.run([str(python), "-I", "-c", code], capture_output=True, text=True, check=True, env=child_env())
    figures: Dict[str, float] = json.loads(done.stdout)
    setup = f"import sys; sys.path[:0] = {paths!r}; import avara"
    traced = subprocess.run(
        [str(python), "-I", "-X", "importtime", "-c", setup], capture_output=True, text=True, check=True, env=child_env()
    )
    for line in traced.stderr.splitlines():
        # "import time: self [us] | cumulative | imported package"
        if line.startswith("import time:") and line.rsplit("|", 1)[-1].strip() == "avara":
            figures["importtime"] = int(line.split("|")[1]) / 1e6
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="fresh interpreters per package (default 15)")
    rounds = parser.parse_args().rounds

    python = official_python()
    candidates = {
        "ours (generated/)": (python, [str(GENERATED)]),
        f"official avara {OFFICIAL}": (python, []),
    }
    for python, paths in candidates.values():
        measure(python, paths)  # warm-up: compiles the .pyc files
    samples: Dict[str, List[Dict[str, float]]] = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, (python, paths) in candidates.items():
            samples[name].append(measure(python, paths))

    found = versions(python)
    print(
        f"## `import avara`: median of {rounds} fresh interpreters each, taking turns "
        f"(Python {found['python']}, httpx {found['httpx']}, pydantic {found['pydantic']})"
    )
    names = list(candidates)
    print(f"{'':<34}{names[0]:>20}{names[1]:>26}{'ours / official':>18}")
    medians: Dict[str, Dict[str, float]] = {
        name: {key: statistics.median(s[key] for s in runs) for key in runs[0]} for name, runs in samples.items()
    }
    rows = (
        ("import avara", "import"),
        ("  -X importtime (avara)", "importtime"),
        ("first client (import + Avara())", "client"),
    )
    for label, key in rows:
        ours, theirs = medians[names[0]][key], medians[names[1]][key]
        print(f"{label:<34}{ours * 1000:>17.1f} ms{theirs * 1000:>23.1f} ms{ours / theirs:>18.2f}")
    ratio = medians[names[0]]["import"] / medians[names[1]]["import"]
    verdict = "met" if ratio <= 0.25 else "NOT met"
    print(f"\ntarget `import avara` <= 1/4 of the official SDK's: {verdict} ({ratio:.2f})")


if __name__ == "__main__":
    main()
