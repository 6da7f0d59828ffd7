"""Skip a run whose inputs did not change: the warm no-op of `sdkgen generate` and `sdkgen check`.

After a run, a record in the user cache (`runs/`, one per output directory and package) keeps a
fingerprint of everything the output depends on (the spec files read, the configuration,
sdkgen's own code and templates, which black is installed) and the SHA-256, size and mtime of
every file written. The next run with the same fingerprint, whose files on disk are still those,
has nothing to do and stops there. Any difference, or a missing or unreadable record, means a
full run. A run that does go on compares its files with the disk through the same record (`seen`).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .cache import cache_dir, code_fingerprint, installed, read, store, templates_dir
from .config import Config
from .write import Seen, pending

_VERSION = 2  # files: {path: [SHA-256, size, mtime in ns]}


def _record_path(config: Config) -> Path:
    where = f"{config.output.resolve()}\0{config.package}"
    return cache_dir() / "runs" / (hashlib.sha256(where.encode()).hexdigest() + ".json")


def fingerprint(config: Config, spec_files: list[str]) -> str:
    """The hash of every input of a run."""
    digest = hashlib.sha256()
    digest.update(repr(sorted(vars(config).items(), key=lambda kv: kv[0])).encode())
    digest.update(installed("black").encode())
    digest.update(code_fingerprint(templates_dir()).encode())
    for path in [Path(p) for p in spec_files]:
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def _record(config: Config) -> dict[str, Any] | None:
    text = read(_record_path(config))
    if text is None:
        return None
    try:
        record: dict[str, Any] = json.loads(text)
    except ValueError:
        return None
    return record if isinstance(record, dict) and record.get("version") == _VERSION else None


def seen(config: Config) -> Seen:
    """{path: (SHA-256, size, mtime in ns)} of each output file as the recorded run left it."""
    record = _record(config)
    try:
        return {path: (digest, size, mtime) for path, (digest, size, mtime) in record["files"].items()} if record else {}
    except (KeyError, TypeError, ValueError):
        return {}


def unchanged(config: Config) -> int | None:
    """The number of files of the output when nothing changed since the recorded run, else None.

    A file whose size and mtime are as recorded is taken as unchanged without being read (see
    `write.compare`); any other is hashed.
    """
    record = _record(config)
    if record is None or pending(config.output):
        return None
    try:
        if record["fingerprint"] != fingerprint(config, record["spec_files"]):
            return None
        root = str(config.output)
        for path, (digest, size, mtime) in record["files"].items():
            target = os.path.join(root, path)
            status = os.stat(target)
            if (status.st_size, status.st_mtime_ns) != (size, mtime) and hashlib.sha256(Path(target).read_bytes()).hexdigest() != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return len(record["files"])


def remember(config: Config, spec_files: list[str], files: dict[str, str]) -> None:
    """Record a run whose output on disk is exactly `files`."""
    entries: dict[str, list[Any]] = {}
    root = str(config.output)
    for path, text in sorted(files.items()):
        try:
            status = os.stat(os.path.join(root, path))
        except OSError:
            return
        entries[path] = [hashlib.sha256(text.encode("utf-8")).hexdigest(), status.st_size, status.st_mtime_ns]
    record = {"version": _VERSION, "fingerprint": fingerprint(config, spec_files), "spec_files": spec_files, "files": entries}
    store(_record_path(config), json.dumps(record))
