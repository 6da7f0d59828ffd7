"""State shared by the build steps: the document, the problems found so far, and the registries."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
from typing import Any

from ..load import Document, Ref
from ..naming import RESERVED_CLASSES, TYPES_PACKAGE_NAMES, Allocator
from ..problems import Location, Problem, Severity, pointer_join


@dataclasses.dataclass
class BuildContext:
    """What every build step reads and appends to."""

    doc: Document
    problems: list[Problem] = dataclasses.field(default_factory=list)
    # Class names are unique across the whole package so that `types/__init__` can export them all.
    class_names: Allocator = dataclasses.field(default_factory=lambda: Allocator(RESERVED_CLASSES))
    module_names: Allocator = dataclasses.field(default_factory=lambda: Allocator(TYPES_PACKAGE_NAMES, casefold=True))

    def report(self, severity: Severity, message: str, ref: Ref | tuple[Path, str]) -> None:
        """Record a problem at `ref` (a document value, or a file and pointer)."""
        file, pointer = (ref.file, ref.pointer) if isinstance(ref, Ref) else ref
        self.problems.append(Problem(severity, message, self.doc.location(file, pointer)))

    def location(self, ref: Ref) -> Location:
        return self.doc.location(ref.file, ref.pointer)

    def child(self, ref: Ref, *keys: Any) -> Ref:
        """The value below `ref` at `keys` (None when missing), with its pointer."""
        value, pointer = ref.value, ref.pointer
        for key in keys:
            pointer = pointer_join(pointer, key)
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value = value[key]
            else:
                value = None
        return Ref(ref.file, pointer, value)

    def resolve(self, ref: Ref) -> Ref:
        """Follow `$ref`s (they were all checked when the document was loaded)."""
        return self.doc.resolve(ref)


def text(value: Any) -> str:
    """A spec string field as text ("" when absent or not a string)."""
    return value.strip() if isinstance(value, str) else ""


def spec_json(value: Any) -> str:
    """A value read from the spec as JSON text; YAML's unquoted dates and timestamps as the ISO
    text they were written as (UTC as `Z`). Raises TypeError or ValueError for what is not JSON."""
    return json.dumps(value, default=_iso_date, allow_nan=False, ensure_ascii=False)


def _iso_date(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")
