"""The names of a run's stages and the timer that measures them (kept free of heavy imports)."""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Callable, Iterator

STAGES = ("load", "validate", "build", "render", "format", "write")


@contextmanager
def timed(timings: dict[str, float], stage: str, progress: Callable[[str], None] | None = None) -> Iterator[None]:
    """Add the time spent in the block to `timings[stage]`, telling `progress` when it starts."""
    if progress is not None:
        progress(stage)
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start
