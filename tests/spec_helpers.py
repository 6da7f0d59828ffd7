"""Small inline OpenAPI documents for generator tests, and a way to run the generator on them."""

from __future__ import annotations

import importlib
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator, List

import yaml

ROOT = Path(__file__).resolve().parent.parent


def minimal_spec(
    paths: dict[str, Any], schemas: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """An OpenAPI 3.1 document with the given paths and component schemas."""
    spec: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Test API", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
    }
    if schemas:
        spec["components"] = {"schemas": schemas}
    spec.update(extra)
    return spec


def write_spec(folder: Path, spec: dict[str, Any], name: str = "spec.yaml") -> Path:
    path = folder / name
    path.write_text(
        yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return path


def run_sdkgen(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def ok_response(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "200": {
            "description": "ok",
            "content": {"application/json": {"schema": schema}},
        }
    }


def generate(spec: Path, out: Path, package: str, client: str, *extra: str) -> int:
    """`sdkgen generate SPEC -o OUT` in this process; the exit code."""
    from generator.cli import main

    return main(["generate", str(spec), "-o", str(out), "--package", package, "--client", client, "-q", *extra])


@contextmanager
def imported(out: Path, package: str) -> Iterator[ModuleType]:
    """`package` imported from `out`, forgotten again afterwards."""
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


def golden_mismatches(files: dict[str, str], golden: Path) -> List[str]:
    """How a generated tree (`files`, path → text) differs from the committed one in `golden`."""
    committed = {
        p.relative_to(golden).as_posix(): p.read_bytes()
        for p in golden.rglob("*")
        if p.is_file() and not {"__pycache__", ".mypy_cache"} & set(p.parts)
    }
    rendered = {path: text.encode("utf-8") for path, text in files.items()}
    out = [f"not in the record: {path}" for path in sorted(rendered.keys() - committed.keys())]
    out += [f"no longer generated: {path}" for path in sorted(committed.keys() - rendered.keys())]
    out += [f"differs: {path}" for path in sorted(rendered.keys() & committed.keys()) if rendered[path] != committed[path]]
    return out
