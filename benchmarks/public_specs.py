"""A survey of sdkgen on specs nobody tuned it for; prints a table, asserts nothing.

    .venv/bin/python benchmarks/public_specs.py SPEC... [--out DIR] [--no-types]

For each spec (a public API's OpenAPI document you have, JSON or YAML): the seconds `sdkgen
generate` takes in a fresh process, the SDK's methods (and how many distinct method names), the
examples of its README.md and api.md that run against Prism serving the same spec (Prism checks
each request against the spec and answers from it), and the errors of `mypy --strict` and pyright
strict on the package and its generated tests. Each SDK is written to DIR/<name> (default: a
temporary folder), and the examples that failed to DIR/<name>.failures.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixture_sdks import FixtureSdk, PrismError, PrismPool  # noqa: E402
from tests.sdk_checks import api_of  # noqa: E402
from tests.test_documented_examples import example_environment  # noqa: E402

PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"


def survey(spec: Path, out: Path, types: bool) -> dict[str, object]:
    name = re.sub(r"\W", "_", spec.name.split(".")[0]).lower()
    sdk = FixtureSdk(name, spec, out / name, f"sdk_{name}", "Client")
    row: dict[str, object] = {"spec": spec.name}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(sdk.output), "--package", sdk.package, "--client", sdk.client, "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    row["generate s"] = f"{time.perf_counter() - started:.1f}"
    if done.returncode != 0:
        row["error"] = done.stderr.strip().splitlines()[-1]
        return row
    api = api_of(spec, sdk.package, sdk.client)
    methods = [op.name for resource in api.all_resources() for op in resource.operations]
    row["methods"] = len(methods)
    row["names"] = len(set(methods))
    row["models"] = len(api.models)

    pool = PrismPool({name: spec})
    try:
        url = pool.url(name)
        ran = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "run_examples.py"), str(sdk.output), sdk.package, sdk.client],
            cwd=out,
            env=example_environment(sdk, url),
            capture_output=True,
            text=True,
            timeout=1800,
        )
        results = [json.loads(line) for line in ran.stdout.splitlines()]
        failed = [r for r in results if not r["ok"]]
        row["examples ok"] = f"{len(results) - len(failed)}/{len(results)}"
        (out / f"{name}.failures").write_text(
            "".join(f"## {r['document']} {r['section']}\n{r['code']}\n{r['error']}\n" for r in failed) + ran.stderr, encoding="utf-8"
        )
    except PrismError as error:
        row["examples ok"] = "Prism: " + str(error).splitlines()[0][:60]
    finally:
        pool.stop()

    if types:
        row["mypy"], row["pyright"] = type_errors(sdk.output, sdk.package)
    return row


def type_errors(output: Path, package: str) -> tuple[str, str]:
    """The error counts of mypy --strict and pyright strict on the package and its tests."""
    checked = [package, "tests"] if (output / "tests").is_dir() else [package]
    (output / "pyrightconfig.json").write_text(
        json.dumps({"include": checked, "typeCheckingMode": "strict", "pythonVersion": "3.9", "reportMissingModuleSource": "error"}), encoding="utf-8"
    )
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--explicit-package-bases", "--cache-dir", str(output / ".mypy_cache"), *checked],
        cwd=output,
        capture_output=True,
        text=True,
    )
    pyright = subprocess.run([str(PYRIGHT), "--project", "pyrightconfig.json", "--pythonpath", sys.executable], cwd=output, capture_output=True, text=True)
    found = re.search(r"Found (\d+) errors?", mypy.stdout)
    mypy_errors = found.group(1) if found else ("0" if mypy.returncode == 0 else "crash")
    found = re.search(r"(\d+) errors?,", pyright.stdout)
    return mypy_errors, found.group(1) if found else "crash"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--no-types", action="store_true", help="skip mypy and pyright")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="sdkgen-survey-"))
    out.mkdir(parents=True, exist_ok=True)
    columns = ["spec", "generate s", "methods", "names", "models", "examples ok", "mypy", "pyright", "error"]
    print("| " + " | ".join(columns) + " |\n|" + " --- |" * len(columns), flush=True)
    for spec in args.specs:
        row = survey(spec.resolve(), out, not args.no_types)
        print("| " + " | ".join(str(row.get(c, "")) for c in columns) + " |", flush=True)
    print(f"\nSDKs and failed examples: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
