"""The user cache directory shared by the run's caches (formatted files, validated spec parts, runs).

`$SDKGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/sdkgen`, else `~/.cache/sdkgen`. Every cache is an
optimisation only: an entry that cannot be read or written costs time, never correctness.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def cache_dir() -> Path:
    """Where sdkgen keeps its caches."""
    explicit = os.environ.get("SDKGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sdkgen"


def store(path: Path, text: str) -> None:
    """Write a cache entry atomically; failures are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        pass


def read(path: Path) -> str | None:
    """A cache entry's text, or None."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
