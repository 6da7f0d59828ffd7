"""Where each value of a spec file starts: JSON pointer → (line, column), both 1-based.

Only a spec with problems to report needs it, so it is built when first asked for. A JSON text is
searched only along the way to each place asked for; YAML is composed by libyaml into nodes whose
marks give every place at once, without building any values.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from typing import Any, Callable

import yaml

from .problems import pointer_join

# The JSON decoder's string scanner (C): (text, index after the opening quote) → (value, index
# after the closing quote). typeshed does not declare it.
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

_SPACE = re.compile(r"[ \t\n\r]*")


class JsonPlaces:
    """Where the values of a JSON text (which `json.loads` has accepted already) start, found on demand.

    Reports usually need a handful of places in a large file. To find one, each container on
    the way to it is scanned once for where its members start, skipping over their values with
    the C decoder; what a scan finds is kept for the next lookup. Placing a few hundred problems
    in a 3 MB file costs about one more decode of the file.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._decode = json.JSONDecoder().raw_decode
        self._members: dict[str, dict[str, int]] = {}  # container pointer → {token: offset of its value}
        self._root = _SPACE.match(text).end()  # type: ignore[union-attr]  # the pattern matches ""
        self._lines: list[int] | None = None  # where each line after the first starts, once asked

    def get(self, pointer: str) -> tuple[int, int] | None:
        """(line, column), 1-based, where the value at `pointer` starts, or None when there is none."""
        offset: int | None = self._root
        current = ""
        # RFC 6901 tokens: "/" is the member named "" of the root (pointer_split takes it for the root).
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
        for token in tokens:
            members = self._members.get(current)
            if members is None:
                members = self._members[current] = self._scan(offset)  # type: ignore[arg-type]
            offset = members.get(token)
            if offset is None:
                return None
            current = pointer_join(current, token)
        assert offset is not None
        if self._lines is None:
            self._lines = list(itertools.accumulate(len(line) + 1 for line in self._text.split("\n")))
        line = bisect.bisect_right(self._lines, offset)  # lines that start at or before `offset`, less one
        return line + 1, offset - (self._lines[line - 1] if line else 0) + 1

    def _scan(self, offset: int) -> dict[str, int]:
        """{member token: where its value starts} of the container starting at `offset` ({} for a scalar)."""
        text, space = self._text, _SPACE.match
        members: dict[str, int] = {}
        opener = text[offset : offset + 1]
        if opener not in ("{", "["):
            return members
        closer = "}" if opener == "{" else "]"
        at = space(text, offset + 1).end()  # type: ignore[union-attr]
        index = 0
        try:
            while text[at] != closer:
                if opener == "{":
                    key, at = _scanstring(text, at + 1)
                    at = space(text, space(text, at).end() + 1).end()  # type: ignore[union-attr]  # past the colon
                else:
                    key, index = str(index), index + 1
                members[key] = at
                at = space(text, self._decode(text, at)[1]).end()  # type: ignore[union-attr]
                if text[at] == ",":
                    at = space(text, at + 1).end()  # type: ignore[union-attr]
        except (ValueError, IndexError):
            pass  # not JSON after all: what was found so far
        return members


def yaml_positions(text: str, loader_class: Any) -> dict[str, tuple[int, int]]:
    """The start of every value of a YAML text, from libyaml's nodes (no values are built)."""
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    positions: dict[str, tuple[int, int]] = {}
    if root is None:
        return positions
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    seen: set[int] = set()
    while stack:
        node, pointer = stack.pop()
        positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in seen:
            continue  # an alias: what is inside it is placed where its anchor is
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed([(item, pointer_join(pointer, index)) for index, item in enumerate(node.value)]))
        elif isinstance(node, yaml.MappingNode):
            # Reversed onto the stack: nodes are visited in document order, so an anchor's places
            # are those of where it is defined, and of two equal keys the later one wins.
            children = [(value, pointer_join(pointer, key.value)) for key, value in node.value if isinstance(key, yaml.ScalarNode)]
            stack.extend(reversed(children))
    return positions
