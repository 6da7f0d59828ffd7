"""Read an OpenAPI document (YAML or JSON), keep a source map, resolve `$ref`s and validate it.

The result is a `Document`: the parsed files, a map from JSON pointer to line and column in each
file, and `resolve()`, which follows local and relative-file references. Nothing here knows about
SDKs; later stages read the document through this module only to follow references and to say
where things are.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit

import yaml

from .problems import GenerationError, Location, Problem, errors_in, pointer_join, pointer_split

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's safe loader, except that dates and times stay strings, as OpenAPI means them."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclasses.dataclass
class SourceFile:
    """One parsed file of the document and where each of its values starts."""

    path: Path
    display: str
    data: Any
    positions: dict[str, tuple[int, int]]

    def location(self, pointer: str) -> Location:
        """The location of `pointer`, or of its nearest ancestor the source map knows."""
        probe = pointer
        while True:
            if probe in self.positions:
                line, column = self.positions[probe]
                return Location(self.display, line, column, pointer)
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
        value = self.files[file].data
        for token in pointer_split(pointer):
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                raise KeyError(pointer)
        return Ref(file, pointer, value)

    def resolve(self, ref: Ref) -> Ref:
        """Follow `$ref` chains from `ref` to a value that is not a reference."""
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
        parts = urlsplit(reference)
        location = self.location(file, where)
        if parts.scheme or parts.netloc:
            self._problem("error", f"remote $ref {reference!r} is not supported; download it and refer to the file", location)
            return None
        target_file = file
        if parts.path:
            target_file = (file.parent / unquote(parts.path)).resolve()
            if target_file not in self.files:
                if not target_file.is_file():
                    self._problem("error", f"$ref {reference!r}: no such file {self._display(target_file)}", location)
                    return None
                self._load(target_file, location)
            if target_file not in self.files:
                return None
        pointer = unquote(parts.fragment)
        if pointer and not pointer.startswith("/"):
            self._problem("error", f"$ref {reference!r}: the fragment must be a JSON pointer starting with '/'", location)
            return None
        try:
            return self.at(target_file, pointer)
        except KeyError:
            self._problem("error", f"unknown $ref {reference!r}: nothing at that pointer", location)
            return None

    def _problem(self, severity: str, message: str, location: Location) -> None:
        problem = Problem(severity, message, location)  # type: ignore[arg-type]
        if problem not in self.problems:
            self.problems.append(problem)

    def _load(self, path: Path, referrer: Location | None) -> SourceFile:
        display = self._display(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise GenerationError([Problem("error", f"cannot read the spec: {reason}", referrer or Location(display))]) from None
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
        source = SourceFile(path, display, data, positions)
        self.files[path] = source
        return source


def _parse(text: str, positions: dict[str, tuple[int, int]], doc: Document, display: str) -> Any:
    loader = _SpecLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _construct(loader, node, "", positions, doc, display, set())
    finally:
        loader.dispose()


def _construct(
    loader: Any,
    node: yaml.Node,
    pointer: str,
    positions: dict[str, tuple[int, int]],
    doc: Document,
    display: str,
    active: set[int],
) -> Any:
    positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node, deep=True)
    if id(node) in active:
        raise yaml.MarkedYAMLError(problem="recursive YAML alias", problem_mark=node.start_mark)
    active.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            return [
                _construct(loader, item, pointer_join(pointer, i), positions, doc, display, active)
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
                doc._problem(
                    "warning",
                    f"key {key_node.value!r} is not a string; read as {key!r} (quote it)",
                    Location(display, key_node.start_mark.line + 1, key_node.start_mark.column + 1, pointer_join(pointer, key)),
                )
            result[key] = _construct(loader, value_node, pointer_join(pointer, key), positions, doc, display, active)
        return result
    finally:
        active.discard(id(node))


def _walk_refs(value: Any, pointer: str) -> Iterator[str]:
    """The pointers of every `$ref` string below `value`."""
    stack = [(value, pointer)]
    while stack:
        current, here = stack.pop()
        if isinstance(current, dict):
            if isinstance(current.get("$ref"), str):
                yield here
            for key, item in current.items():
                if isinstance(item, (dict, list)):
                    stack.append((item, pointer_join(here, key)))
        elif isinstance(current, list):
            for index, item in enumerate(current):
                if isinstance(item, (dict, list)):
                    stack.append((item, pointer_join(here, index)))


def load(path: Path, *, display_base: Path | None = None, validate: bool = True) -> Document:
    """Load the document at `path`, check that every `$ref` resolves, and validate it.

    Raises `GenerationError` listing every problem of severity "error"; warnings stay in
    `Document.problems`.
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
    while pending:
        file = pending.pop()
        if file in checked:
            continue
        checked.add(file)
        for where in sorted(_walk_refs(doc.files[file].data, "")):
            target = doc.target_of(doc.at(file, where))
            if target is not None and target.file not in checked:
                pending.append(target.file)
    if errors_in(doc.problems):
        raise GenerationError(errors_in(doc.problems))
    if validate:
        doc.problems.extend(_validate(doc))
        if errors_in(doc.problems):
            raise GenerationError(errors_in(doc.problems))
    return doc


def _validate(doc: Document) -> list[Problem]:
    """openapi-spec-validator's findings, located in the source."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = str(doc.root.get("openapi"))
    validator_class = OpenAPIV30SpecValidator if version.startswith("3.0") else OpenAPIV31SpecValidator
    problems = []
    try:
        validator = validator_class(doc.root, base_uri=doc.root_path.as_uri())
        for error in validator.iter_errors():
            pointer = pointer_join("", *getattr(error, "absolute_path", ()))
            message = " ".join(str(error.message).split())
            if len(message) > 300:
                message = message[:297] + "..."
            problems.append(Problem("error", f"invalid OpenAPI {version}: {message}", doc.location(doc.root_path, pointer)))
    except Exception as exc:  # the validator raises on inputs it cannot walk; report, never crash
        message = " ".join(str(exc).split())[:200]
        problems.append(Problem("error", f"the OpenAPI validator failed: {type(exc).__name__}: {message}", doc.location(doc.root_path, "")))
    return problems
