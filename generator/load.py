"""Read an OpenAPI document (YAML or JSON), keep a source map, resolve `$ref`s and validate it.

The result is a `Document`: the parsed files, a map from JSON pointer to line and column in each
file, and `resolve()`, which follows local and relative-file references. Nothing here knows about
SDKs; later stages read the document through this module only to follow references and to say
where things are.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit

import yaml

from . import sourcemap
from .problems import GenerationError, Location, Problem, Severity, errors_in, pointer_join, pointer_split

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BaseLoader):  # type: ignore[misc]
    """libyaml's safe loader, except that dates and times stay strings, as OpenAPI means them."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def value_at(value: Any, tokens: list[str]) -> Any:
    """The value below `value` at the reference tokens of a JSON pointer; KeyError when absent."""
    for token in tokens:
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            raise KeyError(token)
    return value


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
                self._places_map = sourcemap.JsonPlaces(self.text) if self.is_json else sourcemap.yaml_positions(self.text, _SpecLoader)
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


@dataclasses.dataclass(frozen=True)
class Ref:
    """A value of the document together with the file and JSON pointer it was found at."""

    file: Path
    pointer: str
    value: Any


class Document:
    """A loaded OpenAPI document: its root file, any files it references, and their source maps."""

    def __init__(self, root: Path, display_base: Path) -> None:
        self.root_path = root.resolve()
        self._display_base = display_base
        self.files: dict[Path, SourceFile] = {}
        self.problems: list[Problem] = []
        self._targets: dict[tuple[str, Path], Ref] = {}  # ($ref, file it is in) → what it points at
        self.root_file = self._load(self.root_path, None)

    @property
    def root(self) -> Any:
        """The parsed root file."""
        return self.root_file.data

    def location(self, file: Path, pointer: str) -> Location:
        """Where `pointer` of `file` is, as file:line:column and pointer."""
        source = self.files.get(file)
        if source is None:
            return Location(self._display(file), 0, 0, pointer)
        return source.location(pointer)

    def at(self, file: Path, pointer: str) -> Ref:
        """The value at `pointer` of `file` (raises KeyError when there is none)."""
        return Ref(file, pointer, value_at(self.files[file].data, pointer_split(pointer)))

    def resolve(self, ref: Ref) -> Ref:
        """Follow `$ref` chains from `ref` to a value that is not a reference."""
        if not (isinstance(ref.value, dict) and isinstance(ref.value.get("$ref"), str)):
            return ref  # most values are not references
        seen: set[tuple[Path, str]] = set()
        while isinstance(ref.value, dict) and isinstance(ref.value.get("$ref"), str):
            key = (ref.file, ref.pointer)
            if key in seen:
                raise GenerationError(
                    [Problem("error", "$ref cycle: the reference resolves to itself", self.location(*key))]
                )
            seen.add(key)
            target = self._target(ref.value["$ref"], ref.file, pointer_join(ref.pointer, "$ref"))
            if target is None:
                raise GenerationError(errors_in(self.problems)[-1:])
            ref = target
        return ref

    def target_of(self, ref: Ref) -> Ref | None:
        """Where the `$ref` of `ref` points (one step), or None when it is not a reference."""
        if isinstance(ref.value, dict) and isinstance(ref.value.get("$ref"), str):
            return self._target(ref.value["$ref"], ref.file, pointer_join(ref.pointer, "$ref"))
        return None

    # -- internals -------------------------------------------------------------------------

    def _display(self, path: Path) -> str:
        """`path` relative to the working directory when it is inside it, else absolute."""
        try:
            return str(path.relative_to(self._display_base.resolve()))
        except ValueError:
            return str(path)

    def _target(self, reference: str, file: Path, where: str) -> Ref | None:
        found = self._targets.get((reference, file))
        if found is None:
            found = self._find_target(reference, file, where)
            if found is not None:
                self._targets[reference, file] = found  # a spec refers to one schema from many places
        return found

    def _find_target(self, reference: str, file: Path, where: str) -> Ref | None:
        parts = urlsplit(reference)
        if parts.scheme or parts.netloc:
            self._problem("error", f"remote $ref {reference!r} is not supported; download it and refer to the file", self.location(file, where))
            return None
        target_file = file
        if parts.path:
            target_file = (file.parent / unquote(parts.path)).resolve()
            if target_file not in self.files:
                if not target_file.is_file():
                    self._problem("error", f"$ref {reference!r}: no such file {self._display(target_file)}", self.location(file, where))
                    return None
                self._load(target_file, self.location(file, where))
            if target_file not in self.files:
                return None
        pointer = unquote(parts.fragment)
        if pointer and not pointer.startswith("/"):
            self._problem("error", f"$ref {reference!r}: the fragment must be a JSON pointer starting with '/'", self.location(file, where))
            return None
        try:
            return self.at(target_file, pointer)
        except KeyError:
            self._problem("error", f"unknown $ref {reference!r}: nothing at that pointer", self.location(file, where))
            return None

    def _problem(self, severity: str, message: str, location: Location) -> None:
        problem = Problem(severity, message, location)  # type: ignore[arg-type]
        if problem not in self.problems:
            self.problems.append(problem)

    def _without_surrogates(self, source: SourceFile, value: Any, pointer: str) -> Any:
        """`value` with each lone surrogate in a string or key replaced by U+FFFD, with a warning."""
        if isinstance(value, str):
            if _SURROGATE.search(value):
                self._problem("warning", "a string holds a lone UTF-16 surrogate; replaced with U+FFFD", source.location(pointer))
                return _SURROGATE.sub("\ufffd", value)
            return value
        if isinstance(value, list):
            return [self._without_surrogates(source, item, pointer_join(pointer, i)) for i, item in enumerate(value)]
        if isinstance(value, dict):
            return {
                self._without_surrogates(source, key, pointer_join(pointer, key)): self._without_surrogates(source, item, pointer_join(pointer, key))
                for key, item in value.items()
            }
        return value

    def _load(self, path: Path, referrer: Location | None) -> SourceFile:
        display = self._display(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise GenerationError([Problem("error", f"cannot read the spec: {reason}", referrer or Location(display))]) from None
        data, is_json = _parse_fast(text)
        if data is not _SLOW:
            source = SourceFile(path, display, data, text, None)
            source.is_json = is_json
            self.files[path] = source
            if _SURROGATE_ESCAPE.search(text):
                source.data = self._without_surrogates(source, data, "")
            return source
        positions: dict[str, tuple[int, int]] = {}
        try:
            data = _parse(text, positions, self, display)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            reason = " ".join(str(exc.problem or exc.context or "syntax error").split())
            raise GenerationError([Problem("error", f"not valid YAML or JSON: {reason}", Location(display, line, column))]) from None
        except yaml.YAMLError as exc:
            raise GenerationError([Problem("error", f"not valid YAML or JSON: {exc}", Location(display))]) from None
        source = SourceFile(path, display, data, text, positions)
        self.files[path] = source
        return source


_SLOW = object()
# JSON can spell a lone UTF-16 surrogate (`"\\ud800"`), which no UTF-8 file can hold.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _parse_fast(text: str) -> tuple[Any, bool]:
    """The parsed document without a source map, or `_SLOW` when the careful parse must decide,
    and whether it was read as JSON.

    JSON goes through `json.loads`; YAML through libyaml. Either result is used only when every
    mapping key is a string and no alias makes a cycle or repeats too much, which is when `_parse`
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
            data = yaml.load(text, Loader=_SpecLoader)
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


def _parse(text: str, positions: dict[str, tuple[int, int]], doc: Document | None, display: str) -> Any:
    loader = _SpecLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        # Without aliases a document has fewer values than characters; aliases may repeat parts,
        # but not without bound (a "billion laughs" document would take hours and all memory).
        budget = [len(text) + _ALIAS_VALUES]
        return _construct(loader, node, "", positions, doc, display, set(), budget)
    finally:
        loader.dispose()


# How many values beyond the document's own length its aliases may add.
_ALIAS_VALUES = 200_000


def _construct(
    loader: Any,
    node: yaml.Node,
    pointer: str,
    positions: dict[str, tuple[int, int]],
    doc: Document | None,
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
                _construct(loader, item, pointer_join(pointer, i), positions, doc, display, active, budget)
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
                if doc is not None:
                    doc._problem(
                        "warning",
                        f"key {key_node.value!r} is not a string; read as {key!r} (quote it)",
                        Location(display, key_node.start_mark.line + 1, key_node.start_mark.column + 1, pointer_join(pointer, key)),
                    )
            result[key] = _construct(loader, value_node, pointer_join(pointer, key), positions, doc, display, active, budget)
        return result
    finally:
        active.discard(id(node))


def _walk_refs(value: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, object) of every object below `value` whose `$ref` is a string."""
    # A container's pointer is spelled only when a `$ref` is found in it: the stack holds each
    # container with its parent's entry and its key, and most containers hold no reference.
    stack: list[tuple[Any, Any, Any]] = [(value, None, None)]
    while stack:
        entry = stack.pop()
        current = entry[0]
        if type(current) is dict:
            if isinstance(current.get("$ref"), str):
                yield _spelled(entry, pointer), current
            stack.extend((item, entry, key) for key, item in current.items() if isinstance(item, (dict, list)))
        elif type(current) is list:
            stack.extend((item, entry, index) for index, item in enumerate(current) if isinstance(item, (dict, list)))


def _spelled(entry: tuple[Any, Any, Any], base: str) -> str:
    """The pointer of a `_walk_refs` stack entry."""
    keys = []
    while entry[1] is not None:
        keys.append(entry[2])
        entry = entry[1]
    return pointer_join(base, *reversed(keys))


def load(path: Path, *, display_base: Path | None = None, validate: bool = True, strict: bool = True) -> Document:
    """Load the document at `path`, check that every `$ref` resolves, and validate it.

    Raises `GenerationError` listing every problem of severity "error"; warnings stay in
    `Document.problems`. Unless `strict`, what the OpenAPI validator finds is a warning.
    """
    doc = Document(path, display_base or Path.cwd())
    if not isinstance(doc.root, dict):
        raise GenerationError([Problem("error", "the spec must be a mapping (an OpenAPI object)", doc.location(doc.root_path, ""))])
    version = str(doc.root.get("openapi", ""))
    if not version.startswith("3."):
        found = f"'openapi: {version}'" if version else "no 'openapi' field"
        raise GenerationError([Problem("error", f"not an OpenAPI 3.x document ({found})", doc.location(doc.root_path, "/openapi"))])
    # Every reference, in every file reached, must resolve before anything else reads the document.
    pending = [doc.root_path]
    checked: set[Path] = set()
    refs: list[Ref] = []
    while pending:
        file = pending.pop()
        if file in checked:
            continue
        checked.add(file)
        for where, value in sorted(_walk_refs(doc.files[file].data, ""), key=lambda found: found[0]):
            refs.append(Ref(file, where, value))
            target = doc.target_of(refs[-1])
            if target is not None and target.file not in checked:
                pending.append(target.file)
    if not errors_in(doc.problems):
        # A chain of references that comes back to where it started has no value: found here,
        # all at once, rather than by whichever build step first follows one.
        for ref in refs:
            try:
                doc.resolve(ref)
            except GenerationError as exc:
                for problem in exc.problems:
                    doc._problem(problem.severity, problem.message, problem.location)
    if errors_in(doc.problems):
        raise GenerationError(errors_in(doc.problems))
    if validate:
        validate_document(doc, strict=strict)
    return doc


def validate_document(doc: Document, *, strict: bool = True) -> None:
    """`check_document`, then raise `GenerationError` listing every error found so far."""
    check_document(doc, strict=strict)
    if errors_in(doc.problems):
        raise GenerationError(errors_in(doc.problems))


def check_document(doc: Document, *, strict: bool = False) -> None:
    """Check `doc` against the OpenAPI schema and add what is found to `doc.problems`.

    The findings are errors when `strict`, else warnings: a spec the validator rejects can still
    give a working SDK, and the build reports what it cannot turn into code as errors of its own.
    """
    severity: Severity = "error" if strict else "warning"
    for problem in _validate(doc, severity):
        doc._problem(problem.severity, problem.message, problem.location)


def _locate(root: Any, pointer: str, instance: Any, values: list[tuple[str, Any]]) -> str:
    """The pointer of an error in the document.

    The validator reports errors inside a schema relative to that schema, and errors in a
    default or an example relative to that value; such a pointer is looked up under each
    component schema and each value of `values` (see `_checked_values`, filled on first need),
    keeping the one place that holds the offending value.
    """
    tokens = pointer_split(pointer)
    try:
        if value_at(root, tokens) == instance:
            return pointer
    except KeyError:
        pass
    if not values:
        values.extend(_checked_values(root))
    found = []
    for base, value in values:
        try:
            if value_at(value, tokens) == instance:
                found.append(base + pointer)
        except KeyError:
            continue
    return found[0] if len(found) == 1 else pointer


def _checked_values(root: Any) -> Iterator[tuple[str, Any]]:
    """(pointer, value) of each component schema, and of each default, example and const value
    in the document: the places the validator's relative pointers may start from."""
    components = root.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    for name, schema in schemas.items() if isinstance(schemas, dict) else ():
        yield pointer_join("/components/schemas", name), schema
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                here = pointer_join(where, key)
                if key in ("default", "example", "const"):
                    yield here, item
                stack.append((here, item))
        elif isinstance(value, list):
            stack.extend((pointer_join(where, index), item) for index, item in enumerate(value))


def _validate(doc: Document, severity: Severity) -> list[Problem]:
    """openapi-spec-validator's findings on the whole document, located in the source."""
    findings = _raw_findings(doc.root, doc.root_path.as_uri())
    return _located(doc, findings, severity)


def _located(doc: Document, findings: list[tuple[str, str]], severity: Severity) -> list[Problem]:
    version = str(doc.root.get("openapi"))
    problems: list[Problem] = []
    for pointer, message in dict.fromkeys(findings):
        text = message if message.startswith("the OpenAPI validator failed") else f"invalid OpenAPI {version}: {message}"
        problems.append(Problem(severity, text, doc.location(doc.root_path, pointer)))
    return problems


# Some validator errors name their operation only in the message.
_OPERATION_IN_MESSAGE = re.compile(r"for '(?P<method>[a-z]+)' operation in '(?P<path>/[^']*)'")


def _raw_findings(root: Any, base_uri: str) -> list[tuple[str, str]]:
    """(pointer, message) of each validator error; plain values, so a worker process can return them."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = str(root.get("openapi"))
    validator_class = OpenAPIV30SpecValidator if version.startswith("3.0") else OpenAPIV31SpecValidator
    findings = []
    values: list[tuple[str, Any]] = []
    try:
        validator = validator_class(root, base_uri=base_uri)
        for error in validator.iter_errors():
            pointer = _locate(root, pointer_join("", *getattr(error, "absolute_path", ())), getattr(error, "instance", None), values)
            message = " ".join(str(error.message).split())
            operation = _OPERATION_IN_MESSAGE.search(message)
            if not pointer and operation:
                pointer = pointer_join("/paths", operation["path"], operation["method"])
            if len(message) > 300:
                message = message[:297] + "..."
            findings.append((pointer, message))
    except Exception as exc:  # the validator raises on inputs it cannot walk; report, never crash
        message = " ".join(str(exc).split())[:200]
        findings.append(("", f"the OpenAPI validator failed: {type(exc).__name__}: {message}"))
    return findings
