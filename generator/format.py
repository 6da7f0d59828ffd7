"""Format rendered Python with black, in process, one file at a time."""

from __future__ import annotations

import black

from .problems import GenerationError, Location, Problem

_MODE = black.Mode()


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Black-formatted copies of the `.py` files; other files unchanged.

    A file black cannot parse means a template or escaping bug: it is reported with its path
    instead of a traceback.
    """
    out: dict[str, str] = {}
    problems = []
    for path, text in files.items():
        if not path.endswith(".py"):
            out[path] = text
            continue
        try:
            out[path] = black.format_str(text, mode=_MODE)
        except black.InvalidInput as exc:
            problems.append(Problem("error", f"internal error: generated code does not parse: {exc}", Location(path)))
    if problems:
        raise GenerationError(problems)
    return out
