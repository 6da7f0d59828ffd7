"""Format rendered Python with black, in process, with a cache and, for many files, both cores.

The cache holds black's output keyed by the SHA-256 of the unformatted text, black's version and
its mode, so a file whose rendering did not change since any earlier run is not formatted again.
It lives in `$SDKGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/sdkgen`, else `~/.cache/sdkgen`; a cache
that cannot be read or written only costs time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import black

from .cache import cache_dir, store
from .problems import GenerationError, Location, Problem

_MODE = black.Mode()
_SALT = f"black {black.__version__} {_MODE!r}\n".encode()
# Below this many files to format, starting worker processes costs more than it saves.
_POOL_THRESHOLD = 64


@dataclasses.dataclass(frozen=True)
class Formatted:
    """The formatted tree and how many files black actually ran on."""

    files: dict[str, str]
    formatted: int


def _key(text: str) -> str:
    return hashlib.sha256(_SALT + text.encode("utf-8")).hexdigest()


def _format_one(item: tuple[str, str]) -> tuple[str, str | None, str]:
    """(path, formatted text or None, error message)."""
    path, text = item
    try:
        return path, black.format_str(text, mode=_MODE), ""
    except black.InvalidInput as exc:
        return path, None, str(exc)


def _workers(count: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, 8) if count >= _POOL_THRESHOLD and cores > 1 else 1


def format_files(files: dict[str, str]) -> Formatted:
    """Black-formatted copies of the `.py` files; other files unchanged.

    A file black cannot parse means a template or escaping bug: it is reported with its path
    instead of a traceback.
    """
    cache = cache_dir() / "black"
    out: dict[str, str] = {}
    todo: list[tuple[str, str]] = []
    for path, text in files.items():
        if not path.endswith(".py"):
            out[path] = text
            continue
        try:
            out[path] = (cache / _key(text)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            todo.append((path, text))
    workers = _workers(len(todo))
    if workers > 1:
        # fork: the workers start with black already imported.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = list(pool.map(_format_one, todo, chunksize=max(1, len(todo) // (workers * 4))))
    else:
        results = [_format_one(item) for item in todo]
    problems: list[Problem] = []
    sources = dict(todo)
    for path, formatted, error in results:
        if formatted is None:
            problems.append(Problem("error", f"internal error: generated code does not parse: {error}", Location(path)))
            continue
        out[path] = formatted
        store(cache / _key(sources[path]), formatted)
    if problems:
        raise GenerationError(problems)
    return Formatted({path: out[path] for path in files}, len(todo))
