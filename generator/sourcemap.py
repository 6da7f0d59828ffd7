"""Where each value of a spec file starts: JSON pointer → (line, column), both 1-based.

Only a spec with problems to report needs this map, but then it is needed whole, so it has to be
quick on a large file. A JSON text is scanned token by token with one regular expression; YAML
is composed by libyaml into nodes whose marks give the places, without building any values.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

import yaml

from .problems import pointer_join

# A JSON token: a string, a structural character, or a bare word (number, true, false, null).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def json_positions(text: str) -> dict[str, tuple[int, int]]:
    """The start of every value of a JSON text (which `json.loads` has accepted already)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    positions: dict[str, tuple[int, int]] = {}
    # One frame per open container: [pointer, is_object, next index, key of the next value].
    stack: list[list[Any]] = []
    expect_key = False

    def place(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(line_starts, offset) - 1
        return line + 1, offset - line_starts[line] + 1

    def value_pointer() -> str:
        if not stack:
            return ""
        frame = stack[-1]
        if frame[1]:
            key: str = frame[3]
            return frame[0] + "/" + (key.replace("~", "~0").replace("/", "~1") if "~" in key or "/" in key else key)
        frame[2] += 1
        return f"{frame[0]}/{frame[2] - 1}"

    for match in _TOKEN.finditer(text):
        token = match.group()
        if expect_key:
            if token == "}":
                stack.pop()
                expect_key = False
                continue
            stack[-1][3] = json.loads(token) if "\\" in token else token[1:-1]
            expect_key = False
            continue
        if token in (":",):
            continue
        if token == ",":
            expect_key = bool(stack and stack[-1][1])
            continue
        if token in ("}", "]"):
            stack.pop()
            continue
        pointer = value_pointer()
        positions[pointer] = place(match.start())
        if token == "{":
            stack.append([pointer, True, 0, ""])
            expect_key = True
        elif token == "[":
            stack.append([pointer, False, 0, ""])
    return positions


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
