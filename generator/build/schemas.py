"""JSON Schema → TypeRef and Model.

Component schemas that are objects with properties become shared models in `types/<name>.py`;
inline objects become models named after where they appear. Everything else maps to a typing
construct. What cannot be typed degrades to `object` with a warning, never to an abort.
"""

from __future__ import annotations

from typing import Any, Literal

from .. import ir, naming
from ..load import Ref
from .context import BuildContext, text

Direction = Literal["response", "request"]

_FORMATS = {"date-time": "datetime", "date": "date"}
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


class Schemas:
    """Builds types from schemas and remembers every model it defines, in definition order."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self._models: dict[tuple[str, str], ir.Model] = {}
        self._names: dict[tuple[str, str], ir.TypeRef] = {}
        self._warned: set[tuple[str, str]] = set()

    @property
    def models(self) -> tuple[ir.Model, ...]:
        """Every model defined so far, sorted by module then class name."""
        return tuple(sorted(self._models.values(), key=lambda m: (m.module, m.name)))

    # -- public entry points ---------------------------------------------------------------

    def component_name(self, ref: Ref) -> tuple[Ref, str] | None:
        """When `ref` is a `$ref` to a named schema: the resolved target and its name."""
        target = self.ctx.doc.target_of(ref)
        if target is None:
            return None
        name = target.pointer.rsplit("/", 1)[-1] or target.file.stem
        resolved = self.ctx.resolve(target)
        return resolved, name

    def is_object(self, ref: Ref) -> bool:
        """Whether the (resolved) schema is an object with declared properties."""
        value = self.ctx.resolve(ref).value
        return isinstance(value, dict) and (isinstance(value.get("properties"), dict) or "allOf" in value) and _is_object_type(value)

    def model_from(self, ref: Ref, name: str, module: str, description: str = "") -> ir.TypeRef:
        """Define a model named `name` in `module` from the object schema at `ref`.

        A `$ref` to a named object schema gives a class that extends the shared model, so users can
        type against the shared one.
        """
        named = self.component_name(ref) if isinstance(ref.value, dict) and "$ref" in ref.value else None
        if named is not None and self.is_object(named[0]):
            base = self.type_of(ref, name, module, "response")
            class_name = self.ctx.class_names.claim(name)
            desc = description or text(named[0].value.get("description"))
            model = ir.Model(class_name, module, (), desc, base=base)
            self._models[(module, class_name)] = model
            return ir.TypeRef("model", class_name, module)
        resolved = self.ctx.resolve(ref)
        return self._inline_model(resolved, name, module, "response", description)

    def type_of(self, ref: Ref, hint: str, module: str, direction: Direction) -> ir.TypeRef:
        """The type of the schema at `ref`; inline models get `hint` as their class name."""
        value = ref.value
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            named = self.component_name(ref)
            assert named is not None  # load() checked every reference
            target, name = named
            if self.is_object(target):
                if direction == "request":
                    return self._loose_request_object(target)
                return self._shared_model(target, name)
            return self.type_of(target, name, module, direction)
        if value is True or value == {}:
            return ir.ANY
        if not isinstance(value, dict):
            self.ctx.report("warning", "a schema must be an object; typed as `object`", ref)
            return ir.ANY
        result = self._type_of_schema(ref, hint, module, direction)
        if value.get("nullable") is True:
            result = ir.optional(result)
        return result

    # -- schema kinds ----------------------------------------------------------------------

    def _type_of_schema(self, ref: Ref, hint: str, module: str, direction: Direction) -> ir.TypeRef:
        value: dict[str, Any] = ref.value
        if "const" in value:
            return self._literal(ref, [value["const"]])
        if isinstance(value.get("enum"), list):
            return self._literal(ref, value["enum"])
        for keyword in ("oneOf", "anyOf"):
            if isinstance(value.get(keyword), list):
                members = [
                    self.type_of(self.ctx.child(ref, keyword, i), f"{hint}{keyword[:-2].title()}Member{i}", module, direction)
                    for i in range(len(value[keyword]))
                ]
                return _union(members)
        if isinstance(value.get("allOf"), list):
            members = value["allOf"]
            if len(members) == 1 and not value.get("properties"):
                return self.type_of(self.ctx.child(ref, "allOf", 0), hint, module, direction)
            if direction == "request":
                return self._loose_request_object(ref)
            return self._inline_model(ref, hint, module, direction)
        kinds = value.get("type")
        if isinstance(kinds, list):
            members = [self._single_type(ref, str(k), hint, module, direction) for k in kinds]
            return _union(members)
        if kinds is None and ("properties" in value or "additionalProperties" in value):
            kinds = "object"
        if kinds is None:
            return ir.ANY
        return self._single_type(ref, str(kinds), hint, module, direction)

    def _single_type(self, ref: Ref, kind: str, hint: str, module: str, direction: Direction) -> ir.TypeRef:
        value: dict[str, Any] = ref.value
        if kind == "null":
            return ir.NONE
        if kind == "string":
            return ir.primitive(_FORMATS.get(str(value.get("format")), "str"))
        if kind in _PRIMITIVES:
            return ir.primitive(_PRIMITIVES[kind])
        if kind == "array":
            items = self.ctx.child(ref, "items")
            if items.value is None:
                return ir.TypeRef("list", args=(ir.ANY,))
            return ir.TypeRef("list", args=(self.type_of(items, f"{hint}Item", module, direction),))
        if kind == "object":
            if isinstance(value.get("properties"), dict) and value["properties"]:
                if direction == "request":
                    return self._loose_request_object(ref)
                return self._inline_model(ref, hint, module, direction)
            extra = self.ctx.child(ref, "additionalProperties")
            if isinstance(extra.value, dict) and extra.value:
                return ir.TypeRef("dict", args=(self.type_of(extra, f"{hint}Value", module, direction),))
            return ir.TypeRef("dict", args=(ir.ANY,))
        self.ctx.report("warning", f"unknown schema type {kind!r}; typed as `object`", self.ctx.child(ref, "type"))
        return ir.ANY

    def _literal(self, ref: Ref, values: list[Any]) -> ir.TypeRef:
        kept: list[ir.LiteralValue] = []
        for item in values:
            if isinstance(item, (str, int, float, bool)) or item is None:
                if item not in kept or type(item) is not type(kept[kept.index(item)]):
                    kept.append(item)
            else:
                self.ctx.report("warning", f"enum value {item!r} is not a scalar; the enum is typed loosely", ref)
                return ir.ANY
        if not kept:
            self.ctx.report("warning", "empty enum; typed as `object`", ref)
            return ir.ANY
        if None in kept:
            rest = tuple(v for v in kept if v is not None)
            return ir.optional(ir.TypeRef("literal", values=rest)) if rest else ir.NONE
        return ir.TypeRef("literal", values=tuple(kept))

    def _loose_request_object(self, ref: Ref) -> ir.TypeRef:
        key = (str(ref.file), ref.pointer)
        if key not in self._warned:
            self._warned.add(key)
            self.ctx.report("warning", "nested objects in requests are typed as `Dict[str, object]` for now; pass wire (spec) key names", ref)
        return ir.TypeRef("dict", args=(ir.ANY,))

    # -- models ----------------------------------------------------------------------------

    def _shared_model(self, target: Ref, name: str) -> ir.TypeRef:
        key = (str(target.file), target.pointer)
        if key in self._names:
            return self._names[key]
        class_name = self.ctx.class_names.claim(naming.pascal(name))
        module = "types." + self.ctx.module_names.claim(naming.snake(class_name))
        return self._define(target, class_name, module, "")

    def _inline_model(self, ref: Ref, hint: str, module: str, direction: Direction, description: str = "") -> ir.TypeRef:
        key = (str(ref.file), ref.pointer)
        if key in self._names:
            return self._names[key]
        class_name = self.ctx.class_names.claim(naming.pascal(hint))
        return self._define(ref, class_name, module, description)

    def _define(self, ref: Ref, class_name: str, module: str, description: str) -> ir.TypeRef:
        typeref = ir.TypeRef("model", class_name, module)
        # Registered before the fields are built, so recursive schemas refer to the class by name.
        self._names[(str(ref.file), ref.pointer)] = typeref
        properties, required = self._collect_properties(ref)
        allocator = naming.Allocator()
        fields = []
        # Fields keep the spec's property order: it is the order the API documents them in.
        for wire_name, prop_ref in properties:
            prop = self.ctx.resolve(prop_ref).value if isinstance(prop_ref.value, dict) else {}
            if isinstance(prop, dict) and prop.get("writeOnly") is True:
                continue  # sent in requests only; a response never carries it
            field_type = self.type_of(prop_ref, class_name + naming.pascal(wire_name), module, "response")
            fields.append(
                ir.Field(
                    name=allocator.claim(naming.field_name(wire_name)),
                    wire_name=wire_name,
                    type=field_type,
                    required=wire_name in required,
                    description=text(prop_ref.value.get("description") if isinstance(prop_ref.value, dict) else None)
                    or text(prop.get("description") if isinstance(prop, dict) else None),
                    deprecated=bool(isinstance(prop, dict) and prop.get("deprecated")),
                )
            )
        desc = description or text(ref.value.get("description") if isinstance(ref.value, dict) else None)
        self._models[(module, class_name)] = ir.Model(class_name, module, tuple(fields), desc)
        return typeref

    def _collect_properties(self, ref: Ref) -> tuple[list[tuple[str, Ref]], set[str]]:
        """Properties and required names of an object schema, with `allOf` members merged in order."""
        value = ref.value if isinstance(ref.value, dict) else {}
        properties: dict[str, Ref] = {}
        required: set[str] = set()
        for index in range(len(value.get("allOf") or [])):
            member = self.ctx.resolve(self.ctx.child(ref, "allOf", index))
            member_props, member_required = self._collect_properties(member)
            properties.update(member_props)  # later members refine earlier ones
            required |= member_required
        props = value.get("properties")
        if isinstance(props, dict):
            for wire_name in props:
                properties[str(wire_name)] = self.ctx.child(ref, "properties", wire_name)
        if isinstance(value.get("required"), list):
            required |= {str(r) for r in value["required"]}
        return list(properties.items()), required


def _is_object_type(value: dict[str, Any]) -> bool:
    kind = value.get("type")
    return kind in (None, "object") or (isinstance(kind, list) and "object" in kind)


def _union(members: list[ir.TypeRef]) -> ir.TypeRef:
    flat: list[ir.TypeRef] = []
    for member in members:
        for item in member.args if member.kind == "union" else (member,):
            if item not in flat:
                flat.append(item)
    if ir.ANY in flat:
        return ir.ANY
    if len(flat) == 1:
        return flat[0]
    # None goes last so that the union reads as Optional[...].
    flat.sort(key=lambda t: t.kind == "none")
    return ir.TypeRef("union", args=tuple(flat))
