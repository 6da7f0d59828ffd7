"""Read one file of a spec: its text parsed as JSON or YAML, and where each of its values starts.

`read` gives a `SourceFile`, or raises `GenerationError` with the place of what cannot be read.
Nothing here follows references or knows about OpenAPI: that is `load`'s job.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from . import sourcemap
from .problems import GenerationError, Location, Problem, pointer_join

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SpecLoader(_BaseLoader):  # type: ignore[misc]
    """libyaml's safe loader, with YAML 1.2's core schema, as OpenAPI reads YAML.

    PyYAML resolves plain values by YAML 1.1's rules: `1e-08` and `1e3` (no dot) stay strings,
    `yes`, `no`, `on` and `off` are booleans, `010` is octal, `1:30` is 90 and dates become date
    objects. YAML 1.2 reads numbers as JSON does, and all of those others as strings.
    """

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """A YAML 1.2 integer: decimal, `0o` octal or `0x` hexadecimal."""
        value = str(self.construct_scalar(node))
        if value[:2] in ("0o", "0x"):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value)

    def construct_merge_value(self, node: yaml.ScalarNode) -> str:
        """`<<` as a value, not as a merge key: a string."""
        return str(self.construct_scalar(node))


def _resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """YAML 1.2's core schema (and 1.1's `<<` merge key, which specs use with anchors)."""
    rules = {
        "bool": ("true|True|TRUE|false|False|FALSE", "tTfF"),
        "int": ("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
        "float": ("[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)", "-+.0123456789"),
        "null": ("~|null|Null|NULL|", ["~", "n", "N", ""]),
        "merge": ("<<", "<"),
    }
    resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for name, (pattern, firsts) in rules.items():
        for first in firsts:
            resolvers.setdefault(first, []).append((f"tag:yaml.org,2002:{name}", re.compile(f"^(?:{pattern})$")))
    return resolvers


SpecLoader.yaml_implicit_resolvers = _resolvers()
SpecLoader.add_constructor("tag:yaml.org,2002:int", SpecLoader.construct_yaml_int)
SpecLoader.add_constructor("tag:yaml.org,2002:merge", SpecLoader.construct_merge_value)


class SourceFile:
    """One parsed file of the document and where each of its values starts.

    The source map is built when first asked for: a spec without problems never needs it, and
    building it costs more than parsing (for JSON, only the places asked for are looked up).
    """

    def __init__(self, path: Path, display: str, data: Any, text: str, positions: dict[str, tuple[int, int]] | None) -> None:
        self.path = path
        self.display = display
        self.data = data
        self.text = text
        self._places_map: dict[str, tuple[int, int]] | sourcemap.JsonPlaces | None = positions
        self.is_json = False  # the text was read by json.loads (else by the YAML loader)

    def _places(self) -> dict[str, tuple[int, int]] | sourcemap.JsonPlaces:
        """JSON pointer → (line, column), 1-based, through `.get`."""
        if self._places_map is None:
            self._places_map = {}
            try:
                self._places_map = sourcemap.JsonPlaces(self.text) if self.is_json else sourcemap.yaml_positions(self.text, SpecLoader)
            except (yaml.YAMLError, RecursionError):
                pass
        return self._places_map

    def location(self, pointer: str) -> Location:
        """The location of `pointer`, or of its nearest ancestor the source map knows."""
        places = self._places()
        probe = pointer
        while True:
            place = places.get(probe)
            if place is not None:
                return Location(self.display, place[0], place[1], pointer)
            if not probe:
                return Location(self.display, 0, 0, pointer)
            probe = probe.rsplit("/", 1)[0]


def read(path: Path, display: str, referrer: Location | None, problems: list[Problem]) -> SourceFile:
    """The file at `path`, parsed; warnings go to `problems`.

    Raises `GenerationError` when the file cannot be read or parsed: at `referrer` (the `$ref`
    that names it) when it cannot be opened, else at the line and column of what is wrong.
    """
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise GenerationError([Problem("error", f"cannot read the spec: {exc.strerror or exc}", referrer or Location(display))]) from None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(content[: exc.start].decode("utf-8", "replace"))
        bad = content[exc.start : exc.end]
        raise GenerationError([Problem("error", f"cannot read the spec: not UTF-8 ({exc.reason}: {bad!r})", Location(display, line, column))]) from None
    data, is_json = _parse_fast(text)
    if data is not _SLOW:
        source = SourceFile(path, display, data, text, None)
        source.is_json = is_json
        if _SURROGATE_ESCAPE.search(text):
            source.data = _without_surrogates(source, data, "", problems)
        return source
    positions: dict[str, tuple[int, int]] = {}
    try:
        data = parse(text, positions, problems, display)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        reason = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise GenerationError([Problem("error", f"not valid YAML or JSON: {reason}", Location(display, line, column))]) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts the offset in UTF-8 bytes; PyYAML's own reader in characters.
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace") if _BaseLoader is not yaml.SafeLoader else text[: exc.position]
        line, column = _line_and_column(before)
        character = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        what = "a NUL character" if character == "\0" else f"the control character U+{ord(character):04X}" if unicodedata.category(character) == "Cc" else f"the character U+{ord(character):04X}"
        raise GenerationError([Problem("error", f"not valid YAML or JSON: {what} is not allowed (write it escaped, in a quoted string)", Location(display, line, column))]) from None
    except yaml.YAMLError as exc:
        raise GenerationError([Problem("error", f"not valid YAML or JSON: {' '.join(str(exc).split())}", Location(display))]) from None
    except RecursionError:
        raise GenerationError([Problem("error", "not readable: its values nest too deep", Location(display))]) from None
    return SourceFile(path, display, data, text, positions)


def _line_and_column(before: str) -> tuple[int, int]:
    """The 1-based line and column just after `before`, the text up to a place."""
    return before.count("\n") + 1, len(before) - before.rfind("\n")


_SLOW = object()
# JSON can spell a lone UTF-16 surrogate (`"\\ud800"`), which no UTF-8 file can hold.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(source: SourceFile, value: Any, pointer: str, problems: list[Problem]) -> Any:
    """`value` with each lone surrogate in a string or key replaced by U+FFFD, with a warning."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            problem = Problem("warning", "a string holds a lone UTF-16 surrogate; replaced with U+FFFD", source.location(pointer))
            if problem not in problems:
                problems.append(problem)
            return _SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, list):
        return [_without_surrogates(source, item, pointer_join(pointer, i), problems) for i, item in enumerate(value)]
    if isinstance(value, dict):
        return {
            _without_surrogates(source, key, pointer_join(pointer, key), problems): _without_surrogates(source, item, pointer_join(pointer, key), problems)
            for key, item in value.items()
        }
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _parse_fast(text: str) -> tuple[Any, bool]:
    """The parsed document without a source map, or `_SLOW` when the careful parse must decide,
    and whether it was read as JSON.

    JSON goes through `json.loads`; YAML through libyaml. Either result is used only when every
    mapping key is a string and no alias makes a cycle or repeats too much, which is when `parse`
    would build the same value without a warning or an error.
    """
    data: Any = _SLOW
    if text.lstrip()[:1] in ("{", "["):
        try:
            # JSON keys are strings and JSON has no aliases: nothing for `_plain` to find.
            return json.loads(text, parse_constant=_reject_constant), True
        except (ValueError, RecursionError):
            data = _SLOW
    if data is _SLOW:
        try:
            data = yaml.load(text, Loader=SpecLoader)
        except (yaml.YAMLError, RecursionError):
            return _SLOW, False
    return (data if _plain(data, len(text) + _ALIAS_VALUES) else _SLOW), False


def _plain(data: Any, limit: int) -> bool:
    """Whether every key is a string, nothing contains itself, and the document has at most
    `limit` values once its aliases are expanded (as every later walk over it expands them)."""
    stack: list[tuple[Any, bool]] = [(data, False)]
    open_ids: set[int] = set()
    sizes: dict[int, int] = {}  # values in each container walked, aliases expanded
    while stack:
        value, leaving = stack.pop()
        children: Any = value.values() if isinstance(value, dict) else value
        if leaving:
            open_ids.discard(id(value))
            sizes[id(value)] = 1 + sum(sizes[id(child)] if isinstance(child, (dict, list)) else 1 for child in children)
            continue
        if id(value) in sizes:  # an alias of a container walked already
            continue
        if isinstance(value, dict):
            if not all(isinstance(k, str) for k in value):
                return False
        elif not isinstance(value, list):
            continue
        if id(value) in open_ids:
            return False
        open_ids.add(id(value))
        stack.append((value, True))
        stack.extend((child, False) for child in children if isinstance(child, (dict, list)))
    return sizes.get(id(data), 1) <= limit


def parse(text: str, positions: dict[str, tuple[int, int]], problems: list[Problem], display: str) -> Any:
    """The values of a YAML (or JSON) text, recording where each starts in `positions`.

    The careful parse: a key that is not a string is read as one, with a warning in `problems`;
    a recursive alias, or aliases that repeat too much, are errors (raised as YAML errors).
    """
    loader = SpecLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        # Without aliases a document has fewer values than characters; aliases may repeat parts,
        # but not without bound (a "billion laughs" document would take hours and all memory).
        budget = [len(text) + _ALIAS_VALUES]
        return _construct(loader, node, "", positions, problems, display, set(), budget)
    finally:
        loader.dispose()


# How many values beyond the document's own length its aliases may add.
_ALIAS_VALUES = 200_000


def _construct(
    loader: Any,
    node: yaml.Node,
    pointer: str,
    positions: dict[str, tuple[int, int]],
    problems: list[Problem],
    display: str,
    active: set[int],
    budget: list[int],
) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise yaml.MarkedYAMLError(problem=f"its aliases repeat too much (more than {_ALIAS_VALUES:,} values beyond its own)", problem_mark=node.start_mark)
    positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node, deep=True)
    if id(node) in active:
        raise yaml.MarkedYAMLError(problem="recursive YAML alias", problem_mark=node.start_mark)
    active.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            return [
                _construct(loader, item, pointer_join(pointer, i), positions, problems, display, active, budget)
                for i, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.MappingNode)
        loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(problem="a mapping key must be a plain value", problem_mark=key_node.start_mark)
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                # `200:` in YAML is an integer key; OpenAPI means the string "200".
                if key_node.tag != "tag:yaml.org,2002:null":
                    key = key_node.value
                else:
                    key = ""
                problem = Problem(
                    "warning",
                    f"key {key_node.value!r} is not a string; read as {key!r} (quote it)",
                    Location(display, key_node.start_mark.line + 1, key_node.start_mark.column + 1, pointer_join(pointer, key)),
                )
                if problem not in problems:
                    problems.append(problem)
            result[key] = _construct(loader, value_node, pointer_join(pointer, key), positions, problems, display, active, budget)
        return result
    finally:
        active.discard(id(node))
