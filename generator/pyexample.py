"""Example values (JSON text in the IR) spelled as Python of the argument's type.

The docs and the generated tests pass each example to a typed method, and the tests are type
checked: a `date-time` string is spelled `datetime(2025, 1, 1, tzinfo=timezone.utc)`, a file
`b"raw file contents"`, an integer example of a float argument stays an integer, a nested
request object keeps only the keys its TypedDict declares, and a union takes the member the
value fits. `Spelled.imports` says which names of `datetime` the text uses. Spec text reaches
the source only through `pysource.literal`.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any, Dict, FrozenSet, Optional, Tuple, Union

from . import ir, pysource

Types = Dict[Tuple[str, str], Union[ir.Model, ir.ParamsType]]  # (module, name) → type
FILE_EXAMPLE = "raw file contents"
_FILES = (ir.FILE, ir.FILE_CONTENT)


@dataclasses.dataclass(frozen=True)
class Spelled:
    """Python source of a value, and the names it needs from the `datetime` module."""

    text: str
    imports: FrozenSet[str] = frozenset()


def types_of(api: ir.Api) -> Types:
    """The models and params types of `api`, by (module, name)."""
    out: Types = {(m.module, m.name): m for m in api.models}
    out.update({(p.module, p.name): p for p in api.params_types})
    return out


def argument(param: ir.Param, types: Types) -> Spelled:
    """The example of `param` as Python: its IR example, else a placeholder of its type."""
    value = json.loads(param.example) if param.example is not None else _MISSING
    return spell(value, param.type, types)


def spell(value: Any, t: ir.TypeRef, types: Types) -> Spelled:
    """`value` (JSON) as Python source of type `t`."""
    imports: set[str] = set()
    text = _spell(value, t, types, imports)
    return Spelled(text, frozenset(imports))


def datetime_import(imports: FrozenSet[str]) -> str:
    """The import line of the `datetime` names a spelling uses ("" when none)."""
    return f"from datetime import {', '.join(sorted(imports))}" if imports else ""


_MISSING: Any = object()


def _spell(value: Any, t: ir.TypeRef, types: Types, imports: set[str]) -> str:
    if value is _MISSING:
        return _placeholder(t, types, imports)
    if t in _FILES:
        return _bytes(value)
    if t.kind == "none" or value is None and t.is_nullable:
        return "None"
    if t.kind == "union":
        members = [a for a in t.args if a.kind != "none"]
        # The member the value is a value of, else one of its JSON kind (a dict, a list...).
        fitting = next((m for m in members if _fits(value, m, types)), None)
        fitting = fitting or next((m for m in members if _fits(value, m, types, loosely=True)), members[0] if members else ir.ANY)
        return _spell(value, fitting, types, imports)
    if t.kind == "literal":
        fits = [v for v in t.values if _same(v, value)]
        return pysource.literal(fits[0] if fits else t.values[0])
    if t.kind == "list":
        items = value if isinstance(value, list) else []
        return "[" + ", ".join(_spell(item, t.args[0], types, imports) for item in items) + "]"
    if t.kind == "dict":
        entries = value.items() if isinstance(value, dict) else ()
        return "{" + ", ".join(f"{pysource.literal(str(k))}: {_spell(v, t.args[0], types, imports)}" for k, v in entries) + "}"
    if t.kind == "model":
        return _typed_dict(value, t, types, imports)
    return _primitive(value, t.name, imports)


def _typed_dict(value: Any, t: ir.TypeRef, types: Types, imports: set[str]) -> str:
    """A nested request object: the keys its TypedDict declares (by wire name), in the value's
    order, then any required one the value lacks (as a placeholder)."""
    declared = types.get((t.module, t.name))
    if not isinstance(declared, ir.ParamsType) or not isinstance(value, dict):
        return _plain(value)
    fields = {f.wire_name if declared.by_wire_name else f.name: f for f in declared.fields}
    entries = [(key, fields[key]) for key in value if key in fields]
    entries += [(key, f) for key, f in fields.items() if f.required and key not in value]
    spelled = [
        f"{pysource.literal(key)}: {_spell(value.get(key, _MISSING), field.type, types, imports)}" for key, field in entries
    ]
    return "{" + ", ".join(spelled) + "}"


def _primitive(value: Any, name: str, imports: set[str]) -> str:
    if name == "str":
        return pysource.literal(value if isinstance(value, str) else json.dumps(value))
    if name == "bool":
        return repr(value) if isinstance(value, bool) else "True"
    if name == "int":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
            return repr(int(value))
        return "1"
    if name == "float":
        return repr(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else "1.0"
    if name == "datetime":
        return _datetime(value, imports)
    if name == "date":
        parsed = _parsed(value, date_only=True)
        imports.add("date")
        day = parsed if isinstance(parsed, datetime.date) else datetime.date(2025, 1, 1)
        return f"date({day.year}, {day.month}, {day.day})"
    return _plain(value)  # `object`: any JSON value


def _datetime(value: Any, imports: set[str]) -> str:
    parsed = _parsed(value, date_only=False)
    moment = parsed if isinstance(parsed, datetime.datetime) else datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    imports.add("datetime")
    parts = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second, moment.microsecond]
    while len(parts) > 3 and parts[-1] == 0:
        parts.pop()
    arguments = [str(part) for part in parts]
    offset = moment.utcoffset()
    if offset is not None:
        imports.add("timezone")
        if not offset:
            arguments.append("tzinfo=timezone.utc")
        else:
            imports.add("timedelta")
            minutes = int(offset.total_seconds() // 60)
            arguments.append(f"tzinfo=timezone(timedelta(minutes={minutes}))")
    return f"datetime({', '.join(arguments)})"


def _parsed(value: Any, *, date_only: bool) -> Optional[datetime.date]:
    if not isinstance(value, str):
        return None
    try:
        if date_only:
            return datetime.date.fromisoformat(value)
        return datetime.datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None


def _bytes(value: Any) -> str:
    text = value if isinstance(value, str) and value.isascii() and value.isprintable() else FILE_EXAMPLE
    return "b" + pysource.literal(text)


def _plain(value: Any) -> str:
    """A JSON value as a Python literal, whatever the type."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pysource.literal(str(k))}: {_plain(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, (str, int, float, bool)) or value is None:
        return pysource.literal(value)
    return pysource.literal(str(value))


def _fits(value: Any, t: ir.TypeRef, types: Types, *, loosely: bool = False) -> bool:
    """Whether `value` is a value of `t` (to pick a union's member); `loosely`, whether it is of
    the same JSON kind (an object for a TypedDict, whatever its keys)."""
    if t in _FILES:
        return isinstance(value, str)
    if t.kind == "none":
        return value is None
    if t.kind == "literal":
        return any(_same(v, value) for v in t.values)
    if t.kind == "list":
        return isinstance(value, list) and all(_fits(item, t.args[0], types) for item in value)
    if t.kind == "dict":
        return isinstance(value, dict)
    if t.kind == "union":
        return any(_fits(value, member, types, loosely=loosely) for member in t.args)
    if t.kind == "model":
        declared = types.get((t.module, t.name))
        if loosely or not isinstance(declared, ir.ParamsType) or not isinstance(value, dict):
            return isinstance(value, dict)
        keys = {f.wire_name if declared.by_wire_name else f.name for f in declared.fields}
        required = {f.wire_name if declared.by_wire_name else f.name for f in declared.fields if f.required}
        return required <= value.keys() <= keys
    if t.name == "str":
        return isinstance(value, str)
    if t.name in ("datetime", "date"):
        return _parsed(value, date_only=t.name == "date") is not None
    if t.name == "bool":
        return isinstance(value, bool)
    if t.name == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if t.name == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return True


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


_PLACEHOLDERS = {"str": "string", "int": 1, "float": 1.0, "bool": True, "datetime": "2025-01-01T00:00:00Z", "date": "2025-01-01"}


def _placeholder(t: ir.TypeRef, types: Types, imports: set[str]) -> str:
    """A value of `t` where the IR has no example (a parameter sdkgen adds, a file)."""
    if t in _FILES:
        return _bytes(FILE_EXAMPLE)
    if t.kind == "primitive":
        return _spell(_PLACEHOLDERS.get(t.name, {}), t, types, imports)
    if t.kind == "literal" and t.values:
        return pysource.literal(t.values[0])
    if t.kind == "list":
        return "[]"
    if t.kind == "union":
        members = [a for a in t.args if a.kind != "none"]
        return _placeholder(members[0], types, imports) if members else "None"
    if t.kind == "none":
        return "None"
    if t.kind == "model":
        return _typed_dict({}, t, types, imports)
    return "{}"
