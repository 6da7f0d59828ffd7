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
from .layout import LINE_LENGTH, import_line

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
