"""Generate a small SDK from an inline spec and import it; the packages in a folder of generated SDKs.

Shared by the tests/test_operations_*.py modules: each builds one SDK per module from a spec
written in the test, then drives it against the scripted server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List

from .spec_helpers import generate, imported, write_spec  # imported: re-exported for the operations tests


def generate_sdk(folder: Path, spec: dict[str, Any], package: str) -> Path:
    """Generate `package` (client class `Client`) from `spec` into `folder/out`; the output folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_spec(folder, spec)
    out = folder / "out"
    assert generate(path, out, package, "Client") == 0, f"generating {package} failed"
    return out


def packages_in(folders: List[Path]) -> List[Path]:
    """Every package directly inside `folders`."""
    return [p for folder in folders for p in sorted(folder.iterdir()) if (p / "__init__.py").is_file()]
