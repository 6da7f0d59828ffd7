"""Generate a small SDK from an inline spec, import it, and type-check a folder of generated SDKs.

Shared by the tests/test_operations_*.py modules: each builds one SDK per module from a spec
written in the test, then drives it against the scripted server.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator, List

from generator.cli import main

from .spec_helpers import write_spec



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


def packages_in(folders: List[Path]) -> List[Path]:
    """Every package directly inside `folders`."""
    return [p for folder in folders for p in sorted(folder.iterdir()) if (p / "__init__.py").is_file()]
