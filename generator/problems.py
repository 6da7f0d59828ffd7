"""Problems found in a spec or in the configuration, collected as values and reported together."""

from __future__ import annotations

import dataclasses
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclasses.dataclass(frozen=True)
class Location:
    """Where a problem is: a file, a 1-based line and column (0 when unknown), and a JSON pointer."""

    file: str
    line: int = 0
    column: int = 0
    pointer: str = ""

    def __str__(self) -> str:
        place = self.file
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        return place


@dataclasses.dataclass(frozen=True)
class Problem:
    """One finding: a severity, a one-line message and where it is."""

    severity: Severity
    message: str
    location: Location

    def __str__(self) -> str:
        message = " ".join(self.message.split())
        pointer = f" [#{self.location.pointer}]" if self.location.pointer else ""
        return f"{self.location}: {self.severity}: {message}{pointer}"


class GenerationError(Exception):
    """Raised at a stage boundary when problems of severity "error" stop the run."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop generation."""
    return [p for p in problems if p.severity == "error"]


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once, sorted by file, line, column, then severity and message."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.location.file, p.location.line, p.location.column, p.severity, p.message))


def pointer_join(pointer: str, *parts: object) -> str:
    """Append reference tokens to a JSON pointer, escaping `~` and `/` (RFC 6901)."""
    for part in parts:
        text = part if type(part) is str else str(part)
        pointer += "/" + (text.replace("~", "~0").replace("/", "~1") if "~" in text or "/" in text else text)
    return pointer


def pointer_split(pointer: str) -> list[str]:
    """The unescaped reference tokens of a JSON pointer ("" and "/" both mean the root)."""
    if pointer in ("", "/"):
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]
