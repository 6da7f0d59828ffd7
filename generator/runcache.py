"""Skip a run whose inputs did not change: the warm no-op of `sdkgen generate` and `sdkgen check`.

After a run, a record in the user cache (`runs/`, one per output directory and package) keeps a
fingerprint of everything the output depends on (the spec files read, the configuration,
sdkgen's own code and templates, black's version) and the SHA-256 of every file written. The
next run with the same fingerprint, whose files on disk still have those hashes, has nothing to
do and stops there. Any difference, or a missing or unreadable record, means a full run.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from .cache import cache_dir, code_fingerprint, read, store, templates_dir
from .config import Config
from .write import pending



def _record_path(config: Config) -> Path:
    where = f"{config.output.resolve()}\0{config.package}"
    return cache_dir() / "runs" / (hashlib.sha256(where.encode()).hexdigest() + ".json")


def fingerprint(config: Config, spec_files: list[str]) -> str:
    """The hash of every input of a run."""
    digest = hashlib.sha256()
    digest.update(repr(sorted(vars(config).items(), key=lambda kv: kv[0])).encode())
    digest.update(package_version("black").encode())
    digest.update(code_fingerprint(templates_dir()).encode())
    for path in [Path(p) for p in spec_files]:
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def unchanged(config: Config) -> int | None:
    """The number of files of the output when nothing changed since the recorded run, else None."""
    text = read(_record_path(config))
    if text is None or pending(config.output):
        return None
    try:
        record: dict[str, Any] = json.loads(text)
        if record["fingerprint"] != fingerprint(config, record["spec_files"]):
            return None
        for path, digest in record["files"].items():
            if hashlib.sha256((config.output / path).read_bytes()).hexdigest() != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return len(record["files"])


def remember(config: Config, spec_files: list[str], files: dict[str, str]) -> None:
    """Record a run whose output on disk is exactly `files`."""
    record = {
        "fingerprint": fingerprint(config, spec_files),
        "spec_files": spec_files,
        "files": {path: hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in sorted(files.items())},
    }
    store(_record_path(config), json.dumps(record))
