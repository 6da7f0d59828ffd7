"""Generate a small SDK from an inline spec, import it, and type-check a folder of generated SDKs.

Shared by the tests/test_operations_*.py modules: each builds one SDK per module from a spec
written in the test, then drives it against the scripted server.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator, List

from generator.cli import main

from .spec_helpers import ROOT, write_spec

PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"


def generate_sdk(folder: Path, spec: dict[str, Any], package: str) -> Path:
    """Generate `package` (client class `Client`) from `spec` into `folder/out`; the output folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_spec(folder, spec)
    out = folder / "out"
    code = main(["generate", str(path), "-o", str(out), "--package", package, "--client", "Client", "-q"])
    assert code == 0, f"generating {package} failed"
    return out


@contextlib.contextmanager
def imported(out: Path, package: str) -> Iterator[ModuleType]:
    """`package` imported from `out`, forgotten again afterwards."""
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


def type_check(folders: List[Path]) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """mypy --strict and pyright strict (Python 3.9) over every package in `folders`, one run each."""
    packages = [str(p) for folder in folders for p in sorted(folder.iterdir()) if (p / "__init__.py").is_file()]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", *packages],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    # pyright takes only paths relative to its configuration file.
    root = Path(os.path.commonpath(packages))
    config = root / "pyrightconfig.json"
    relative = [os.path.relpath(p, root) for p in packages]
    config.write_text(
        json.dumps(
            {"include": relative, "typeCheckingMode": "strict", "pythonVersion": "3.9", "reportMissingModuleSource": "error"}
        ),
        encoding="utf-8",
    )
    pyright = subprocess.run(
        [str(PYRIGHT), "--project", str(config), "--pythonpath", sys.executable],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    return mypy, pyright
