"""The files of the last run per output directory, keyed by what each was rendered from.

A regeneration after a small spec change renders and formats only the files whose inputs (a
`render.Job` key: template, values, sdkgen's code) changed; every other file is taken from here
as it was formatted last time. One `marshal` file per output directory and package, rewritten
after each run with exactly that run's files, so it never grows beyond one copy of the output.
Unreadable or foreign content is ignored: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import secrets
from pathlib import Path

from .cache import cache_dir

_VERSION = 1


def _path(output: Path, package: str) -> Path:
    where = f"{output.resolve()}\0{package}"
    return cache_dir() / "rendered" / (hashlib.sha256(where.encode()).hexdigest() + ".marshal")


def read(output: Path, package: str) -> dict[str, str]:
    """{job key: formatted text} of the last run into `output`, or {}."""
    try:
        data = marshal.loads(_path(output, package).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, tuple) or len(data) != 2 or data[0] != _VERSION or not isinstance(data[1], dict):
        return {}
    files: dict[str, str] = data[1]
    return files if all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()) else {}


def store(output: Path, package: str, files: dict[str, str]) -> None:
    """Replace the record of `output` with `files` ({job key: formatted text}); failures are ignored."""
    path = _path(output, package)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        temp.write_bytes(marshal.dumps((_VERSION, files)))
        os.replace(temp, path)
    except OSError:
        pass
