"""`sdkgen diff OLD NEW`: what changes for the SDK's users between two versions of a spec.

Both specs are built to IR and the IRs compared, so the report speaks of methods, parameters,
model fields, types, enum values and pagination as users see them, not of spec text. Each change
is breaking (code that worked may stop working) or additive; the worst one gives the semver bump.
A method is the same operation when its HTTP method and path are, and a model the same when its
schema is at the same place in the spec: one that changed its name is reported renamed, with the
old and new names, and then compared with itself.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Iterable, Iterator, Literal

from . import ir, pysource

Kind = Literal["breaking", "additive"]


@dataclasses.dataclass(frozen=True)
class Change:
    """One user-visible change."""

    kind: Kind
    category: Literal["method", "param", "return", "model", "field", "enum", "pagination"]
    subject: str  # `client.pets.list`, `Pet.name`
    message: str


@dataclasses.dataclass(frozen=True)
class Report:
    """Every change, breaking ones first, and the version bump they imply."""

    changes: tuple[Change, ...]

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == "breaking")

    @property
    def additive(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == "additive")

    @property
    def bump(self) -> str:
        """major for any breaking change, minor for additions only, none otherwise."""
        return "major" if self.breaking else "minor" if self.additive else "none"

    def to_json(self) -> str:
        return json.dumps(
            {
                "bump": self.bump,
                "breaking": len(self.breaking),
                "additive": len(self.additive),
                "changes": [dataclasses.asdict(c) for c in self.changes],
            },
            indent=2,
        )

    def to_markdown(self, old: str, new: str) -> str:
        lines = [f"## SDK changes: `{old}` → `{new}`", ""]
        if not self.changes:
            return "\n".join(lines + ["No changes to the SDK's interface: no version bump needed.", ""])
        lines += [f"**Semver: {self.bump}** ({len(self.breaking)} breaking, {len(self.additive)} additive)", ""]
        for title, changes in (("Breaking", self.breaking), ("Additive", self.additive)):
            if changes:
                lines += [f"### {title}", ""]
                lines += [f"- `{c.subject}`: {c.message}" for c in changes]
                lines.append("")
        return "\n".join(lines)


def type_str(t: ir.TypeRef | None) -> str:
    """A type as users read it in the SDK's signatures."""
    return "None" if t is None else pysource.annotation(t)


def _methods(api: ir.Api) -> dict[str, ir.Operation]:
    return {"client." + ".".join(r.path + (op.name,)): op for r in api.all_resources() for op in r.operations}


def _route(op: ir.Operation) -> str:
    return f"{op.http_method.upper()} {op.wire_path}"


def _answer(op: ir.Operation) -> ir.TypeRef | None:
    """What a method answers: its response, or the items of its pages."""
    return op.item_type if op.pagination else op.returns


def _renamed(t: ir.TypeRef | None, renames: dict[str, str]) -> ir.TypeRef | None:
    """`t` with the models renamed since the old spec spelled by their new names."""
    if t is None or not renames:
        return t
    args = tuple(a for a in (_renamed(arg, renames) for arg in t.args) if a is not None)
    return dataclasses.replace(t, name=renames.get(t.name, t.name) if t.kind == "model" else t.name, args=args)


def _type_change(subject: str, old: ir.TypeRef | None, new: ir.TypeRef | None, *, incoming: bool, what: str) -> Iterator[Change]:
    """Changes of one type; `incoming` is True for values users send (params), False for ones they read."""
    if type_str(old) == type_str(new):
        return
    if old is not None and new is not None:
        old_lit, new_lit = _literal_values(old), _literal_values(new)
        if old_lit is not None and new_lit is not None:
            added, removed = new_lit - old_lit, old_lit - new_lit
            for value in sorted(added, key=repr):
                # A new value users may send is harmless; a new value they may receive can fall
                # through code that handles every known value.
                kind: Kind = "additive"
                yield Change(kind, "enum", subject, f"{what} gains enum value {value!r}" + ("" if incoming else " (code matching every value should handle it)"))
            for value in sorted(removed, key=repr):
                yield Change("breaking" if incoming else "additive", "enum", subject, f"{what} loses enum value {value!r}")
            if old.is_nullable != new.is_nullable:
                yield from _nullability(subject, old, new, incoming=incoming, what=what)
            return
        if _strip_none(old) == _strip_none(new):
            yield from _nullability(subject, old, new, incoming=incoming, what=what)
            return
    yield Change("breaking", "return" if what == "return type" else "field" if not incoming else "param", subject, f"{what} changes from `{type_str(old)}` to `{type_str(new)}`")


def _nullability(subject: str, old: ir.TypeRef, new: ir.TypeRef, *, incoming: bool, what: str) -> Iterator[Change]:
    if new.is_nullable and not old.is_nullable:
        # Accepting null is harmless; returning it breaks code that assumed a value.
        yield Change("additive" if incoming else "breaking", "field", subject, f"{what} becomes nullable (`{type_str(new)}`)")
    elif old.is_nullable and not new.is_nullable:
        yield Change("breaking" if incoming else "additive", "field", subject, f"{what} is no longer nullable (`{type_str(new)}`)")


def _strip_none(t: ir.TypeRef) -> str:
    if t.kind == "union":
        members = [a for a in t.args if a.kind != "none"]
        return type_str(members[0]) if len(members) == 1 else type_str(ir.TypeRef("union", args=tuple(members)))
    return type_str(t)


def _literal_values(t: ir.TypeRef) -> set[object] | None:
    members = [a for a in (t.args if t.kind == "union" else (t,)) if a.kind != "none"]
    if len(members) == 1 and members[0].kind == "literal":
        return set(members[0].values)
    return None


def _method_changes(name: str, old: ir.Operation, new: ir.Operation, renames: dict[str, str]) -> Iterator[Change]:
    old_params = {p.name: p for p in old.params}
    new_params = {p.name: p for p in new.params}
    old_positional = [p.name for p in old.path_params]
    new_positional = [p.name for p in new.path_params]
    if old_positional != new_positional and set(old_positional) == set(new_positional):
        yield Change("breaking", "param", name, f"positional arguments reordered: ({', '.join(old_positional)}) → ({', '.join(new_positional)})")
    for pname, param in old_params.items():
        if pname not in new_params:
            yield Change("breaking", "param", name, f"parameter `{pname}` removed")
    for pname, param in new_params.items():
        before = old_params.get(pname)
        if before is None:
            if param.required:
                yield Change("breaking", "param", name, f"new required parameter `{pname}: {type_str(param.type)}`")
            else:
                yield Change("additive", "param", name, f"new optional parameter `{pname}: {type_str(param.type)}`")
            continue
        if before.required and not param.required:
            yield Change("additive", "param", name, f"parameter `{pname}` becomes optional")
        elif param.required and not before.required:
            yield Change("breaking", "param", name, f"parameter `{pname}` becomes required")
        yield from _type_change(name, _renamed(before.type, renames), param.type, incoming=True, what=f"parameter `{pname}`")
    yield from _pagination_changes(name, old, new)
    if not (old.pagination and new.pagination):
        if not (old.pagination or new.pagination):
            yield from _type_change(name, _renamed(old.returns, renames), new.returns, incoming=False, what="return type")
    elif type_str(_renamed(old.item_type, renames)) != type_str(new.item_type):
        yield Change("breaking", "pagination", name, f"page items change from `{type_str(old.item_type)}` to `{type_str(new.item_type)}`")


def _pagination_changes(name: str, old: ir.Operation, new: ir.Operation) -> Iterator[Change]:
    if old.pagination is None and new.pagination is not None:
        yield Change("breaking", "pagination", name, f"now returns pages (`{new.pagination.page_class}`, {new.pagination.scheme}) instead of `{type_str(old.returns)}`")
    elif old.pagination is not None and new.pagination is None:
        yield Change("breaking", "pagination", name, f"no longer paginated: returns `{type_str(new.returns)}` instead of `{old.pagination.page_class}`")
    elif old.pagination is not None and new.pagination is not None:
        if old.pagination.page_class != new.pagination.page_class:
            yield Change("breaking", "pagination", name, f"page class changes from `{old.pagination.page_class}` to `{new.pagination.page_class}`")
        if old.pagination.cursor_param != new.pagination.cursor_param:
            yield Change("breaking", "pagination", name, f"cursor parameter changes from `{old.pagination.cursor_param}` to `{new.pagination.cursor_param}`")


def _model_changes(old: Iterable[ir.Model], new: Iterable[ir.Model], renames: dict[str, str]) -> Iterator[Change]:
    olds = {m.name: m for m in old}
    news = {m.name: m for m in new}
    for name, renamed in sorted(renames.items()):
        yield Change("breaking", "model", name, f"model renamed to `{renamed}`")
    for name in olds.keys() - news.keys() - renames.keys():
        yield Change("breaking", "model", name, "model removed from the types module")
    for name in sorted(news.keys() - olds.keys() - set(renames.values())):
        yield Change("additive", "model", name, "new model")
    pairs = [(name, name) for name in sorted(olds.keys() & news.keys())] + sorted(renames.items())
    for old_name, name in pairs:
        before, after = olds[old_name], news[name]
        old_fields = {f.name: f for f in before.fields}
        new_fields = {f.name: f for f in after.fields}
        for fname in old_fields.keys() - new_fields.keys():
            yield Change("breaking", "field", f"{name}.{fname}", "field removed")
        for fname, field in new_fields.items():
            was = old_fields.get(fname)
            if was is None:
                yield Change("additive", "field", f"{name}.{fname}", f"new {'required' if field.required else 'optional'} field `{type_str(field.type)}`")
                continue
            if was.required and not field.required:
                yield Change("breaking", "field", f"{name}.{fname}", "field may now be absent (no longer required)")
            elif field.required and not was.required:
                yield Change("additive", "field", f"{name}.{fname}", "field is now always present (required)")
            yield from _type_change(f"{name}.{fname}", _renamed(was.type, renames), field.type, incoming=False, what="field type")


def _model_renames(old: Iterable[ir.Model], new: Iterable[ir.Model], answers: Iterable[tuple[ir.TypeRef | None, ir.TypeRef | None]] = ()) -> dict[str, str]:
    """Old name → new name of the models that are the same under another name: whose schema is
    where it was; else (a component renamed in the spec) the one gone that an operation answered
    and the one new it answers now (`answers`: what each operation answered, then answers);
    else the one gone and the one new whose fields are alike, where just one is."""
    olds, news = {m.name: m for m in old}, {m.name: m for m in new}
    gone = [m for name, m in olds.items() if name not in news]
    came = {name: m for name, m in news.items() if name not in olds}
    renames: dict[str, str] = {}
    by_origin = {m.origin: m.name for m in came.values() if m.origin}
    for model in gone:
        if model.origin in by_origin and by_origin[model.origin] in came:
            renames[model.name] = by_origin[model.origin]
            del came[by_origin[model.origin]]
    answered: dict[str, set[str]] = {}
    for before, after in answers:
        if before is not None and after is not None and before.kind == after.kind == "model":
            answered.setdefault(before.name, set()).add(after.name)
    for model in gone:
        now = answered.get(model.name, set())
        if model.name not in renames and len(now) == 1 and next(iter(now)) in came:
            renames[model.name] = came.pop(next(iter(now))).name

    def shape(model: ir.Model) -> tuple[object, ...]:
        return tuple((f.name, f.wire_name, f.required, type_str(_renamed(f.type, renames))) for f in model.fields), model.base is None

    alike: dict[tuple[object, ...], list[str]] = {}
    for name, model in came.items():
        alike.setdefault(shape(model), []).append(name)
    unmatched = [m for m in gone if m.name not in renames]
    counts: dict[tuple[object, ...], int] = {}
    for model in unmatched:
        counts[shape(model)] = counts.get(shape(model), 0) + 1
    for model in unmatched:
        found = alike.get(shape(model), [])
        if len(found) == 1 and counts[shape(model)] == 1 and model.fields:
            renames[model.name] = found[0]
    return renames


def compare_apis(old: ir.Api, new: ir.Api) -> Report:
    """The user-visible changes from `old` to `new`, breaking first, each group sorted by subject."""
    changes: list[Change] = []
    old_methods, new_methods = _methods(old), _methods(new)
    new_by_route = {_route(op): op for op in new_methods.values()}
    answers = [
        (_answer(op), _answer(new_by_route[_route(op)]))
        for op in old_methods.values()
        if _route(op) in new_by_route
    ]
    renames = _model_renames(old.models, new.models, answers)
    new_names = {_route(op): name for name, op in new_methods.items()}
    pairs = [(name, name) for name in old_methods.keys() & new_methods.keys()]
    for name in old_methods.keys() - new_methods.keys():
        renamed = new_names.get(_route(old_methods[name]))
        if renamed is not None and renamed not in old_methods:
            changes.append(Change("breaking", "method", name, f"method renamed to `{renamed}`"))
            pairs.append((name, renamed))
        else:
            changes.append(Change("breaking", "method", name, "method removed"))
    for name in new_methods.keys() - old_methods.keys() - {new for _old, new in pairs}:
        changes.append(Change("additive", "method", name, "new method"))
    for old_name, name in pairs:
        changes.extend(_method_changes(name, old_methods[old_name], new_methods[name], renames))
    changes.extend(_model_changes(old.models, new.models, renames))
    ordered = sorted(set(changes), key=lambda c: (c.kind != "breaking", c.subject, c.category, c.message))
    return Report(tuple(ordered))
