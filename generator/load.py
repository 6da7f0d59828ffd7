"""Load an OpenAPI document: its files parsed, every `$ref` checked, and the way to follow them.

The result is a `Document`: the parsed files (see `parse`), where each value is in them, and
`resolve()`, which follows local and relative-file references. Nothing here knows about SDKs or
validates against OpenAPI's rules (that is `validator.validate`); later stages read the document
through this module only to follow references and to say where things are.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit

from . import parse
from .problems import GenerationError, Location, Problem, errors_in, pointer_join, pointer_split


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
        self.files: dict[Path, parse.SourceFile] = {}
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

    def _load(self, path: Path, referrer: Location | None) -> parse.SourceFile:
        source = parse.read(path, self._display(path), referrer, self.problems)
        self.files[path] = source
        return source


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


def load(path: Path, *, display_base: Path | None = None) -> Document:
    """Read and parse the document at `path` and the files it refers to, and check that every
    `$ref` resolves (OpenAPI's other rules are `validator.validate`'s).

    Raises `GenerationError` listing every problem of severity "error"; warnings stay in
    `Document.problems`. Places are shown relative to `display_base` (default: the working
    directory) when they are inside it.
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
    return doc


