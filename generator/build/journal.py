"""Reuse the last run's build of each operation whose inputs did not change.

Building is deterministic: what `OperationBuilder.build` makes of one operation depends only on
the spec values it reads and on the build's state when it starts (the names taken, the models,
TypedDicts and pages defined, the warnings given so far). A journal in the user cache keeps, for
each operation of the last run into this output, a digest of every spec value it read and what
it did: the names it claimed, what it added to each registry, the problems it reported, and the
operation itself.

The next build replays an operation from the journal while two things hold: what operations
consult of the state (names, memos, tags) is as it was last time, because every operation before
it was replayed or built again with the same such effects; and the values it read have the same
digests: the spec values, and the models defined before it that it looked into, as they are now. From the first operation whose new effects differ,
every later one is built again. A journal that is missing, foreign or unreadable, or a replay
that does not come out as recorded, means an ordinary full build: the journal only saves time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import itertools
import marshal
import os
import pickle
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .. import ir
from ..cache import cache_dir, code_fingerprint, templates_dir
from ..config import Config
from ..load import Document, value_at
from ..problems import pointer_split
from .context import BuildContext

if TYPE_CHECKING:
    from .operations import OperationBuilder

_VERSION = 2

# (path, method, resource, method name, file and pointer of the operation object)
OpKey = tuple[str, str, tuple[str, ...], str, str, str]
Inputs = tuple[tuple[str, str, bytes], ...]  # (file, pointer, digest) of each value read; file "": a model
Effects = tuple[tuple[Any, ...], tuple[Any, ...]]  # see State.since


class Diverged(Exception):
    """A replay did not come out as recorded: the build starts again without the journal."""


@dataclasses.dataclass
class _Entry:
    key: OpKey
    inputs: Inputs
    payload: bytes  # pickle of (effects, operation, digests of the models and TypedDicts in `effects`)


class Journal:
    """The recorded operations of the last build into one output, and the ones of this build."""

    def __init__(self, path: Path, header: str, entries: list[_Entry]) -> None:
        self._path = path
        self._header = header
        self._old = entries
        self._new: list[_Entry] = []
        self._digests: dict[tuple[str, str], bytes] = {}
        self._files: dict[str, Any] = {}  # str(path) → parsed file, as `doc.files` has it now
        self.in_sync = True  # the state is what it was at this point of the last build
        self.replayed = 0
        self.built = 0

    @classmethod
    def open(cls, config: Config, start: Any, *, replay: bool = True) -> Journal:
        """The journal of `config`'s output; `start` is the build's state before the first operation.

        With `replay` False the last one is not read (every operation is built), only replaced.
        """
        header = hashlib.sha256(
            repr((_VERSION, sys.version, code_fingerprint(templates_dir()), sorted(vars(config).items()), start)).encode()
        ).hexdigest()
        path = cache_dir() / "built" / (hashlib.sha256(f"{config.output.resolve()}\0{config.package}".encode()).hexdigest() + ".marshal")
        entries: list[_Entry] = []
        try:
            if not replay:
                raise OSError("not read")
            data = marshal.loads(path.read_bytes())
            if isinstance(data, tuple) and len(data) == 2 and data[0] == header:
                entries = [_Entry(tuple(key), inputs, payload) for key, inputs, payload in data[1]]
        except (OSError, EOFError, ValueError, TypeError):
            pass
        return cls(path, header, entries)

    def replay(self, doc: Document, key: OpKey, state: State) -> ir.Operation | None:
        """The operation at the current place, replayed into `state`, when that is sound; else None."""
        index = len(self._new)
        old = self._old[index] if index < len(self._old) else None
        if not self.in_sync or old is None or old.key != key:
            self.in_sync = False
            return None
        if any((self._digest(doc, file, pointer) if file else state.model_digest(pointer)) != digest for file, pointer, digest in old.inputs):
            return None
        effects, operation, digests = _loads(old.payload)
        state.apply(effects)
        for value, known in zip(_defined(effects), digests):
            state.digests.add(value, known)
        self._new.append(old)
        self.replayed += 1
        return operation

    def record(
        self,
        doc: Document,
        key: OpKey,
        reads: list[tuple[Path, str]],
        model_reads: list[tuple[str, str]],
        state: State,
        effects: Effects,
        operation: ir.Operation,
    ) -> None:
        """An operation built again at the current place: the spec values and the models defined
        before it that it read, and what it did."""
        index = len(self._new)
        old = self._old[index] if index < len(self._old) else None
        if self.in_sync and (old is None or old.key != key or _loads(old.payload)[0][0] != effects[0]):
            self.in_sync = False
        inputs = tuple((str(file), pointer, self._digest(doc, str(file), pointer)) for file, pointer in dict.fromkeys(reads))
        # A model is an input as the state holds it (file ""), unless this operation defined it.
        own = {defined for table in effects[1][:-2] for defined, _value in table}
        models = [f"{module}\0{name}" for module, name in dict.fromkeys(model_reads) if (module, name) not in own]
        inputs += tuple(("", model, state.model_digest(model)) for model in models)
        # Render needs these digests now anyway; a replay takes them from here.
        digests = tuple(state.digests.of(value) for value in _defined(effects))
        self._new.append(_Entry(key, inputs, pickle.dumps((effects, operation, digests), protocol=pickle.HIGHEST_PROTOCOL)))
        self.built += 1

    def store(self) -> None:
        """Keep this build's journal for the next run (unless it is the last one's); failures are ignored."""
        if self.built == 0 and len(self._new) == len(self._old):
            return
        data = marshal.dumps((self._header, [(e.key, e.inputs, e.payload) for e in self._new]))
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            temp = self._path.with_name(f".{self._path.name}.{secrets.token_hex(4)}.tmp")
            temp.write_bytes(data)
            os.replace(temp, self._path)
        except OSError:
            pass

    def _digest(self, doc: Document, file: str, pointer: str) -> bytes:
        """A digest of the value at `pointer` of `file` now (of None when there is none)."""
        found = self._digests.get((file, pointer))
        if found is None:
            if len(self._files) != len(doc.files):
                self._files = {str(path): source.data for path, source in doc.files.items()}
            data = self._files.get(file, self)
            try:
                value = value_at(data, pointer_split(pointer)) if data is not self else None
            except KeyError:
                value = None  # a value that is not there (`parameters` of a path) may appear
            try:
                # marshal version 2 writes a value alone (no back-references): equal values, equal bytes.
                text = b"m" + marshal.dumps(value, 2)
            except ValueError:  # a type marshal does not know (YAML's dates)
                text = b"r" + repr(value).encode("utf-8", "surrogatepass")
            found = self._digests[(file, pointer)] = hashlib.blake2b(text, digest_size=16).digest()
        return found


class State:
    """The parts of a build's state an operation adds to, in a fixed order.

    Tables only ever get new keys, so what an operation added is their newest items. The `read`
    parts are what later operations consult: memos (which schema became which class, which
    warning was given), the class and module names claimed, the discriminator tags. The `result`
    parts are only what the build returns: the models and TypedDicts defined, the problems, the
    operations' TypedDicts. An operation built again with other results but the same `read`
    effects leaves the later ones as they were.
    """

    def __init__(self, ctx: BuildContext, builder: OperationBuilder) -> None:
        self._ctx = ctx
        self.digests = ctx.digests
        self._read, self._result = builder.journal_tables()
        self._schemas = builder.schemas
        self._params_types = builder.params_types

    def model_digest(self, key: str) -> bytes:
        """The digest of the model `module\0name` as defined so far (of None when there is none)."""
        module, _, name = key.partition("\0")
        return ir.digest(self._schemas.model(module, name))

    def _parts(self) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        ctx = self._ctx
        return (*self._read, ctx.class_names.claims, ctx.module_names.claims, self._schemas.tag_log), (*self._result, ctx.reports, self._params_types)

    def mark(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Where the state is now, for `since`."""
        return tuple(tuple(len(part) for part in parts) for parts in self._parts())  # type: ignore[return-value]

    def since(self, mark: tuple[tuple[int, ...], tuple[int, ...]]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """What was added after `mark`, (read effects, result effects): what one operation did."""
        return tuple(tuple(_added(part, before) for part, before in zip(parts, marks)) for parts, marks in zip(self._parts(), mark))  # type: ignore[return-value]

    def apply(self, effects: tuple[tuple[Any, ...], tuple[Any, ...]]) -> None:
        """Do again what one operation did (raises Diverged when a name would come out otherwise)."""
        ctx = self._ctx
        read, result = effects
        *read_tables, class_claims, module_claims, tags = read
        *result_tables, reports, params_types = result
        if not (ctx.class_names.gives(class_claims) and ctx.module_names.gives(module_claims)):
            raise Diverged("a name would come out otherwise")
        for asked, _given in class_claims:
            ctx.class_names.claim(asked)
        for asked, _given in module_claims:
            ctx.module_names.claim(asked)
        for table, added in zip((*self._read, *self._result), (*read_tables, *result_tables)):
            table.update(added)
        for module, name, prop, values in tags:
            self._schemas.add_tags(module, name, prop, values)
        for severity, message, file, pointer in reports:
            ctx.report(severity, message, (Path(file), pointer))
        self._params_types.extend(params_types)


def _defined(effects: Effects) -> Iterator[ir.Model | ir.ParamsType]:
    """The models and TypedDicts an operation defined, in order (see `State.since`)."""
    *tables, _reports, params_types = effects[1]
    for added in tables:
        yield from (value for _key, value in added)
    yield from params_types


def _added(part: Any, before: int) -> tuple[Any, ...]:
    """The newest items of a table or log that had `before` of them."""
    if isinstance(part, dict):
        return tuple(itertools.islice(reversed(part.items()), len(part) - before))[::-1]
    return tuple(part[before:])


class _Unpickler(pickle.Unpickler):
    """Loads only the generator's IR classes: a journal is data, whoever wrote the cache."""

    _ALLOWED = ("generator.ir", "generator.build.pagination", "generator.pagination_styles")
    _found: dict[tuple[str, str], type] = {}

    def find_class(self, module: str, name: str) -> Any:
        found = self._found.get((module, name))
        if found is None:
            found = super().find_class(module, name) if module in self._ALLOWED else None
            if not (isinstance(found, type) and dataclasses.is_dataclass(found)):
                raise pickle.UnpicklingError(f"not an IR class: {module}.{name}")
            self._found[(module, name)] = found
        return found


def _loads(payload: bytes) -> tuple[Effects, ir.Operation, tuple[bytes, ...]]:
    try:
        effects, operation, digests = _Unpickler(io.BytesIO(payload)).load()
    except Exception as exc:  # anything a damaged entry can raise
        raise Diverged(f"unreadable journal entry ({exc})") from None
    return effects, operation, digests

