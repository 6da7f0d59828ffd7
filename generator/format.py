"""Format rendered Python with black, in worker processes started early, with a cache.

The cache holds black's output keyed by the SHA-256 of the unformatted text, black's version and
its mode, so a file whose rendering did not change since any earlier run is not formatted again.
It lives in `$SDKGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/sdkgen`, else `~/.cache/sdkgen`; a cache
that cannot be read or written only costs time.

With more than one core, a `Formatter` forks a worker as soon as it is made, which imports black
(a fifth of a second) while this process loads and builds; files handed to it are formatted while
this process goes on (rendering the docs, waiting for the validator). Black, its cache keys and
the cache itself are only ever touched in the workers then.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import importlib.metadata
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

from .cache import cache_dir, store
from .pipeline_stages import cores, interrupts_held, leave_interrupts_to_parent, yield_to_parent
from .problems import GenerationError, Location, Problem


@dataclasses.dataclass(frozen=True)
class Formatted:
    """The formatted tree and how many files black actually ran on."""

    files: dict[str, str]
    formatted: int


_Result = tuple[str, "str | None", str, bool]  # (path, formatted text or None, error message, black ran)


@functools.lru_cache(maxsize=None)
def _salt() -> bytes:
    import black

    return f"black {importlib.metadata.version('black')} {black.Mode()!r}\n".encode()


def _format_many(items: list[tuple[str, str]]) -> list[_Result]:
    """Each file from the cache, else formatted by black (and then cached)."""
    import black
    from black.parsing import InvalidInput

    salt = _salt()
    cache = cache_dir() / "black"
    out: list[_Result] = []
    for path, text in items:
        key = cache / hashlib.sha256(salt + text.encode("utf-8")).hexdigest()
        try:
            out.append((path, key.read_text(encoding="utf-8"), "", False))
            continue
        except (OSError, UnicodeDecodeError):
            pass
        try:
            formatted = black.format_str(text, mode=black.Mode())
        except InvalidInput as exc:
            out.append((path, None, str(exc), True))
            continue
        store(key, formatted)
        out.append((path, formatted, "", True))
    return out


def _start_worker() -> None:
    # Forked from a process that keeps its collector off: black's parse trees are cyclic, so a
    # worker collects as usual, and never walks what it inherited.
    gc.freeze()
    gc.enable()
    yield_to_parent()
    leave_interrupts_to_parent()
    import black  # noqa: F401  # now, while the parent is still busy


# Until this many files were sent, one worker formats them all: more would import black for
# little. Beyond it (a first run), one more worker per core shares the rest.
_POOL_THRESHOLD = 64
# Files sent to a worker at once while the workers are busy, once more than _POOL_THRESHOLD were
# sent (before that, each file goes at once: a regeneration that changed a few files has each
# formatted while the rest is rendered, not when the next one happens to come).
_BATCH = 32


class Formatter:
    """black in other processes, from the moment this is made; use it as a context manager.

    Files are handed over one by one with `add` while this process renders the next ones, and
    go to a worker at once when one is idle (else in batches); `result` waits for them all. One
    worker starts at once and imports black. On a single core, or where processes cannot be
    forked, black runs in this process, in `result`.
    """

    def __init__(self) -> None:
        self._cores = min(cores(), 8)
        self._pools: list[ProcessPoolExecutor] = []
        self._workers: list[int] = []  # per pool
        self._queued: list[list[tuple[Future[list[_Result]], int]]] = []  # per pool: batches not done yet, with their sizes
        self._sent: list[Future[list[_Result]]] = []
        self._buffer: list[tuple[str, str]] = []
        self._count = 0
        if self._cores > 1 and "fork" in multiprocessing.get_all_start_methods():
            self._add_workers(1)

    def _add_workers(self, count: int) -> None:
        pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker)
        with interrupts_held():
            pool.submit(gc.isenabled)  # with fork, the first task starts every worker
        self._pools.append(pool)
        self._workers.append(count)
        self._queued.append([])

    def __enter__(self) -> Formatter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        if kind is not None and not issubclass(kind, Exception):
            # Interrupted (Ctrl-C), perhaps inside the pool's own code with its locks held: a
            # shutdown could wait forever. The workers end with this process instead
            # (`leave_interrupts_to_parent`).
            return
        for pool in self._pools:
            pool.shutdown(wait=True, cancel_futures=True)

    def add(self, path: str, text: str) -> None:
        """Format `text`, the source of `path`."""
        self._buffer.append((path, text))
        self._count += 1
        if not self._pools:
            return
        if self._count == _POOL_THRESHOLD and len(self._pools) == 1:
            self._add_workers(self._cores - 1)
        pool, idle = self._least_loaded()
        if idle or len(self._buffer) >= _BATCH or self._count <= _POOL_THRESHOLD:
            self._send(pool)

    def _least_loaded(self) -> tuple[int, bool]:
        """The pool with the fewest files waiting per worker, and whether one of its workers is idle."""
        for queued in self._queued:
            queued[:] = [(future, size) for future, size in queued if not future.done()]
        pool = min(range(len(self._pools)), key=lambda index: sum(size for _f, size in self._queued[index]) / self._workers[index])
        return pool, len(self._queued[pool]) < self._workers[pool]

    def _send(self, pool: int) -> None:
        future = self._pools[pool].submit(_format_many, self._buffer)
        self._queued[pool].append((future, len(self._buffer)))
        self._sent.append(future)
        self._buffer = []

    def result(self) -> Formatted:
        """The formatted files, by path; a file black cannot parse is an error naming it."""
        if self._pools:
            if self._buffer:
                self._send(self._least_loaded()[0])
            results = [result for batch in self._sent for result in batch.result()]
        else:
            results = _format_many(self._buffer)
        out: dict[str, str] = {}
        problems: list[Problem] = []
        for path, formatted, error, _ran in results:
            if formatted is None:
                # A template or escaping bug: reported with its path instead of a traceback.
                problems.append(Problem("error", f"internal error: generated code does not parse: {error}", Location(path)))
            else:
                out[path] = formatted
        if problems:
            raise GenerationError(problems)
        return Formatted(out, sum(1 for result in results if result[3]))
