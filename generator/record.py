"""What the last run into an output left there, kept in the user cache so that the next run can
skip what did not change. Deleting it only costs time.

One JSON file per output directory and package (in `$SDKGEN_CACHE_DIR`, else
`$XDG_CACHE_HOME/sdkgen`, else `~/.cache/sdkgen`): the fingerprint of the run's inputs (the
spec files read, the configuration, sdkgen's code and templates, the installed black), and for
each output file its render key, SHA-256, size and mtime. A file whose size and mtime are as
recorded is taken to be unchanged without being read, as git does.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import json
import os
from pathlib import Path
from typing import Any, Mapping

from .config import Config
from .write import atomic_write

_VERSION = 3
_HERE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """Where sdkgen keeps its records."""
    explicit = os.environ.get("SDKGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sdkgen"


def templates_dir() -> Path:
    """The templates: beside generator/ in a source checkout, inside it in an installed wheel."""
    return next((p for p in (_HERE.parent / "templates", _HERE / "_templates") if p.is_dir()), _HERE.parent / "templates")


@functools.lru_cache(maxsize=None)
def code_fingerprint(templates: Path) -> str:
    """The hash of sdkgen's code, of `templates` and of the installed black: a change to any of
    them can change the output."""
    digest = hashlib.sha256(_installed("black").encode())
    for root in (_HERE, templates):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _installed(package: str) -> str:
    """Which copy of an installed package this is, without importing it: where its `__init__`
    is, and that file's size and mtime, which any upgrade or reinstall changes."""
    try:
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None else None
        status = os.stat(origin) if origin else None
    except (ImportError, ValueError, OSError):
        return f"{package}: not found"
    return f"{origin} {status.st_size} {status.st_mtime_ns}" if status else f"{package}: not installed"


def fingerprint(config: Config, spec_files: list[str]) -> str:
    """The hash of every input of a run."""
    digest = hashlib.sha256(repr(sorted(vars(config).items(), key=lambda item: item[0])).encode())
    digest.update(code_fingerprint(templates_dir()).encode())
    for name in spec_files:
        digest.update(name.encode() + b"\0")
        try:
            digest.update(hashlib.sha256(Path(name).read_bytes()).digest())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


@dataclasses.dataclass(frozen=True)
class Record:
    """The last run into an output: its inputs' fingerprint, the spec files it read, and per file
    (render key, SHA-256, size, mtime in ns)."""

    inputs: str
    spec_files: list[str]
    files: dict[str, tuple[str, str, int, int]]

    def current(self, config: Config) -> bool:
        """Whether the inputs are as they were and every file is still as the run left it."""
        return self.inputs == fingerprint(config, self.spec_files) and all(
            self._on_disk(config.output, path, entry) for path, entry in self.files.items()
        )

    def unchanged(self, output: Path, path: str, key: str) -> bool:
        """Whether `path` would be rendered as last time (its key is the same) and is on disk as written."""
        entry = self.files.get(path)
        return entry is not None and bool(key) and entry[0] == key and self._on_disk(output, path, entry)

    @staticmethod
    def _on_disk(output: Path, path: str, entry: tuple[str, str, int, int]) -> bool:
        target = os.path.join(output, path)
        try:
            status = os.stat(target)
            if (status.st_size, status.st_mtime_ns) == (entry[2], entry[3]):
                return True
            with open(target, "rb") as handle:
                return hashlib.sha256(handle.read()).hexdigest() == entry[1]
        except OSError:
            return False


def _path(config: Config) -> Path:
    where = f"{config.output.resolve()}\0{config.package}"
    return cache_dir() / "runs" / (hashlib.sha256(where.encode()).hexdigest() + ".json")


def read(config: Config) -> Record | None:
    """The record of the last run into `config`'s output, or None (none, unreadable, foreign)."""
    try:
        data: Any = json.loads(_path(config).read_text(encoding="utf-8"))
        if data["version"] != _VERSION:
            return None
        files = {str(path): (str(key), str(digest), int(size), int(mtime)) for path, (key, digest, size, mtime) in data["files"].items()}
        return Record(str(data["inputs"]), [str(name) for name in data["spec_files"]], files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store(config: Config, spec_files: list[str], keys: Mapping[str, str], texts: Mapping[str, str]) -> None:
    """Record a run whose output on disk now holds every file of `keys` (and the manifest among
    `texts`); `texts` are the files it compared or wrote, the others were unchanged. A record
    that cannot be written only costs time."""
    last = read(config)
    files: dict[str, list[Any]] = {}
    for path, key in keys.items():
        try:
            status = os.stat(os.path.join(config.output, path))
        except OSError:
            return
        if path in texts:
            digest = hashlib.sha256(texts[path].encode("utf-8")).hexdigest()
        elif last is not None and path in last.files:
            digest = last.files[path][1]
        else:
            return
        files[path] = [key, digest, status.st_size, status.st_mtime_ns]
    data = {"version": _VERSION, "inputs": fingerprint(config, spec_files), "spec_files": spec_files, "files": files}
    try:
        atomic_write(_path(config), json.dumps(data).encode("utf-8"))
    except OSError:
        pass
