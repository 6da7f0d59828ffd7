"""Lines of generated code laid out as black lays them out, so that black has nothing to do.

black (the one formatter of the output) splits a line longer than 88 columns at its brackets,
in a few well-defined ways; these functions split the lines the templates write the same way,
for the shapes of line sdkgen generates: a call or a subscript that closes a line, a class
attribute's declaration, an assignment or a `return`, a signature's last line. Where they make
a bracket pair one item per line they leave a trailing comma, which black keeps as it is (its
"magic trailing comma").

What they cannot lay out is left whole, and `needs_black` sends its file to black: the output
is always exactly what black writes (tests/test_black_ready.py renders SDKs both ways).
"""

from __future__ import annotations

import re
from typing import Iterable

LINE_LENGTH = 88  # black's


def width(line: str) -> int:
    """The width black measures a line by, or more: a character beyond ASCII may be two
    columns wide (East Asian scripts), and is counted so."""
    return len(line) if line.isascii() else len(line) + sum(1 for char in line if not char.isascii())


def fits(line: str) -> bool:
    """Whether black would leave `line` as it is for its length."""
    return width(line) <= LINE_LENGTH


def bracketed(head: str, items: Iterable[str], tail: str, indent: int) -> str:
    """`head(item, item)tail` (any brackets: `head` ends with the opening one, `tail` starts with
    the closing one) on one line when it fits, else one item per line with a trailing comma."""
    items = list(items)
    one_line = f"{head}{', '.join(items)}{tail}"
    if fits(" " * indent + one_line) or not items:
        return one_line
    inner = " " * (indent + 4)
    return head + "".join(f"\n{inner}{item}," for item in items) + f"\n{' ' * indent}{tail}"


def import_line(line: str, indent: int = 0) -> str:
    """An import statement (`from x import a, b`), wrapped as black wraps a long one: one name
    per line with a trailing comma."""
    if fits(" " * indent + line) or not line.startswith("from ") or "(" in line:
        return line
    head, names = line.split(" import ", 1)
    return bracketed(f"{head} import (", names.split(", "), ")", indent)


def split_line(line: str, indent: int) -> str:
    """One logical line at `indent` spaces, split as black splits it when it is too long: at its
    last bracket pair, the items one per line with a trailing comma, or, inside the brackets
    of a one-item subscript, the item alone; each item is split the same way in turn.

    When the part before the brackets does not fit, black would look for an earlier bracket
    pair to split at: a line with one is left whole (for black), one without is split anyway,
    as black does."""
    if fits(" " * indent + line):
        return line
    brackets = _last_brackets(line)
    if brackets is None:
        return line
    opening, closing = brackets
    head, body, tail = line[: opening + 1], line[opening + 1 : closing], line[closing:]
    items = _items(body)
    outer = " " * indent
    if not items or not fits(outer + tail) or (not fits(outer + head) and _last_brackets(head[:-1]) is not None):
        return line
    inner = " " * (indent + 4)
    subscript = line[opening] == "[" and opening > 0 and (line[opening - 1].isalnum() or line[opening - 1] in "_]")
    if subscript and len(items) == 1:
        parts = [split_line(items[0], indent + 4)]
    else:
        parts = [split_line(item + ",", indent + 4) for item in items]
    return head + "".join(f"\n{inner}{part}" for part in parts) + f"\n{outer}{tail}"


def split_declaration(line: str, indent: int) -> str:
    """A class attribute's declaration `name: Type` at `indent`: a type with no brackets goes in
    parentheses when that makes it fit, else `split_line`."""
    name, _, annotation = line.partition(": ")
    outer, inner = " " * indent, " " * (indent + 4)
    if not fits(outer + line) and _NAME.fullmatch(annotation) and fits(f"{outer}{name}: (") and fits(inner + annotation):
        return f"{name}: (\n{inner}{annotation}\n{outer})"
    return split_line(line, indent)


def split_signature_end(annotation: str, indent: int) -> str:
    """The `) -> Type:` that closes a split signature at `indent`: a type with no brackets goes in
    parentheses when that makes it fit, else `split_line`."""
    line = f") -> {annotation}:"
    inner = " " * (indent + 4)
    if not fits(" " * indent + line) and _NAME.fullmatch(annotation) and fits(inner + annotation):
        return f") -> (\n{inner}{annotation}\n{' ' * indent}):"
    return split_line(line, indent)


def split_assignment(target: str, value: str, indent: int) -> str:
    """`target = value` at `indent` (or `return value` when `target` is "return")."""
    join = " " if target == "return" else " = "
    line = f"{target}{join}{value}"
    outer, inner = " " * indent, " " * (indent + 4)
    wrapped = f"{target}{join}(\n{inner}{split_line(value, indent + 4)}\n{outer})"
    if fits(outer + line):
        return line
    if not any(bracket in value for bracket in "([{"):
        if any(bracket in target for bracket in "([{"):
            # black keeps the target whole, the value in parentheses, when `target = (` fits;
            # else it splits the target's brackets.
            return wrapped if fits(f"{outer}{target}{join}(") else split_line(line, indent)
        return wrapped if fits(inner + value) else line
    # Split at the value's last bracket, unless the value in parentheses fits where that does not.
    split = split_line(line, indent)
    if split != line and fits(outer + split.split("\n", 1)[0]):
        return split
    return wrapped if all(fits(part) for part in wrapped.split("\n")) else split


def split_conditional(target: str, value: str, condition: str, otherwise: str, indent: int) -> str:
    """`target = value if condition else otherwise` at `indent`: black keeps a conditional that
    is too long in parentheses, on one line there if it fits, else a part per line."""
    outer, inner = " " * indent, " " * (indent + 4)
    expression = f"{value} if {condition} else {otherwise}"
    if fits(f"{outer}{target} = {expression}"):
        return f"{target} = {expression}"
    if fits(inner + expression):
        return f"{target} = (\n{inner}{expression}\n{outer})"
    return f"{target} = (\n{inner}{value}\n{inner}if {condition}\n{inner}else {otherwise}\n{outer})"


_NAME = re.compile(r"[\w.]+")
_PAIRS = {")": "(", "]": "[", "}": "{"}


def _last_brackets(line: str) -> tuple[int, int] | None:
    """The offsets of the last closing bracket of `line` and of the bracket it closes (string
    literals skipped), or None when there is none."""
    stack: list[int] = []
    found = None
    index = 0
    while index < len(line):
        char = line[index]
        if char in "\"'":
            index = _string_end(line, index)
            continue
        if char in "([{":
            stack.append(index)
        elif char in _PAIRS and stack:  # (one closing a line split before, as `) -> X:`, has no pair)
            if line[stack[-1]] != _PAIRS[char]:
                return None  # not a line of ours
            found = (stack.pop(), index)
        index += 1
    return found


def _string_end(line: str, start: int) -> int:
    """The offset just past the string literal that starts at `start`."""
    quote = line[start]
    index = start + 1
    while index < len(line) and line[index] != quote:
        index += 2 if line[index] == "\\" else 1
    return index + 1


def _items(body: str) -> list[str]:
    """The comma-separated items of a bracket's contents (a trailing comma dropped)."""
    items, depth, start, index = [], 0, 0, 0
    while index < len(body):
        char = body[index]
        if char in "\"'":
            index = _string_end(body, index)
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(body[start:index].strip())
            start = index + 1
        index += 1
    items.append(body[start:].strip())
    return [item for item in items if item]


# Lines black cannot shorten, so their length does not make a file need black: a string or a
# name alone (an item of a list or of a dict, or a keyword argument), `name as name`; the head
# of a bracket pair split one item per line (`def name(`, `class Name(`, `from x import (`,
# `return Name(`, `target = name(`, `name=Name[`, `with name(`, `await name(`) when nothing
# before it holds a bracket; a call without arguments, alone or as in `with name() as name:`; a
# signature's end `) -> Name:`; a comment.
_ATOM = r"""(?:[a-zA-Z]{0,2}"(?:[^"\\]|\\.)*"|[a-zA-Z]{0,2}'(?:[^'\\]|\\.)*'|[\w.]+)"""
_UNBREAKABLE = re.compile(
    rf"\s*(?:{_ATOM}(?:: {_ATOM}| as {_ATOM})?,?|\w+={_ATOM},|(?:async )?def \w+\(|class \w+\(|from [\w.]+ import \("
    rf"|(?:return |[\w.]+ = |\w+=|(?:async )?with )?(?:await )?[\w.]+[(\[]|\) -> [\w.]+:|#.*"
    # a call without arguments, alone or making a context manager (black has nothing to split)
    rf"|(?:await )?[\w.]+\(\)|(?:async )?with [\w.]+\(\) as \w+:)"
)
# `name = value` whose value black could put in parentheses on a line of its own, if it fit there.
_ASSIGNED_ATOM = re.compile(rf"(\s*)[\w.]+ = ({_ATOM})")


def needs_black(text: str) -> bool:
    """Whether black may still change `text`: a line is too long, and it is neither part of a
    docstring (black leaves their lines as they are) nor one black cannot break. Everything else
    the templates and the functions above write as black would.

    A docstring starts a line with three double quotes and ends where a line ends with them:
    that is how `pysource.docstring` writes them, and no other string holds them unescaped."""
    if all(fits(line) for line in text.split("\n")):
        return False  # the usual case: no line is long
    inside = False
    for line in text.split("\n"):
        stripped = line.strip()
        if inside:
            inside = not stripped.endswith('"""')
            continue
        if stripped.startswith('"""'):
            inside = not (len(stripped) >= 6 and stripped.endswith('"""'))
            continue
        if fits(line) or _UNBREAKABLE.fullmatch(line):
            continue
        assigned = _ASSIGNED_ATOM.fullmatch(line)
        if assigned and not fits(assigned[1] + "    " + assigned[2]):
            continue
        return True
    return False
