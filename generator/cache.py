"""The user cache directory shared by the run's caches (formatted files, rendered files, runs).

`$SDKGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/sdkgen`, else `~/.cache/sdkgen`. Every cache is an
optimisation only: an entry that cannot be read or written costs time, never correctness.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import secrets
from pathlib import Path

_HERE = Path(__file__).resolve().parent


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


def installed(package: str) -> str:
    """Which copy of an installed package this is, without importing it or reading its metadata
    (which costs more than a small run): where its `__init__` is, and that file's size and mtime,
    which any upgrade or reinstall changes."""
    try:
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None else None
        if origin is None:
            return f"{package}: not installed"
        status = os.stat(origin)
    except (ImportError, ValueError, OSError):
        return f"{package}: not found"
    return f"{origin} {status.st_size} {status.st_mtime_ns}"


def templates_dir() -> Path:
    """The templates: beside generator/ in a source checkout, inside it in an installed wheel."""
    return next((p for p in (_HERE.parent / "templates", _HERE / "_templates") if p.is_dir()), _HERE.parent / "templates")


@functools.lru_cache(maxsize=None)
def code_fingerprint(templates: Path) -> str:
    """The hash of sdkgen's code and of `templates`: a change to any of them can change the output."""
    digest = hashlib.sha256()
    for root in (_HERE, templates):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
