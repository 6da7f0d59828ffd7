"""The names of a run's stages, the timer that measures them, and the priority of helper processes
(kept free of heavy imports)."""

from __future__ import annotations

import os
import signal
import sys
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


def yield_to_parent(steps: int = 5) -> None:
    """Lower the priority of this helper process by `steps`: on a machine with fewer free cores
    than processes, the main process, which the run waits for, keeps its core, and helpers take
    what is left. A formatter worker lowers it by 5; the validator, whose findings are only
    needed at the very end, by 10, so that black (a regeneration waits for it on the files that
    changed) goes first."""
    try:
        os.nice(steps)
    except (AttributeError, OSError):
        pass


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C held back while helper processes are started: a helper forked with it pending
    would get it before it could ignore it (`leave_interrupts_to_parent`), and print a
    traceback. This process gets it as soon as the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def leave_interrupts_to_parent() -> None:
    """Ctrl-C in this helper process is ignored (and in the processes it starts), and it ends
    with its parent: the main process, which the terminal interrupts too, stops its helpers
    itself (else each would print a KeyboardInterrupt traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # which drops one held back by `interrupts_held`
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    end_with_parent()


def end_with_parent() -> None:
    """On Linux, have the system end this helper process when its parent ends, however it ends
    (PR_SET_PDEATHSIG): a parent killed outright cannot stop its helpers, which would work on
    for nothing."""
    if sys.platform.startswith("linux"):
        import multiprocessing

        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            return
        parent = multiprocessing.parent_process()
        if parent is not None and os.getppid() != parent.pid:  # it ended before the line above
            os._exit(1)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
