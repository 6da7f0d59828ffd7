"""A short string that a `pattern` matches: the example value of a string schema that has one.

JSON Schema patterns are ECMA-262 regular expressions, matched anywhere in the string. Specs
use a small part of that language: literals and escapes, character classes, `.`, groups,
alternation, the quantifiers and the anchors. This module parses that part into a tree and
writes the shortest readable string the tree accepts (a class repeated walks through its
members, `[0-9a-f]{4}` gives `0123`), then lengthens or shortens repetitions to meet
`minLength`/`maxLength`, and checks the result with Python's `re`. What it cannot parse
(lookarounds, backreferences, Unicode properties) gives None: the caller falls back to a
placeholder. No dictionary, no randomness: the same pattern always gives the same string.
"""

from __future__ import annotations

import dataclasses
import re
import string
from typing import Iterator, Optional, Union

# Characters a class may stand for, in the order they are preferred: readable ones first.
_PRINTABLE = string.ascii_lowercase + string.digits + string.ascii_uppercase + "_-. ~!$&'()*+,;=:@/?#%[]{}<>^|\\\"`"
_DIGITS = string.digits
_WORD = string.ascii_lowercase + string.digits + string.ascii_uppercase + "_"
_SPACE = " \t\n\r\f\v"
_MAX_REPEAT = 1000  # no example needs more; a larger minLength is a placeholder's job


class Unsupported(Exception):
    """The pattern uses regular-expression syntax this module does not generate."""


@dataclasses.dataclass
class _Chars:
    """One character out of `choices` (in preferred order)."""

    choices: str


@dataclasses.dataclass
class _Anchor:
    """`^`, `$` or `\\b`: matches a position, writes nothing."""


@dataclasses.dataclass
class _Seq:
    items: list["_Node"]


@dataclasses.dataclass
class _Alt:
    branches: list["_Node"]
    chosen: int = 0


@dataclasses.dataclass
class _Repeat:
    item: "_Node"
    low: int
    high: Optional[int]
    count: int = 0


_Node = Union[_Chars, _Anchor, _Seq, _Alt, _Repeat]


def sample(pattern: str, min_length: int = 0, max_length: Optional[int] = None) -> Optional[str]:
    """A string `pattern` matches whose length is within the bounds, or None when none is found."""
    try:
        tree = _Parser(pattern).parse()
    except (Unsupported, IndexError, ValueError):
        return None
    check = _compiled(pattern)
    alternatives = [node for node in _walk(tree) if isinstance(node, _Alt)]
    # The first branch of every alternation, then each other branch of each in turn.
    tries = [(None, 0)] + [(alt, index) for alt in alternatives for index in range(1, len(alt.branches))]
    for alt, index in tries[:64]:
        for each in alternatives:
            each.chosen = 0
        if alt is not None:
            alt.chosen = index
        text = _fit(tree, min_length, max_length)
        if text is not None and (check is None or check.search(text)):
            return text
    return None


def _compiled(pattern: str) -> Optional["re.Pattern[str]"]:
    """`pattern` as a Python regular expression, or None when Python cannot read it."""
    translated = re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", pattern)
    try:
        return re.compile(translated)
    except (re.error, OverflowError, RecursionError):
        return None


def _fit(tree: _Node, min_length: int, max_length: Optional[int]) -> Optional[str]:
    """The text of `tree` with repetitions set to their preferred counts, then changed one at a
    time (first ones first) until the length is within the bounds."""
    repeats = [node for node in _walk(tree, chosen=True) if isinstance(node, _Repeat)]
    for node in repeats:
        node.count = node.low if node.high is not None or node.low > 0 else 1  # `*` once reads better than not at all
    text = _text(tree)
    for _ in range(64):
        if len(text) < min_length:
            growing = next((n for n in repeats if (n.high is None or n.count < n.high) and _text(n.item)), None)
            if growing is None:
                return None
            per = len(_text(growing.item))
            wanted = growing.count + -(-(min_length - len(text)) // per)
            growing.count = min(wanted, growing.high if growing.high is not None else wanted, _MAX_REPEAT)
        elif max_length is not None and len(text) > max_length:
            shrinking = next((n for n in reversed(repeats) if n.count > n.low), None)
            if shrinking is None:
                return None
            per = max(1, len(_text(shrinking.item)))
            shrinking.count = max(shrinking.low, shrinking.count - -(-(len(text) - max_length) // per))
        else:
            return text
        text = _text(tree)
    return None


def _walk(node: _Node, *, chosen: bool = False) -> Iterator[_Node]:
    """`node` and every node below it (with `chosen`, only those in the chosen branches)."""
    yield node
    if isinstance(node, _Seq):
        for item in node.items:
            yield from _walk(item, chosen=chosen)
    elif isinstance(node, _Alt):
        for index, branch in enumerate(node.branches):
            if not chosen or index == node.chosen:
                yield from _walk(branch, chosen=chosen)
    elif isinstance(node, _Repeat):
        yield from _walk(node.item, chosen=chosen)


def _text(node: _Node, position: int = 0) -> str:
    if isinstance(node, _Chars):
        return node.choices[position % len(node.choices)]
    if isinstance(node, _Anchor):
        return ""
    if isinstance(node, _Seq):
        return "".join(_text(item) for item in node.items)
    if isinstance(node, _Alt):
        return _text(node.branches[node.chosen])
    # A repeated class walks through its members: `[0-9a-f]{4}` is `0123`, not `0000`.
    return "".join(_text(node.item, index) for index in range(node.count))


class _Parser:
    """A recursive-descent parser of the ECMA-262 subset (Annex B's lenient braces included)."""

    def __init__(self, pattern: str) -> None:
        self.source = pattern
        self.at = 0

    def parse(self) -> _Node:
        node = self._alternation()
        if self.at != len(self.source):
            raise Unsupported(f"unexpected {self.source[self.at]!r}")
        return node

    def _peek(self) -> str:
        return self.source[self.at] if self.at < len(self.source) else ""

    def _next(self) -> str:
        char = self.source[self.at]
        self.at += 1
        return char

    def _alternation(self) -> _Node:
        branches = [self._sequence()]
        while self._peek() == "|":
            self.at += 1
            branches.append(self._sequence())
        return branches[0] if len(branches) == 1 else _Alt(branches)

    def _sequence(self) -> _Node:
        items: list[_Node] = []
        while self._peek() not in ("", "|", ")"):
            atom = self._atom()
            items.append(self._quantified(atom))
        return items[0] if len(items) == 1 else _Seq(items)

    def _quantified(self, atom: _Node) -> _Node:
        char = self._peek()
        bounds: Optional[tuple[int, Optional[int]]] = None
        if char == "*":
            bounds = (0, None)
        elif char == "+":
            bounds = (1, None)
        elif char == "?":
            bounds = (0, 1)
        elif char == "{":
            found = re.compile(r"\{(\d+)(,(\d*))?\}").match(self.source, self.at)
            if found is None:
                return atom  # a lone `{` is a literal (Annex B)
            low = int(found.group(1))
            high = low if found.group(2) is None else (int(found.group(3)) if found.group(3) else None)
            if high is not None and high < low:
                raise Unsupported("numbers out of order in {} quantifier")
            self.at = found.end() - 1
            bounds = (low, high)
        if bounds is None:
            return atom
        if isinstance(atom, _Anchor):
            raise Unsupported("a quantified anchor")
        self.at += 1
        if self._peek() == "?":
            self.at += 1  # lazy: the same strings match
        if bounds[0] > _MAX_REPEAT:
            raise Unsupported("too many repetitions")
        return self._quantified(_Repeat(atom, bounds[0], bounds[1]))

    def _atom(self) -> _Node:
        char = self._next()
        if char in "^$":
            return _Anchor()
        if char == ".":
            return _Chars(_PRINTABLE.replace("\n", ""))
        if char == "(":
            return self._group()
        if char == "[":
            return self._class()
        if char == "\\" and self._peek() in ("b", "B"):
            self.at += 1
            return _Anchor()  # a word boundary: the check below tells whether the text meets it
        if char == "\\":
            return self._escape(in_class=False)
        if char in "*+?":
            raise Unsupported("nothing to repeat")
        return _Chars(char)

    def _group(self) -> _Node:
        if self._peek() == "?":
            self.at += 1
            kind = self._next()
            if kind == "<" and self._peek() not in "=!":
                end = self.source.index(">", self.at)
                self.at = end + 1  # a named group
            elif kind != ":":
                raise Unsupported("lookaround or inline flags")
        node = self._alternation()
        if self._next() != ")":
            raise Unsupported("unbalanced parenthesis")
        return node

    def _class(self) -> _Node:
        negated = self._peek() == "^"
        if negated:
            self.at += 1
        members: list[str] = []
        first = True
        while True:
            char = self._next()
            if char == "]" and not first:
                break
            if char == "]" and first:
                # `[]` matches nothing and `[^]` anything, in ECMAScript.
                if negated:
                    return _Chars(_PRINTABLE)
                raise Unsupported("an empty class")
            first = False
            if char == "\\":
                low = self._escape(in_class=True).choices
            else:
                low = char
            if len(low) == 1 and self._peek() == "-" and self.source[self.at + 1] != "]":
                self.at += 1
                end_char = self._next()
                high = self._escape(in_class=True).choices if end_char == "\\" else end_char
                if len(high) != 1 or ord(high) < ord(low):
                    raise Unsupported("a bad class range")
                members.append("".join(chr(code) for code in range(ord(low), min(ord(high), ord(low) + 0x2FF) + 1)))
            else:
                members.append(low)
        allowed = "".join(dict.fromkeys("".join(members)))
        if negated:
            choices = "".join(c for c in _PRINTABLE if c not in allowed)
        else:
            # Readable characters first, in the order the class lists them.
            choices = "".join(sorted(allowed, key=lambda c: (c not in _PRINTABLE[:62], c not in _PRINTABLE)))
        if not choices:
            raise Unsupported("a class with no printable member")
        return _Chars(choices)

    def _escape(self, *, in_class: bool) -> _Chars:
        char = self._next()
        classes = {
            "d": _DIGITS,
            "D": string.ascii_lowercase,
            "w": _WORD,
            "W": "-. ",
            "s": _SPACE,
            "S": _WORD,
        }
        if char in classes:
            return _Chars(classes[char])
        simple = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "0": "\0"}
        if char in simple:
            return _Chars(simple[char])
        if char == "b":
            return _Chars("\b")  # in a class, a backspace
        if char == "x":
            return _Chars(chr(int(self._take(2), 16)))
        if char == "u":
            if self._peek() == "{":
                end = self.source.index("}", self.at)
                code = int(self.source[self.at + 1 : end], 16)
                self.at = end + 1
                return _Chars(chr(code))
            return _Chars(chr(int(self._take(4), 16)))
        if char == "c":
            return _Chars(chr(ord(self._next()) % 32))
        if char.isdigit() or char in "pPk":
            raise Unsupported(f"\\{char}")
        return _Chars(char)  # an identity escape: `\.`, `\/`, `\-`, ...

    def _take(self, count: int) -> str:
        digits = self.source[self.at : self.at + count]
        if len(digits) != count or not all(c in string.hexdigits for c in digits):
            raise Unsupported("a bad hexadecimal escape")
        self.at += count
        return digits
