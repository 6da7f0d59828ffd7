"""Example values of parameters and request bodies, valid against their schemas.

The docs (api.md, the README) and the generated tests call every method with an example of
each argument. An example is the spec's own (`example`, `examples`: of the parameter, the
media type, the property or the schema) when it satisfies the schema; otherwise one is made
from the schema: its `const` or first `enum` value, a value of its `format`, a string its
`pattern` matches (`patterns.sample`), a number within its bounds and a multiple of its
`multipleOf`, strings and arrays of allowed lengths, and objects with every required property
at every depth, through `$ref`s, `allOf` (merged), the first `oneOf`/`anyOf` member that
validates on its own (tagged for its `discriminator`) and recursion (stopped where an
optional property or an empty array ends it).

`problem` checks a value against a schema (the JSON Schema keywords a mock server such as
Prism validates requests with): a spec example that fails it is replaced, with a warning,
and every made value is checked too, so that a oneOf member that also matches another one
gives way to the next.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime
import ipaddress
import json
import math
import re
from decimal import Decimal
from typing import Any, Iterator, Optional
from urllib.parse import urlsplit

from ..load import Ref
from .context import BuildContext, spec_json
from .patterns import sample

# A value that cannot be made: a required property that contains itself with nothing to end it.
_CANNOT = object()
_MAX_DEPTH = 24

# Values of the formats a mock server checks (those of ajv-formats), and what other ones read as.
FORMAT_EXAMPLES: dict[str, Any] = {
    "date-time": "2025-01-01T00:00:00Z",
    "date": "2025-01-01",
    "time": "12:00:00Z",
    "duration": "P1D",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uri": "https://example.com",
    "url": "https://example.com",
    "iri": "https://example.com",
    "uri-reference": "https://example.com",
    "iri-reference": "https://example.com",
    "uri-template": "https://example.com/{id}",
    "json-pointer": "/example",
    "relative-json-pointer": "0",
    "regex": "^example$",
    "byte": "ZXhhbXBsZQ==",  # base64 of "example"
    "binary": "raw file contents",
    "password": "password",
    "currency": "USD",
}


@dataclasses.dataclass
class _Shape:
    """A schema with its `allOf` members merged in: what a value must satisfy, in one place."""

    types: list[str]
    nullable: bool = False
    const: Any = _CANNOT
    enum: Optional[list[Any]] = None
    format: str = ""
    pattern: str = ""
    min_length: int = 0
    max_length: Optional[int] = None
    low: Optional[float] = None
    low_exclusive: bool = False
    high: Optional[float] = None
    high_exclusive: bool = False
    multiple_of: Optional[float] = None
    items: Optional[Ref] = None
    min_items: int = 0
    max_items: Optional[int] = None
    unique_items: bool = False
    properties: dict[str, Ref] = dataclasses.field(default_factory=dict)
    required: list[str] = dataclasses.field(default_factory=list)
    additional: Optional[Ref] = None  # a schema for other keys (None: no schema given)
    min_properties: int = 0
    choices: list[Ref] = dataclasses.field(default_factory=list)  # oneOf/anyOf members
    discriminator: Optional[Ref] = None
    examples: list[Any] = dataclasses.field(default_factory=list)


class ExampleMaker:
    """Chooses or makes the example of each parameter and body property of a document."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self._made: dict[tuple[str, str], Any] = {}
        self._making: list[tuple[str, str]] = []

    # -- entry points: the keyword arguments of ir.Param -------------------------------------

    def of_parameter(self, param: Ref, schema: Ref) -> dict[str, Any]:
        """`example` and `example_given` of a parameter: its own example or the first of its
        `examples`, else its schema's, when valid; else one made from the schema."""
        given = list(_own_examples(self.ctx, param))
        if schema.value is not None:
            given += self._schema_examples(schema)
        return self._choose(given, schema if schema.value is not None else None, param)

    def of_property(self, prop: Ref, media: Optional[Ref]) -> dict[str, Any]:
        """`example` and `example_given` of a body property: the body example's value for it,
        its own, its schema's, else a made one."""
        wire_name = prop.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        given = []
        for body in _own_examples(self.ctx, media) if media is not None else ():
            if isinstance(body, dict) and wire_name in body:
                given.append(body[wire_name])
        given += self._schema_examples(prop)
        return self._choose(given, prop, prop)

    def of_body(self, media: Ref, schema: Ref) -> dict[str, Any]:
        """`example` and `example_given` of a body sent whole (an array or a primitive)."""
        given = list(_own_examples(self.ctx, media)) + (self._schema_examples(schema) if schema.value is not None else [])
        return self._choose(given, schema if schema.value is not None else None, media)

    def _choose(self, given: list[Any], schema: Optional[Ref], where: Ref) -> dict[str, Any]:
        """The first of the spec's examples that is valid, else a made one (with a warning when
        the spec gave one that is not)."""
        wrong = None
        for value in given:
            value = _json_value(value)
            why = None if value is _CANNOT or schema is None else self.problem(value, schema)
            if value is not _CANNOT and why is None:
                return {"example": spec_json(value), "example_given": True}
            wrong = wrong or why
        if wrong is not None:
            self.ctx.report("warning", f"the example does not match its schema ({wrong}); the docs and tests use one made from the schema", where)
        if schema is None:
            return {"example": None, "example_given": False}
        made = self.make(schema)
        return {"example": None if made is _CANNOT else spec_json(made), "example_given": False}

    # -- making values -----------------------------------------------------------------------

    def make(self, ref: Ref) -> Any:
        """A JSON value valid against the schema at `ref` (as nearly as one can be made), or
        `_CANNOT` where a required property contains itself with nothing to end it."""
        resolved = self.ctx.resolve(ref)
        key = (str(resolved.file), resolved.pointer)
        cached = (str(ref.file), ref.pointer)  # examples beside a `$ref` make it differ from its target
        if cached in self._made:
            return self._made[cached]
        if key in self._making or len(self._making) > _MAX_DEPTH:
            return _CANNOT
        self._making.append(key)
        try:
            value = self._make(ref, resolved)
        finally:
            self._making.pop()
        if not self._making:
            self._made[cached] = value  # one made inside a recursion may have been cut short
        return value

    def _make(self, ref: Ref, resolved: Ref) -> Any:
        if resolved.value is True or resolved.value == {} or not isinstance(resolved.value, dict):
            return "string"
        shape = self.shape(resolved)
        beside = list(_own_examples(self.ctx, ref, schema=True)) if ref is not resolved else []
        for value in beside + shape.examples:
            value = _json_value(value)
            if value is not _CANNOT and self.problem(value, resolved) is None:
                return value
        if shape.const is not _CANNOT:
            return _json_value(shape.const)
        if shape.enum is not None:
            fitting = [v for v in shape.enum if v is not None and _type_of(v) in _accepting(shape.types)]
            return _json_value((fitting or [v for v in shape.enum if v is not None] or [None])[0])
        if shape.choices:
            return self._make_choice(resolved, shape)
        # The first type whose value is valid (a `not` may rule one out), else the first one's.
        first = _CANNOT
        for kind in _kinds(shape):
            value = self._make_kind(shape, kind)
            if value is not _CANNOT and self.problem(value, resolved) is None:
                return value
            first = value if first is _CANNOT else first
        return first

    def _make_kind(self, shape: _Shape, kind: str) -> Any:
        if kind == "object":
            return self._make_object(shape, full=False)
        if kind == "array":
            return self._make_array(shape)
        if kind == "string":
            return _make_string(shape)
        if kind in ("integer", "number"):
            return _make_number(shape, integer=kind == "integer")
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return "string"

    def _make_choice(self, schema: Ref, shape: _Shape) -> Any:
        """The first oneOf/anyOf member whose value (merged with the schema's own properties,
        tagged for the discriminator) is valid against the whole schema."""
        first = _CANNOT
        members = [m for m in shape.choices if not _is_null(self.ctx, m)]
        for member in members:
            member_shape = self.shape(self.ctx.resolve(member))
            for full in (False, True):
                value = self.make(member) if not full else self._make_object(member_shape, full=True)
                if value is _CANNOT:
                    break
                if isinstance(value, dict) and (shape.properties or shape.discriminator is not None):
                    own = self._make_object(shape, full=full) if shape.properties else {}
                    value = {**(own if isinstance(own, dict) else {}), **value}
                    tag = self._tag(shape, member)
                    if tag is not None:
                        value[tag[0]] = tag[1]
                if first is _CANNOT:
                    first = value
                if self.problem(value, schema) is None:
                    return value
                if not isinstance(value, dict):
                    break
        return first if first is not _CANNOT else (None if shape.nullable or len(members) < len(shape.choices) else _CANNOT)

    def _tag(self, shape: _Shape, member: Ref) -> Optional[tuple[str, Any]]:
        """(property, value) that tags `member` for the schema's discriminator: the `mapping`
        key naming it, else the value its own schema allows, else its component's name."""
        if shape.discriminator is None or not isinstance(shape.discriminator.value, dict):
            return None
        prop = shape.discriminator.value.get("propertyName")
        if not isinstance(prop, str):
            return None
        target = self.ctx.resolve(member)
        name = target.pointer.rsplit("/", 1)[-1]
        mapping = shape.discriminator.value.get("mapping")
        for tag, named in mapping.items() if isinstance(mapping, dict) else ():
            if isinstance(named, str) and (named == name or named.endswith("#" + target.pointer)):
                return prop, str(tag)
        member_prop = self.shape(target).properties.get(prop)
        if member_prop is not None:
            inner = self.shape(self.ctx.resolve(member_prop))
            if inner.const is not _CANNOT:
                return prop, _json_value(inner.const)
            if inner.enum:
                return prop, _json_value(inner.enum[0])
        if isinstance(member.value, dict) and "$ref" in member.value:
            return prop, name
        return None

    def _make_object(self, shape: _Shape, *, full: bool) -> Any:
        """An object with every required property (with `full`, every property), readOnly ones
        left out: the server sets them."""
        out: dict[str, Any] = {}
        names = list(shape.properties) if full else [n for n in shape.required if n in shape.properties]
        for name in names:
            prop = shape.properties[name]
            if self._read_only(prop):
                continue
            value = self.make(prop)
            if value is _CANNOT:
                if name in shape.required:
                    return _CANNOT
                continue
            out[name] = value
        for name in shape.required:
            if name not in shape.properties and name not in out:
                out[name] = "string"  # required, and nothing says what it is
        if shape.additional is not None and len(out) < max(shape.min_properties, 1):
            value = self.make(shape.additional)
            if value is not _CANNOT:
                out["key"] = value
        extra = [n for n in shape.properties if n not in out and not self._read_only(shape.properties[n])]
        while len(out) < shape.min_properties and extra:
            value = self.make(shape.properties[extra[0]])
            if value is not _CANNOT:
                out[extra[0]] = value
            extra.pop(0)
        return out

    def _make_array(self, shape: _Shape) -> Any:
        count = max(shape.min_items, 1)
        if shape.max_items is not None:
            count = min(count, shape.max_items)
        if count == 0:
            return []
        item = self.make(shape.items) if shape.items is not None else "string"
        if item is _CANNOT:
            return [] if shape.min_items == 0 else _CANNOT
        items = [item] * count
        if shape.unique_items and count > 1:
            items = [_variant(item, index) for index in range(count)]
        return items

    def _read_only(self, prop: Ref) -> bool:
        value = self.ctx.resolve(prop).value
        return isinstance(value, dict) and value.get("readOnly") is True

    def _schema_examples(self, ref: Ref) -> list[Any]:
        """The examples written on a schema, or beside the `$ref` that names it, then on its target."""
        out = list(_own_examples(self.ctx, ref, schema=True))
        resolved = self.ctx.resolve(ref)
        if resolved is not ref:
            out += _own_examples(self.ctx, resolved, schema=True)
        return out

    # -- the shape of a schema ---------------------------------------------------------------

    def shape(self, schema: Ref) -> _Shape:
        """The schema at `schema` (resolved) with its `allOf` members merged in."""
        shape = _Shape(types=[])
        self._merge(shape, self.ctx.resolve(schema), set())
        return shape

    def _merge(self, shape: _Shape, ref: Ref, seen: set[tuple[str, str]]) -> None:
        value = ref.value
        key = (str(ref.file), ref.pointer)
        if not isinstance(value, dict) or key in seen:
            return
        seen.add(key)
        for index in range(len(value["allOf"]) if isinstance(value.get("allOf"), list) else 0):
            self._merge(shape, self.ctx.resolve(self.ctx.child(ref, "allOf", index)), seen)
        kinds = value.get("type")
        if isinstance(kinds, str):
            kinds = [kinds]
        if isinstance(kinds, list):
            listed = [str(k) for k in kinds]
            shape.types = [k for k in shape.types if k in listed] if shape.types else listed
        if value.get("nullable") is True:
            shape.nullable = True
        if "const" in value:
            shape.const = value["const"]
        if isinstance(value.get("enum"), list):
            shape.enum = value["enum"]
        for name in ("format", "pattern"):
            if isinstance(value.get(name), str):
                setattr(shape, name, value[name])
        shape.min_length = max(shape.min_length, _int(value.get("minLength"), 0))
        shape.max_length = _lower(shape.max_length, value.get("maxLength"))
        shape.min_items = max(shape.min_items, _int(value.get("minItems"), 0))
        shape.max_items = _lower(shape.max_items, value.get("maxItems"))
        shape.min_properties = max(shape.min_properties, _int(value.get("minProperties"), 0))
        if value.get("uniqueItems") is True:
            shape.unique_items = True
        low, low_exclusive = _bound(value, "minimum", "exclusiveMinimum")
        if low is not None and (shape.low is None or low > shape.low or (low == shape.low and low_exclusive)):
            shape.low, shape.low_exclusive = low, low_exclusive
        high, high_exclusive = _bound(value, "maximum", "exclusiveMaximum")
        if high is not None and (shape.high is None or high < shape.high or (high == shape.high and high_exclusive)):
            shape.high, shape.high_exclusive = high, high_exclusive
        if _number(value.get("multipleOf")) is not None and value["multipleOf"] > 0:
            shape.multiple_of = value["multipleOf"]
        if "items" in value and isinstance(value["items"], dict):
            shape.items = self.ctx.child(ref, "items")
        if isinstance(value.get("properties"), dict):
            for name in value["properties"]:
                shape.properties[str(name)] = self.ctx.child(ref, "properties", name)
        if isinstance(value.get("required"), list):
            shape.required += [str(n) for n in value["required"] if str(n) not in shape.required]
        extra = value.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            shape.additional = self.ctx.child(ref, "additionalProperties")
        for keyword in ("oneOf", "anyOf"):
            if isinstance(value.get(keyword), list) and not shape.choices:
                shape.choices = [self.ctx.child(ref, keyword, i) for i in range(len(value[keyword]))]
        if isinstance(value.get("discriminator"), dict):
            shape.discriminator = self.ctx.child(ref, "discriminator")
        shape.examples += _own_examples(self.ctx, ref, schema=True)

    # -- checking values ---------------------------------------------------------------------

    def problem(self, value: Any, ref: Ref, depth: int = 0) -> Optional[str]:
        """Why `value` is not valid against the schema at `ref` in a request, or None when it is.

        The keywords a request validator checks: type (with `nullable`), const, enum, the
        formats of `FORMAT_EXAMPLES`, pattern, lengths, bounds, multipleOf, items, uniqueness,
        required and declared properties, additionalProperties, allOf, anyOf, oneOf and not.
        A required readOnly property may be left out (a request does not send it).
        """
        schema = self.ctx.resolve(ref)
        spec = schema.value
        if spec is False:
            return "no value is allowed"
        if not isinstance(spec, dict) or depth > 64:
            return None
        for index in range(len(spec["allOf"]) if isinstance(spec.get("allOf"), list) else 0):
            why = self.problem(value, self.ctx.child(schema, "allOf", index), depth + 1)
            if why is not None:
                return why
        kinds = spec.get("type")
        kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else None
        if value is None and (spec.get("nullable") is True or (kinds is not None and "null" in kinds)):
            return None
        if "const" in spec and not _equal(value, _json_value(spec["const"])):
            return f"{_short(value)} is not {_short(spec['const'])}"
        if isinstance(spec.get("enum"), list) and not any(_equal(value, _json_value(v)) for v in spec["enum"]):
            return f"{_short(value)} is not one of the enum's values"
        if kinds is not None and _type_of(value) not in _accepting([str(k) for k in kinds]):
            return f"{_short(value)} is not of type {'/'.join(str(k) for k in kinds)}"
        why = self._keywords(value, schema, spec, depth)
        if why is not None:
            return why
        for keyword in ("anyOf", "oneOf"):
            members = spec.get(keyword)
            if isinstance(members, list) and members:
                passing = [i for i in range(len(members)) if self.problem(value, self.ctx.child(schema, keyword, i), depth + 1) is None]
                if not passing:
                    return f"{_short(value)} matches no {keyword} member"
                if keyword == "oneOf" and len(passing) > 1:
                    return f"{_short(value)} matches {len(passing)} oneOf members"
        if isinstance(spec.get("not"), (dict, bool)) and self.problem(value, self.ctx.child(schema, "not"), depth + 1) is None:
            return f"{_short(value)} matches `not`"
        return None

    def _keywords(self, value: Any, schema: Ref, spec: dict[str, Any], depth: int) -> Optional[str]:
        if isinstance(value, str):
            return _string_problem(value, spec)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _number_problem(value, spec)
        if isinstance(value, list):
            if len(value) < _int(spec.get("minItems"), 0):
                return f"fewer than {spec['minItems']} items"
            if _int(spec.get("maxItems"), -1) >= 0 and len(value) > spec["maxItems"]:
                return f"more than {spec['maxItems']} items"
            if spec.get("uniqueItems") is True and len({spec_json(v) for v in value}) < len(value):
                return "items are not unique"
            if isinstance(spec.get("items"), dict):
                for item in value:
                    why = self.problem(item, self.ctx.child(schema, "items"), depth + 1)
                    if why is not None:
                        return why
            return None
        if isinstance(value, dict):
            properties: dict[str, Any] = spec["properties"] if isinstance(spec.get("properties"), dict) else {}
            required: list[Any] = spec["required"] if isinstance(spec.get("required"), list) else []
            for name in required:
                if name not in value and not (name in properties and self._read_only(self.ctx.child(schema, "properties", name))):
                    return f"required property {name!r} is missing"
            if len(value) < _int(spec.get("minProperties"), 0):
                return f"fewer than {spec['minProperties']} properties"
            if _int(spec.get("maxProperties"), -1) >= 0 and len(value) > spec["maxProperties"]:
                return f"more than {spec['maxProperties']} properties"
            patterns: dict[str, Any] = spec["patternProperties"] if isinstance(spec.get("patternProperties"), dict) else {}
            extra = spec.get("additionalProperties")
            for name, item in value.items():
                if name in properties:
                    why = self.problem(item, self.ctx.child(schema, "properties", name), depth + 1)
                elif any(_search(str(p), name) for p in patterns):
                    why = None
                elif extra is False:
                    why = f"property {name!r} is not allowed"
                elif isinstance(extra, dict):
                    why = self.problem(item, self.ctx.child(schema, "additionalProperties"), depth + 1)
                else:
                    why = None
                if why is not None:
                    return why
        return None


# -- strings and numbers -------------------------------------------------------------------------


def _make_string(shape: _Shape) -> str:
    low, high = shape.min_length, shape.max_length
    formatted = FORMAT_EXAMPLES.get(shape.format)
    if shape.pattern:
        if isinstance(formatted, str) and _search(shape.pattern, formatted) and _fits(formatted, low, high):
            return formatted
        found = sample(shape.pattern, low, high)
        if found is not None:
            return found
        return f"<string matching {shape.pattern}>"  # a placeholder that says what it stands for
    if isinstance(formatted, str):
        return next((text for text in _longer(shape.format, formatted, low) if _fits(text, low, high)), formatted)
    text = "string"
    if len(text) < low:
        text = (text * (low // len(text) + 1))[:low]
    if high is not None and len(text) > high:
        text = text[:high]
    return text


def _longer(form: str, text: str, low: int) -> Iterator[str]:
    """`text` (a value of format `form`), then longer values of that format, the last at least
    `low` characters long where the format allows any length."""
    yield text
    missing = max(0, low - len(text))
    if form in ("uri", "url", "iri", "uri-reference", "iri-reference"):
        yield text + "/" + "a" * max(0, missing - 1)
    elif form in ("email", "idn-email", "hostname", "idn-hostname"):
        yield "a" * min(max(missing, 1), 60) + "." + text  # a longer local part, or a subdomain
    elif form == "byte":
        yield base64.b64encode(b"example" * (low // 4 + 1)).decode()
    elif form == "date-time":
        yield from ("2025-01-01T00:00:00+00:00", "2025-01-01T00:00:00.000000+00:00")
    elif form == "ipv4":
        yield from ("192.0.2.100", "203.0.113.254")
    elif form == "ipv6":
        yield from ("2001:db8::1:1", "2001:db8:0:0:0:0:0:1", "2001:0db8:0000:0000:0000:0000:0000:0001")


def _make_number(shape: _Shape, *, integer: bool) -> Any:
    """1 when the bounds allow it, else the nearest bound (or a value between open ones), moved
    to a multiple of `multipleOf` within the bounds."""
    low, high = shape.low, shape.high
    low_open, high_open = shape.low_exclusive, shape.high_exclusive
    if integer:  # the smallest and largest integers within the bounds, which are closed then
        low = None if low is None else math.floor(low) + 1 if low_open else math.ceil(low)
        high = None if high is None else math.ceil(high) - 1 if high_open else math.floor(high)
        low_open = high_open = False

    def inside(x: float) -> bool:
        above = low is None or x > low or (x == low and not low_open)
        below = high is None or x < high or (x == high and not high_open)
        return above and below

    candidate: float = 1
    if not inside(candidate):
        if low is not None and candidate <= low:
            candidate = low if not low_open else low + 1 if high is None or low + 1 < high else (low + high) / 2
        elif high is not None:
            candidate = high if not high_open else high - 1 if low is None or high - 1 > low else (low + high) / 2
    step = shape.multiple_of
    if step:
        exact = Decimal(str(step))
        starts = [candidate] + [b for b in (low, high) if b is not None]
        multiples = [
            (Decimal(str(start)) / exact).to_integral_value(rounding=rounding) * exact + exact * shift
            for start in starts
            for rounding in ("ROUND_CEILING", "ROUND_FLOOR")
            for shift in (0, 1, -1)
        ]
        found = next((m for m in multiples if inside(float(m))), None)
        if found is not None:
            candidate = int(found) if found == found.to_integral_value() else float(found)
    if integer:
        return int(candidate)
    return candidate if isinstance(candidate, float) else float(candidate)


def _string_problem(value: str, spec: dict[str, Any]) -> Optional[str]:
    if len(value) < _int(spec.get("minLength"), 0):
        return f"{_short(value)} is shorter than {spec['minLength']}"
    if _int(spec.get("maxLength"), -1) >= 0 and len(value) > spec["maxLength"]:
        return f"{_short(value)} is longer than {spec['maxLength']}"
    pattern = spec.get("pattern")
    if isinstance(pattern, str) and _search(pattern, value) is False:
        return f"{_short(value)} does not match {pattern!r}"
    form = spec.get("format")
    if isinstance(form, str) and not _formatted(form, value):
        return f"{_short(value)} is not a valid {form}"
    return None


def _number_problem(value: float, spec: dict[str, Any]) -> Optional[str]:
    low, low_exclusive = _bound(spec, "minimum", "exclusiveMinimum")
    if low is not None and (value < low or (low_exclusive and value == low)):
        return f"{value} is below the minimum {low}"
    high, high_exclusive = _bound(spec, "maximum", "exclusiveMaximum")
    if high is not None and (value > high or (high_exclusive and value == high)):
        return f"{value} is above the maximum {high}"
    step = _number(spec.get("multipleOf"))
    if step and step > 0:
        quotient = Decimal(str(value)) / Decimal(str(step))
        if quotient != quotient.to_integral_value():
            return f"{value} is not a multiple of {step}"
    form = spec.get("format")
    if form == "int32" and not -(2**31) <= value < 2**31 or form == "int64" and not -(2**63) <= value < 2**63:
        return f"{value} is out of the range of {form}"
    return None


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}(\.\d+)?([zZ]|[+-]\d{2}:?\d{2})?$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[tT ]\d{2}:\d{2}:\d{2}(\.\d+)?([zZ]|[+-]\d{2}:\d{2})$")
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")
_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


def _formatted(form: str, value: str) -> bool:
    """Whether `value` is a valid `form` (formats not listed here pass)."""
    if form == "uuid":
        return _UUID.match(value) is not None
    if form == "date":
        return _DATE.match(value) is not None and _parses(lambda: datetime.date.fromisoformat(value))
    if form == "date-time":
        return _DATE_TIME.match(value) is not None and _parses(lambda: datetime.datetime.fromisoformat(value.replace("z", "Z")))
    if form == "time":
        return _TIME.match(value) is not None
    if form in ("email", "idn-email"):
        return _EMAIL.match(value) is not None
    if form in ("hostname", "idn-hostname"):
        return _HOSTNAME.match(value) is not None
    if form == "ipv4":
        return _parses(lambda: ipaddress.IPv4Address(value))
    if form == "ipv6":
        return _parses(lambda: ipaddress.IPv6Address(value))
    if form in ("uri", "url", "iri"):
        parts = _parsed_url(value)
        return parts is not None and bool(parts.scheme) and not any(c in value for c in " <>\"{}|\\^`")
    if form == "byte":
        return _parses(lambda: base64.b64decode(value, validate=True)) and len(value) % 4 == 0
    if form == "duration":
        return _DURATION.match(value) is not None
    return True


def _parsed_url(value: str) -> Any:
    try:
        return urlsplit(value)
    except ValueError:
        return None


def _parses(parse: Any) -> bool:
    try:
        parse()
    except (ValueError, binascii.Error, OverflowError):
        return False
    return True


# -- helpers -------------------------------------------------------------------------------------


def _own_examples(ctx: BuildContext, ref: Ref, *, schema: bool = False) -> Iterator[Any]:
    """The examples written on one object: `example`, then the values of its `examples` (a
    list on a schema, a map of Example Objects on a parameter or media type)."""
    value = ref.value
    if not isinstance(value, dict):
        return
    if "example" in value:
        yield value["example"]
    listed = value.get("examples")
    if schema and isinstance(listed, list):
        yield from listed
    elif isinstance(listed, dict):
        for name in listed:
            example = ctx.resolve(ctx.child(ctx.child(ref, "examples"), name)).value
            if isinstance(example, dict) and "value" in example:
                yield example["value"]


def _json_value(value: Any) -> Any:
    """`value` as plain JSON (YAML's dates as ISO text), or `_CANNOT` when it is not JSON."""
    try:
        return json.loads(spec_json(value))
    except (TypeError, ValueError):
        return _CANNOT


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or isinstance(value, float) and value.is_integer():
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _accepting(types: list[str]) -> set[str]:
    """The JSON types of values these schema types accept (an integer is a number)."""
    if not types:
        return {"null", "boolean", "integer", "number", "string", "array", "object"}
    out = set(types)
    if "number" in out:
        out.add("integer")
    return out


def _kinds(shape: _Shape) -> list[str]:
    """The types to make a value of, in the order to try them: those the schema lists (null
    last), else the one its keywords imply."""
    listed = [t for t in shape.types if t != "null"]
    if listed or shape.types:
        return listed + [t for t in shape.types if t == "null"]
    if shape.properties or shape.additional is not None or shape.required:
        return ["object"]
    if shape.items is not None:
        return ["array"]
    if shape.pattern or shape.format in FORMAT_EXAMPLES or shape.min_length or shape.max_length is not None:
        return ["string"]
    if shape.low is not None or shape.high is not None or shape.multiple_of:
        return ["number"]
    return [""]


def _is_null(ctx: BuildContext, ref: Ref) -> bool:
    value = ctx.resolve(ref).value
    return isinstance(value, dict) and (value.get("type") == "null" or value.get("type") == ["null"])


def _variant(value: Any, index: int) -> Any:
    """The `index`-th of distinct values like `value` (the items of a uniqueItems array)."""
    if index == 0:
        return value
    if isinstance(value, str):
        return f"{value}{index}"
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value + index
    return value


def _bound(spec: dict[str, Any], inclusive: str, exclusive: str) -> tuple[Optional[float], bool]:
    """A lower or upper bound and whether it is exclusive (OpenAPI 3.0's flag or 3.1's number)."""
    flag = spec.get(exclusive)
    bound = _number(spec.get(inclusive))
    if _number(flag) is not None:
        return flag, True
    return bound, flag is True and bound is not None


def _number(value: Any) -> Optional[float]:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) else None


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _lower(current: Optional[int], value: Any) -> Optional[int]:
    if not isinstance(value, int) or isinstance(value, bool):
        return current
    return value if current is None else min(current, value)


def _fits(text: str, low: int, high: Optional[int]) -> bool:
    return len(text) >= low and (high is None or len(text) <= high)


_PATTERNS: dict[str, Optional["re.Pattern[str]"]] = {}


def _search(pattern: str, text: str) -> Optional[bool]:
    """Whether `pattern` (ECMA-262) matches somewhere in `text`; None when Python cannot read it."""
    if pattern not in _PATTERNS:
        try:
            _PATTERNS[pattern] = re.compile(re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", pattern))
        except (re.error, OverflowError, RecursionError):
            _PATTERNS[pattern] = None
    compiled = _PATTERNS[pattern]
    return None if compiled is None else compiled.search(text) is not None


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: 1 equals 1.0, but True is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return bool(a == b)


def _short(value: Any) -> str:
    text = spec_json(value) if _json_value(value) is not _CANNOT else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
