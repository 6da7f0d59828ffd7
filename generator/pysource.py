"""How IR values are spelled in Python source: annotations, imports, string literals, docstrings.

Everything that turns spec text into source goes through `literal` or `docstring_body`, so no spec
string can end a literal early, open a new statement or run anything at import time.
"""

from __future__ import annotations

import functools
import re
import textwrap
from typing import Iterable

from . import ir

LINE_LENGTH = 88  # black's


def width(line: str) -> int:
    """The width black measures a line by, or more: a character beyond ASCII may be two
    columns wide (East Asian scripts), and is counted so."""
    return len(line) if line.isascii() else len(line) + sum(1 for char in line if not char.isascii())


def fits(line: str) -> bool:
    """Whether black would leave `line` as it is for its length."""
    return width(line) <= LINE_LENGTH


def literal(value: ir.LiteralValue) -> str:
    """A Python literal for a JSON scalar, spelled as black would leave it."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return f'float("{value}")'
    return repr(value)


def security(requirements: tuple[ir.SecurityRequirement, ...]) -> str:
    """A tuple of security requirements (each a tuple of scheme names) as black spells it."""
    return _tuple([_tuple([literal(name) for name in requirement]) for requirement in requirements])


def _tuple(items: list[str]) -> str:
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _string(value: str) -> str:
    # black prefers double quotes unless single ones need fewer escapes.
    if "\"" in value and value.count("'") < value.count('"'):
        return "'" + _escaped(value, "'") + "'"
    return '"' + _escaped(value) + '"'


_PLAIN = re.compile(r"[^\\\"\x00-\x1f\x7f-\U0010ffff]*")


def _escaped(text: str, quote: str = '"') -> str:
    """`text` with backslashes and `quote` escaped, and anything unprintable (controls, lone
    surrogates) as an escape sequence, so it cannot end or break a string or docstring."""
    if text.isascii() and _PLAIN.fullmatch(text) and quote not in text:
        return text  # the usual case: nothing to escape
    out = []
    for char in text:
        code = ord(char)
        if char == "\\" or char == quote:
            out.append("\\" + char)
        elif char.isprintable() and not 0xD800 <= code <= 0xDFFF:
            out.append(char)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


def docstring_body(text: str, width: int = 80) -> str:
    """`text` made safe inside a triple-double-quoted docstring, without its indentation.

    Line breaks are kept; a line longer than `width` is wrapped at spaces unless it is indented
    (code or a nested list, whose layout matters).
    """
    lines = []
    for line in _wrap(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), width):
        lines.append(_escaped(_expand_leading_tabs(line)).rstrip())
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def docstring(text: str, indent: int) -> str:
    """`text` as a docstring literal at `indent` spaces, spelled exactly as black spells one:
    later lines indented with the block, trailing spaces dropped, a space before closing quotes
    that would follow a quote, and the closing quotes on a line of their own when they would not
    fit on the last one. Spec text cannot end it early (see `_escaped`)."""
    prefix = " " * indent
    lines = docstring_body(text, max(40, LINE_LENGTH - indent - 3)).split("\n")
    # black strips the first line, and the indentation the later lines share.
    lines[0] = lines[0].strip()
    shared = min((len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()), default=0)
    body = "\n".join([lines[0], *(prefix + line[shared:] if line.strip() else "" for line in lines[1:])])
    if body.startswith('"'):
        body = " " + body
    if body.endswith('"'):
        body += " "
    elif body.endswith("\\") and (len(body) - len(body.rstrip("\\"))) % 2:
        body += " "  # unreachable after `_escaped`, which doubles every backslash; kept as black has it
    last = body.rsplit("\n", 1)[-1]
    if "\n" in body and len(last) + 3 > LINE_LENGTH and indent + 3 <= LINE_LENGTH:
        return f'"""{body}\n{prefix}"""'
    return f'"""{body}"""'


def _expand_leading_tabs(line: str) -> str:
    stripped = line.lstrip()
    if not stripped or stripped == line:
        return line
    return line[: len(line) - len(stripped)].expandtabs(4) + stripped


def _wrap(lines: list[str], width: int) -> list[str]:
    out = []
    for line in lines:
        if len(line) <= width or line.startswith((" ", "\t")):
            out.append(line)
            continue
        indent = len(line) - len(line.lstrip())
        out.extend(textwrap.wrap(line, width, subsequent_indent=" " * indent, break_long_words=False, break_on_hyphens=False) or [""])
    return out


def bracketed(head: str, items: Iterable[str], tail: str, indent: int) -> str:
    """`head(item, item)tail` (any brackets: `head` ends with the opening one, `tail` starts with
    the closing one) on one line when it fits, else one item per line with a trailing comma,
    which black keeps as it is (its "magic trailing comma"). No indentation before `head`."""
    items = list(items)
    one_line = f"{head}{', '.join(items)}{tail}"
    if fits(" " * indent + one_line) or not items:
        return one_line
    inner = " " * (indent + 4)
    return head + "".join(f"\n{inner}{item}," for item in items) + f"\n{' ' * indent}{tail}"


def split_line(line: str, indent: int) -> str:
    """One logical line of code at `indent` spaces, split as black splits it when it is too long:
    at its last bracket pair, the items one per line with a trailing comma (which black then
    keeps as it is), or, inside the brackets of a one-item subscript, the item alone; each
    item is split the same way in turn. A line this cannot split so that every part fits (a
    head before the brackets that is too long itself) is left whole, for black."""
    if fits(" " * indent + line):
        return line
    brackets = _last_brackets(line)
    if brackets is None:
        return line
    opening, closing = brackets
    head, body, tail = line[: opening + 1], line[opening + 1 : closing], line[closing:]
    items = _items(body)
    outer = " " * indent
    if not items or not fits(outer + head) or not fits(outer + tail):
        return line
    inner = " " * (indent + 4)
    subscript = line[opening] == "[" and opening > 0 and (line[opening - 1].isalnum() or line[opening - 1] in "_]")
    if subscript and len(items) == 1:
        parts = [split_line(items[0], indent + 4)]
    else:
        parts = [split_line(item + ",", indent + 4) for item in items]
    return head + "".join(f"\n{inner}{part}" for part in parts) + f"\n{outer}{tail}"


def split_assignment(target: str, value: str, indent: int) -> str:
    """`target = value` at `indent`, split as black splits it when it is too long.

    A value with no brackets goes in parentheses when `target = (` fits, else the target's own
    brackets are split. Otherwise the line is split at its last bracket (`split_line`) when
    the part before it fits; failing that, the value goes in parentheses, split in turn.
    """
    line = f"{target} = {value}"
    outer, inner = " " * indent, " " * (indent + 4)
    if fits(outer + line):
        return line
    if not any(bracket in value for bracket in "([{"):
        return f"{target} = (\n{inner}{value}\n{outer})" if fits(f"{outer}{target} = (") else split_line(line, indent)
    split = split_line(line, indent)
    if split != line:
        return split
    wrapped = f"{target} = (\n{inner}{split_line(value, indent + 4)}\n{outer})"
    return wrapped if fits(f"{outer}{target} = (") and all(fits(part) for part in wrapped.split("\n")) else line


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
    return found if not stack else None


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


def import_line(line: str, indent: int = 0) -> str:
    """An import statement (`from x import a, b`), wrapped as black wraps a long one: one name
    per line with a trailing comma."""
    if fits(" " * indent + line) or not line.startswith("from ") or "(" in line:
        return line
    head, names = line.split(" import ", 1)
    return bracketed(f"{head} import (", names.split(", "), ")", indent)


# Lines black cannot shorten, so their length does not make a file need black: a string or a
# name alone (an item of a list or of a dict, or a keyword argument), the head of an import
# written one name per line, or a comment.
_ATOM = r"""(?:[a-zA-Z]{0,2}"(?:[^"\\]|\\.)*"|[a-zA-Z]{0,2}'(?:[^'\\]|\\.)*'|[\w.]+)"""
_UNBREAKABLE = re.compile(rf"\s*(?:{_ATOM}(?:: {_ATOM}| as {_ATOM})?,?|\w+={_ATOM},|from [\w.]+ import \(|#.*)")


def needs_black(text: str) -> bool:
    """Whether black may still change `text`: a line is too long, and it is neither part of a
    docstring (black leaves their lines as they are) nor one black cannot break. Everything else
    the templates and spelling functions write as black would.

    A docstring starts a line with three double quotes and ends where a line ends with them:
    that is how `docstring` writes them, and no other string holds them unescaped."""
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
        if not fits(line) and not _UNBREAKABLE.fullmatch(line):
            return True
    return False


def relative_module(here: str, target: str) -> str:
    """The relative import path from module `here` to module `target` (both package-relative, dotted)."""
    here_package = here.split(".")[:-1]
    target_parts = target.split(".")
    common = 0
    while common < len(here_package) and common < len(target_parts) - 1 and here_package[common] == target_parts[common]:
        common += 1
    return "." * (len(here_package) - common + 1) + ".".join(target_parts[common:])


def annotation(t: ir.TypeRef, *, plain: bool = False) -> str:
    """The annotation for `t`, evaluable at run time on Python 3.9 (model classes by bare name:
    `imports_for` brings them into the module). `plain` leaves out the run-time metadata of
    discriminated unions (for type checkers only: return annotations, cast targets)."""
    return _annotation(t, plain)


@functools.lru_cache(maxsize=1 << 16)
def _annotation(t: ir.TypeRef, plain: bool) -> str:
    # Memoized: a spec spells the same types in many places (fields, params, docs).
    if t.kind == "primitive":
        return t.name
    if t.kind == "none":
        return "None"
    if t.kind == "list":
        return f"List[{_annotation(t.args[0], plain)}]"
    if t.kind == "dict":
        return f"Dict[str, {_annotation(t.args[0], plain)}]"
    if t.kind == "literal":
        return "Literal[" + ", ".join(literal(v) for v in t.values) + "]"
    if t.kind == "model":
        return t.name
    members = [a for a in t.args if a.kind != "none"]
    inner = _annotation(members[0], plain) if len(members) == 1 else "Union[" + ", ".join(_annotation(a, plain) for a in members) + "]"
    if t.discriminator and not plain:
        # pydantic picks the member by the tag; `FieldInfo` is pydantic's `Field`, imported so.
        return f"Annotated[{inner}, FieldInfo(discriminator={literal(t.discriminator)})]"
    return f"Optional[{inner}]" if len(members) < len(t.args) else inner


def imports_for(types: Iterable[ir.TypeRef | None], here: str, *, typing: Iterable[str] = ()) -> list[str]:
    """Import lines for every name the annotations of `types` use (plus `typing` names), sorted:
    stdlib first, then modules of the package."""
    extra_typing = set(typing)
    typing_names: set[str] = set()
    datetime_names: set[str] = set()
    models: dict[str, set[str]] = {}
    discriminated = False
    for root in types:
        if root is None:
            continue
        for t in root.walk():
            if t.kind == "list":
                typing_names.add("List")
            elif t.kind == "dict":
                typing_names.add("Dict")
            elif t.kind == "literal":
                typing_names.add("Literal")
            elif t.kind == "union":
                if t.discriminator:
                    discriminated = True
                members = [a for a in t.args if a.kind != "none"]
                if len(members) < len(t.args):
                    typing_names.add("Optional")
                if len(members) > 1:
                    typing_names.add("Union")
            elif t.kind == "primitive" and t.name in ("datetime", "date"):
                datetime_names.add(t.name)
            elif t.kind == "model" and t.module != here:
                models.setdefault(t.module, set()).add(t.name)
    lines = []
    if datetime_names:
        lines.append(f"from datetime import {', '.join(sorted(datetime_names))}")
    if typing_names or extra_typing:
        lines.append(f"from typing import {', '.join(sorted(typing_names | extra_typing))}")
    if discriminated:
        lines.append("from typing_extensions import Annotated")
        lines.append("from pydantic import Field as FieldInfo")
    for module in sorted(models, key=lambda m: relative_module(here, m)):
        lines.append(f"from {relative_module(here, module)} import {', '.join(sorted(models[module]))}")
    return lines


_STDLIB = ("from __future__", "from datetime", "from functools", "from typing ", "import typing", "import warnings")


def grouped(lines: Iterable[str]) -> list[str]:
    """Import lines in three groups, standard library, third party, this package, with a blank
    line between groups; order within a group is kept."""
    groups: list[list[str]] = [[], [], []]
    for line in lines:
        index = 0 if line.startswith(_STDLIB) else 2 if line.startswith("from .") else 1
        groups[index].append(line)
    out: list[str] = []
    for group in groups:
        if group:
            out.extend([*([""] if out else []), *(import_line(line) for line in group)])
    return out
