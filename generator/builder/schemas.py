"""JSON Schema → TypeRef and Model.

Component schemas that are objects with properties become shared models in `types/<name>.py`;
inline objects become models named after where they appear. Everything else maps to a typing
construct. What cannot be typed degrades to `object` with a warning, never to an abort.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Literal

from .. import ir, naming
from ..load import Ref
from ..problems import GenerationError, pointer_join
from .context import BuildContext, spec_json, text

Direction = Literal["response", "request"]

_FORMATS = {"date-time": "datetime", "date": "date"}
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


class Schemas:
    """Builds types from schemas and remembers every model it defines, in definition order."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self._models: dict[tuple[str, str], ir.Model] = {}
        self._names: dict[tuple[str, str], ir.TypeRef] = {}
        self._warned: dict[tuple[str, str], None] = {}
        # Nested request objects: TypedDicts keyed by wire names, one module each.
        self._params: dict[tuple[str, str], ir.ParamsType] = {}
        self._request_names: dict[tuple[str, str], ir.TypeRef] = {}
        # Members of discriminated unions: (module, class) → {tag property wire name: tags}.
        self._tags: dict[tuple[str, str], dict[str, list[ir.LiteralValue]]] = {}
        self._subtype_unions: dict[tuple[str, str], ir.TypeRef | None] = {}
        # The discriminated unions made so far: the tag property and the members, by (module, class).
        self._unions: list[tuple[str, frozenset[tuple[str, str]]]] = []
        self._expanding: set[tuple[str, str]] = set()  # named non-object schemas being typed

    @property
    def models(self) -> tuple[ir.Model, ...]:
        """Every model defined so far, sorted by module then class name."""
        return tuple(sorted((self._tagged(m) for m in self._models.values()), key=lambda m: (m.module, m.name)))

    def model(self, module: str, name: str) -> ir.Model | None:
        """The model defined so far as class `name` of `module`, if any."""
        found = self._models.get((module, name))
        return self._tagged(found) if found is not None else None

    def models_of(self, module: str) -> list[ir.Model]:
        """The models defined so far in `module`."""
        return [m for (where, _), m in self._models.items() if where == module]

    def drop_modules(self, modules: set[str]) -> None:
        """Forget the models of `modules`, which nothing uses."""
        for key in [key for key in self._models if key[0] in modules]:
            del self._models[key]

    @property
    def params_types(self) -> tuple[ir.ParamsType, ...]:
        """The TypedDicts of nested request objects, sorted by module then name."""
        return tuple(sorted(self._params.values(), key=lambda p: (p.module, p.name)))

    def describe(self, description: str, ref: Ref) -> str:
        """`description` followed by the default and constraints the schema at `ref` states."""
        value = self.ctx.resolve(ref).value if isinstance(ref.value, dict) else None
        notes = _constraints(value) if isinstance(value, dict) else ""
        return "\n\n".join(part for part in (description, notes) if part)

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
        resolved = self.ctx.resolve(ref)
        value = resolved.value
        shaped = self._shaped_member(resolved)
        if shaped is not None:
            return self.is_object(self.ctx.child(resolved, "allOf", shaped))
        return isinstance(value, dict) and (isinstance(value.get("properties"), dict) or "allOf" in value) and _is_object_type(value)

    def _shaped_member(self, ref: Ref) -> int | None:
        """The index of the one member of the schema's `allOf` that says what a value is, when the
        others only annotate it (`allOf: [{type: string}, {description: ..., nullable: false}]`,
        `allOf: [{$ref: Thing}, {description: ...}]`) and the schema adds no properties; else None."""
        value = ref.value
        members = value.get("allOf") if isinstance(value, dict) else None
        if not isinstance(members, list) or value.get("properties") or value.get("type") not in (None, "object"):
            return None
        shaped = [i for i in range(len(members)) if not _annotates(self.ctx.resolve(self.ctx.child(ref, "allOf", i)).value)]
        return shaped[0] if len(shaped) == 1 else None

    def response_type(self, ref: Ref, name: str, module: str, *, own_class: bool = False) -> ir.TypeRef:
        """The type of what an operation answers (its response, each item of its pages, each event).

        A `$ref` to a named schema is that schema's one model, shared by every operation; an
        inline object is a model named `name` in `module`. With `own_class`, the answer is a class
        named `name` even where the spec names a model: one that extends it, adding nothing.
        """
        named = self.component_name(ref) if isinstance(ref.value, dict) and "$ref" in ref.value else None
        if named is not None:
            base = self.type_of(ref, name, module, "response")
            if not own_class or base.kind != "model":
                return base  # a base schema may stand for the union of its subtypes
            class_name = self.ctx.class_names.claim(name)
            description = text(named[0].value.get("description")) if isinstance(named[0].value, dict) else ""
            self._models[(module, class_name)] = ir.Model(class_name, module, (), description, base=base, origin=self._origin(ref))
            return ir.TypeRef("model", class_name, module)
        if self.is_object(ref):
            return self._inline_model(self.ctx.resolve(ref), name, module, "response")
        return self.type_of(ref, name, module, "response")

    def _origin(self, ref: Ref) -> str:
        """Where the schema at `ref` is: its JSON pointer, after `file#` outside the root file."""
        return ref.pointer if ref.file == self.ctx.doc.root_path else f"{ref.file.name}#{ref.pointer}"

    def type_of(self, ref: Ref, hint: str, module: str, direction: Direction) -> ir.TypeRef:
        """The type of the schema at `ref`; inline models get `hint` as their class name."""
        value = ref.value
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            named = self.component_name(ref)
            assert named is not None  # load() checked every reference
            target, name = named
            if self.is_object(target):
                if direction == "request":
                    return self._request_object(target, name)
                if isinstance(target.value.get("discriminator"), dict) and not ("oneOf" in target.value or "anyOf" in target.value):
                    subtypes = self._subtypes(target)
                    if subtypes is not None:
                        return subtypes
                return self._shared_model(target, name)
            return self._named_non_object(target, name, module, direction)
        if value is True or value == {}:
            return ir.ANY
        if not isinstance(value, dict):
            self.ctx.report("warning", "a schema must be an object; typed as `object`", ref)
            return ir.ANY
        result = self._type_of_schema(ref, hint, module, direction)
        if value.get("nullable") is True:
            result = ir.optional(result)
        return result

    def _named_non_object(self, target: Ref, name: str, module: str, direction: Direction) -> ir.TypeRef:
        """The type of a named schema that is no object model (a union, an array, a map...).

        Such a type is spelled inline wherever it is used, so one that contains itself (a JSON
        value: a string, or a list of JSON values, or...) would never end: where it refers to
        itself it is typed as `object`, with a warning.
        """
        key = (str(target.file), target.pointer)
        if key in self._expanding:
            if key not in self._warned:
                self._warned[key] = None
                self.ctx.report("warning", "a recursive schema that is not an object; typed as `object` where it contains itself", target)
            return ir.ANY
        self._expanding.add(key)
        try:
            return self.type_of(target, name, module, direction)
        finally:
            self._expanding.discard(key)

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
                    self.type_of(self.ctx.child(ref, keyword, i), self._member_hint(ref, keyword, i, hint), module, direction)
                    for i in range(len(value[keyword]))
                ]
                if direction == "response" and "discriminator" in value:
                    return self._discriminated(ref, keyword, members)
                return _union(members)
        if isinstance(value.get("allOf"), list):
            members = value["allOf"]
            if len(members) == 1 and not value.get("properties"):
                return self.type_of(self.ctx.child(ref, "allOf", 0), hint, module, direction)
            shaped = self._shaped_member(ref)
            if shaped is not None:
                found = self.type_of(self.ctx.child(ref, "allOf", shaped), hint, module, direction)
                # An annotation may make it nullable (`allOf: [{$ref: Thing}, {nullable: true}]`).
                nullable = any(isinstance(m, dict) and m.get("nullable") is True for m in members)
                return _union([found, ir.NONE]) if nullable else found
            if direction == "request":
                return self._request_object(ref, hint)
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
                    return self._request_object(ref, hint)
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
            self.ctx.report("warning", "empty enum (`enum: []`): no value is valid; typed as `object`", ref)
            return ir.ANY
        rest = tuple(v for v in kept if v is not None)
        # `Literal` takes strings, ints, booleans and None, and mypy only ints of 64 bits: an enum
        # with another number is typed as the numbers' type.
        unfit = [v for v in rest if type(v) is float or (type(v) is int and not -(2**63) <= v < 2**63)]
        if unfit:
            numbers = {type(v) for v in rest} <= {int, float}
            loose = ir.primitive("float" if float in {type(v) for v in rest} else "int") if numbers else ir.ANY
            self.ctx.report("warning", f"enum value {unfit[0]!r} cannot be a Literal type; the enum is typed as `{loose.name}`", ref)
            return ir.optional(loose) if None in kept and loose != ir.ANY else loose
        if None in kept:
            return ir.optional(ir.TypeRef("literal", values=rest)) if rest else ir.NONE
        return ir.TypeRef("literal", values=tuple(kept))

    def _loose_request_object(self, ref: Ref, why: str) -> ir.TypeRef:
        key = (str(ref.file), ref.pointer)
        if key not in self._warned:
            self._warned[key] = None
            self.ctx.report("warning", f"{why}; typed as `Dict[str, object]` in requests", ref)
        return ir.TypeRef("dict", args=(ir.ANY,))

    def _request_object(self, ref: Ref, hint: str) -> ir.TypeRef:
        """A TypedDict for a nested request object, keyed by wire names; readOnly properties left out."""
        ref = self.ctx.resolve(ref)
        key = (str(ref.file), ref.pointer)
        if key in self._request_names:
            return self._request_names[key]
        extra = ref.value.get("additionalProperties") if isinstance(ref.value, dict) else None
        if extra not in (None, False):
            # A TypedDict cannot take keys beyond the declared ones.
            return self._loose_request_object(ref, "an object with both properties and additionalProperties")
        stem = naming.pascal(hint)
        class_name = self.ctx.class_names.claim(stem + "Param")
        module = "types." + self.ctx.module_names.claim(naming.module(class_name))
        typeref = ir.TypeRef("model", class_name, module)
        self._request_names[key] = typeref  # before the fields: recursive objects refer to it
        properties, required = self._collect_properties(ref)
        fields = []
        for wire_name, prop_ref in properties:
            prop = self.ctx.resolve(prop_ref).value if isinstance(prop_ref.value, dict) else {}
            if isinstance(prop, dict) and prop.get("readOnly") is True:
                continue  # set by the server; a request never sends it
            fields.append(
                ir.Field(
                    name=naming.field_name(wire_name),
                    wire_name=wire_name,
                    type=self.type_of(prop_ref, stem + naming.pascal(wire_name), module, "request"),
                    required=wire_name in required,
                    description=self.describe(_description(prop_ref, prop), prop_ref),
                    deprecated=bool(isinstance(prop, dict) and prop.get("deprecated")),
                )
            )
        desc = text(ref.value.get("description") if isinstance(ref.value, dict) else None)
        self._params[(module, class_name)] = ir.ParamsType(class_name, module, tuple(fields), by_wire_name=True, description=desc)
        return typeref

    # -- discriminated unions --------------------------------------------------------------

    def _discriminated(self, ref: Ref, keyword: str, members: list[ir.TypeRef]) -> ir.TypeRef:
        """A union pydantic narrows by the tag property; a plain union (with a warning) when it cannot."""
        plain = _union(members)
        where = self.ctx.child(ref, "discriminator")
        spec = where.value if isinstance(where.value, dict) else {}
        prop = spec.get("propertyName")
        if not isinstance(prop, str) or not prop:
            self.ctx.report("warning", "`discriminator` is ignored: it needs a `propertyName`", where)
            return plain
        by_target = self._mapping(where)
        tags_of: dict[ir.TypeRef, list[ir.LiteralValue]] = {}
        for index, member in enumerate(members):
            member_ref = self.ctx.child(ref, keyword, index)
            if member.kind == "none":
                continue  # `null` is allowed beside the tagged members
            if member.kind != "model":
                self.ctx.report("warning", f"`discriminator` is ignored: member {index} of the union is not an object", where)
                return plain
            target = self.ctx.doc.target_of(member_ref)
            declared = self._declared_tags(self.ctx.resolve(member_ref), prop)
            if target is not None and (str(target.file), target.pointer) in by_target:
                tags = by_target[(str(target.file), target.pointer)]
            elif declared:
                tags = declared
            elif target is not None:
                tags = [target.pointer.rsplit("/", 1)[-1]]  # OpenAPI's implicit tag: the schema's name
            else:
                self.ctx.report("warning", f"`discriminator` is ignored: member {index} has no known tag (no mapping, no enum for {prop!r})", where)
                return plain
            tags_of.setdefault(member, []).extend(t for t in tags if t not in tags_of.get(member, []))
        if len(tags_of) < 2:
            return plain
        union = self._tag_union(tags_of, prop, where)
        if union is None:
            return plain
        return ir.optional(union) if ir.NONE in members else union

    def _member_hint(self, ref: Ref, keyword: str, index: int, hint: str) -> str:
        """The class name of an inline union member: after its tag when the union is discriminated
        and the member declares one tag (`EventClick`), else after its place (`EventOneMember0`)."""
        member = self.ctx.child(ref, keyword, index)
        spec = ref.value.get("discriminator")
        prop = spec.get("propertyName") if isinstance(spec, dict) else None
        if isinstance(prop, str) and isinstance(member.value, dict) and "$ref" not in member.value:
            tags = self._declared_tags(member, prop)
            if len(tags) == 1:
                return hint + naming.pascal(str(tags[0]))
        return f"{hint}{keyword[:-2].title()}Member{index}"

    def _subtypes(self, base: Ref) -> ir.TypeRef | None:
        """For a base schema whose `discriminator` has no oneOf/anyOf: the discriminated union of
        its subtypes, named by its `mapping` or else found as the component schemas that extend
        it with `allOf` (tagged by name). None when it names fewer than two: the base model then."""
        key = (str(base.file), base.pointer)
        if key in self._subtype_unions:
            return self._subtype_unions[key]
        self._subtype_unions[key] = None  # while building: a subtype that refers back gets the base model
        where = self.ctx.child(base, "discriminator")
        prop = where.value.get("propertyName")
        if not isinstance(prop, str) or not prop:
            self.ctx.report("warning", "`discriminator` is ignored: it needs a `propertyName`", where)
            return None
        subtypes = self._mapping(where)
        if not isinstance(where.value.get("mapping"), dict):
            for pointer in self._extending(base):
                subtypes[(str(self.ctx.doc.root_path), pointer)] = [pointer.rsplit("/", 1)[-1]]
        members: dict[ir.TypeRef, list[ir.LiteralValue]] = {}
        for (file, pointer), tags in subtypes.items():
            reference = Ref(Path(file), "", {"$ref": "#" + pointer})
            member = self.type_of(reference, pointer.rsplit("/", 1)[-1], "types", "response")
            if member.kind != "model":
                self.ctx.report("warning", f"`discriminator` is ignored: {pointer} is not an object schema", where)
                return None
            members.setdefault(member, []).extend(tags)
        if len(members) < 2:
            return None
        union = self._tag_union(members, prop, where)
        self._subtype_unions[key] = union
        return union

    def _tag_union(self, tags_of: dict[ir.TypeRef, list[ir.LiteralValue]], prop: str, where: Ref) -> ir.TypeRef | None:
        """The union of these member models, discriminated by `prop`; each member is to declare
        `prop` as the Literal of its tags (see `_tagged`).

        None, with a warning at `where`, when pydantic could not build it: when two members
        would have a tag in common, in this union or, once these tags are added to the members,
        in an earlier one that has one of them (a model is a member of every union that names it,
        with the tags of them all). The caller then makes a plain union, whose member pydantic
        chooses by the fields (the members' own Literal tags among them).
        """
        clash = self._tag_clash(tags_of, prop)
        if clash:
            self.ctx.report("warning", f"`discriminator` is not used: {clash}; typed as a plain union, whose member is chosen by its fields", where)
            return None
        for member, tags in tags_of.items():
            self.add_tags(member.module, member.name, prop, tuple(tags))
        self._unions.append((prop, frozenset((m.module, m.name) for m in tags_of)))
        return dataclasses.replace(_union(list(tags_of)), discriminator=naming.field_name(prop))

    def _tag_clash(self, tags_of: dict[ir.TypeRef, list[ir.LiteralValue]], prop: str) -> str:
        """Why a union of these members, tagged so in `prop`, would give pydantic a tag that names
        two members (here or in an earlier discriminated union); "" when none would."""
        tags: dict[tuple[str, str], list[ir.LiteralValue]] = {}
        for member, added in tags_of.items():
            key = (member.module, member.name)
            known = list(self._tags.get(key, {}).get(prop, []))
            tags[key] = known + [t for t in added if t not in known]
        unions = [(frozenset(tags), "")] + [
            (members, " in another union of theirs") for name, members in self._unions if name == prop and members & tags.keys()
        ]
        for members, elsewhere in unions:
            seen: list[tuple[ir.LiteralValue, tuple[str, str]]] = []
            for key in sorted(members):
                for tag in tags.get(key) or self._tags.get(key, {}).get(prop, []):
                    # Equal values are one tag to pydantic, whatever their types (1 and True).
                    other = next((owner for value, owner in seen if value == tag and owner != key), None)
                    if other is not None:
                        return f"{other[1]} and {key[1]} would share the tag {tag!r}{elsewhere}"
                    seen.append((tag, key))
        return ""

    def add_tags(self, module: str, name: str, prop: str, tags: tuple[ir.LiteralValue, ...]) -> None:
        """Record that model `name` of `module` is tagged with `tags` in property `prop`."""
        known = self._tags.setdefault((module, name), {}).setdefault(prop, [])
        known.extend(t for t in tags if t not in known)

    def _mapping(self, where: Ref) -> dict[tuple[str, str], list[ir.LiteralValue]]:
        """A discriminator's `mapping` by target schema (file, pointer): the tags naming each."""
        mapping = self.ctx.child(where, "mapping")
        by_target: dict[tuple[str, str], list[ir.LiteralValue]] = {}
        for tag, target in (mapping.value.items() if isinstance(mapping.value, dict) else ()):
            found = self._mapping_target(self.ctx.child(mapping, tag), target)
            if found is None:
                self.ctx.report("warning", f"discriminator mapping {str(tag)!r} names no schema; that tag is left out", self.ctx.child(mapping, tag))
                continue
            by_target.setdefault(found, []).append(str(tag))
        return by_target

    def _component_schemas(self) -> dict[Any, Any]:
        """`components.schemas` of the root file ({} when it has none)."""
        root = self.ctx.doc.root
        components = root.get("components") if isinstance(root, dict) else None
        schemas = components.get("schemas") if isinstance(components, dict) else None
        return schemas if isinstance(schemas, dict) else {}

    def _extending(self, base: Ref) -> list[str]:
        """Pointers of the component schemas (of the root file) whose `allOf` refers to `base`."""
        schemas = self._component_schemas()
        found = []
        for name, schema in schemas.items():
            pointer = pointer_join("/components/schemas", name)
            parts = schema.get("allOf") if isinstance(schema, dict) else None
            for index, part in enumerate(parts if isinstance(parts, list) else ()):
                target = self.ctx.doc.target_of(Ref(self.ctx.doc.root_path, f"{pointer}/allOf/{index}", part))
                if target is not None and (target.file, target.pointer) == (base.file, base.pointer):
                    found.append(pointer)
                    break
        return found

    def _mapping_target(self, where: Ref, target: Any) -> tuple[str, str] | None:
        """The (file, pointer) a mapping value names: a `$ref`-like string or a bare schema name."""
        if not isinstance(target, str):
            return None
        if "#" not in target and "/" not in target and "." not in target:
            if target not in self._component_schemas():
                return None
            return str(self.ctx.doc.root_path), pointer_join("/components/schemas", target)
        problems = len(self.ctx.doc.problems)
        try:
            found = self.ctx.doc.target_of(Ref(where.file, where.pointer, {"$ref": target}))
        except GenerationError:  # a file that does not parse
            found = None
        del self.ctx.doc.problems[problems:]  # reported here, as a warning, by the caller
        return (str(found.file), found.pointer) if found is not None else None

    def _declared_tags(self, member: Ref, prop: str) -> list[ir.LiteralValue]:
        """The values the member itself allows for the tag property (its `const` or `enum`):
        strings, as OpenAPI has discriminator values."""
        properties, _ = self._collect_properties(member)
        for wire_name, prop_ref in properties:
            if wire_name == prop:
                value = self.ctx.resolve(prop_ref).value
                if isinstance(value, dict) and "const" in value:
                    return [value["const"]] if isinstance(value["const"], str) else []
                if isinstance(value, dict) and isinstance(value.get("enum"), list):
                    return [v for v in value["enum"] if isinstance(v, str)]
        return []

    def _tagged(self, model: ir.Model) -> ir.Model:
        """`model` with its tag properties typed as the Literal of its tags (added when missing)."""
        tags = self._tags.get((model.module, model.name))
        if not tags:
            return model
        fields = list(model.fields)
        for prop, values in tags.items():
            tag_type = ir.TypeRef("literal", values=tuple(values))
            name = naming.field_name(prop)  # the attribute the union's discriminator names
            for index, field in enumerate(fields):
                if field.name == name and field.wire_name != prop:
                    # Another property took the name (`Type` beside the tag `type`): it moves aside.
                    fields[index] = dataclasses.replace(field, name=naming.Allocator({f.name for f in fields}).claim(name))
            for index, field in enumerate(fields):
                if field.wire_name == prop:
                    fields[index] = dataclasses.replace(field, name=name, type=tag_type, required=True)
                    break
            else:
                fields.insert(0, ir.Field(name, prop, tag_type, True))
        return dataclasses.replace(model, fields=tuple(fields))

    # -- models ----------------------------------------------------------------------------

    def _shared_model(self, target: Ref, name: str) -> ir.TypeRef:
        key = (str(target.file), target.pointer)
        if key in self._names:
            return self._names[key]
        class_name = self.ctx.class_names.claim(naming.pascal(name))
        module = "types." + self.ctx.module_names.claim(naming.module(class_name))
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
                    description=self.describe(_description(prop_ref, prop), prop_ref),
                    deprecated=bool(isinstance(prop, dict) and prop.get("deprecated")),
                )
            )
        desc = description or text(ref.value.get("description") if isinstance(ref.value, dict) else None)
        extra = ref.value.get("additionalProperties") if isinstance(ref.value, dict) else None
        if fields and (extra is True or isinstance(extra, dict) and extra):
            # Every model keeps unknown keys; this one is documented to have them.
            desc = "\n\n".join(p for p in (desc, "Keys beyond these fields are kept as extra attributes (`model_extra`).") if p)
        self._models[(module, class_name)] = ir.Model(class_name, module, tuple(fields), desc, origin=self._origin(ref))
        return typeref

    def _collect_properties(self, ref: Ref, _outer: frozenset[tuple[str, str]] = frozenset()) -> tuple[list[tuple[str, Ref]], set[str]]:
        """Properties and required names of an object schema, with `allOf` members merged in order:
        a later member redefines a property of an earlier one and adds to what is required."""
        value = ref.value if isinstance(ref.value, dict) else {}
        properties: dict[str, Ref] = {}
        required: set[str] = set()
        here = _outer | {(str(ref.file), ref.pointer)}
        for index in range(len(value.get("allOf") or [])):
            member = self.ctx.resolve(self.ctx.child(ref, "allOf", index))
            if (str(member.file), member.pointer) in here:
                self.ctx.report("warning", "an allOf member that includes this schema itself is left out", self.ctx.child(ref, "allOf", index))
                continue
            member_props, member_required = self._collect_properties(member, here)
            properties.update(member_props)  # later members refine earlier ones
            required |= member_required
        props = value.get("properties")
        if isinstance(props, dict):
            for wire_name in props:
                properties[str(wire_name)] = self.ctx.child(ref, "properties", wire_name)
        listed = value.get("required")
        if isinstance(listed, list):
            names = [str(r) for r in listed]
            key = (str(ref.file), ref.pointer + "/required")
            if len(set(names)) < len(names) and key not in self._warned:
                self._warned[key] = None
                twice = sorted({n for n in names if names.count(n) > 1})
                self.ctx.report("warning", f"`required` lists {', '.join(twice)} more than once; each counts once", self.ctx.child(ref, "required"))
            required |= set(names)
        return list(properties.items()), required


def _description(ref: Ref, resolved: Any) -> str:
    """A property's description: its own, else that of the schema it refers to."""
    own = text(ref.value.get("description")) if isinstance(ref.value, dict) else ""
    return own or (text(resolved.get("description")) if isinstance(resolved, dict) else "")


# Keywords stated in docstrings, in this order, with how each reads.
_CONSTRAINTS = (
    ("default", "default"),
    ("minimum", "minimum"),
    ("exclusiveMinimum", "greater than"),
    ("maximum", "maximum"),
    ("exclusiveMaximum", "less than"),
    ("multipleOf", "multiple of"),
    ("minLength", "minimum length"),
    ("maxLength", "maximum length"),
    ("pattern", "pattern"),
    ("format", "format"),
    ("minItems", "minimum items"),
    ("maxItems", "maximum items"),
    ("uniqueItems", "unique items"),
    ("minProperties", "minimum properties"),
    ("maxProperties", "maximum properties"),
)


def _constraints(schema: dict[str, Any]) -> str:
    """The default and constraints of a schema, `(default: 20; minimum: 1)` (spec values as JSON)."""
    notes = []
    for key, label in _CONSTRAINTS:
        if key not in schema or isinstance(schema[key], (dict, list)) and key != "default":
            continue
        value = schema[key]
        if key == "format" and value in _FORMATS:
            continue  # the type says it already
        if isinstance(value, bool) and key in ("exclusiveMinimum", "exclusiveMaximum"):
            continue  # OpenAPI 3.0's flag form: `minimum`/`maximum` carry the bound
        if key == "uniqueItems":
            if value is True:
                notes.append(label)
            continue
        spelled = f"`{value}`" if key == "pattern" and isinstance(value, str) else str(value) if key == "format" else _json(value)
        notes.append(f"{label}: {spelled}")
    return f"({'; '.join(notes)})" if notes else ""


def _json(value: Any) -> str:
    try:
        return spec_json(value)
    except (TypeError, ValueError):
        return repr(value)


# Keywords that describe a value without saying what it is.
_ANNOTATION_KEYWORDS = frozenset(
    {"description", "title", "example", "examples", "default", "deprecated", "nullable", "readOnly", "writeOnly", "externalDocs", "xml", "$comment"}
)


def _annotates(value: Any) -> bool:
    """Whether a (resolved) schema only annotates: it holds nothing but descriptions, examples,
    defaults and such (and extensions)."""
    return isinstance(value, dict) and all(key in _ANNOTATION_KEYWORDS or key.startswith("x-") for key in value)


def _is_object_type(value: dict[str, Any]) -> bool:
    kind = value.get("type")
    return kind in (None, "object") or (isinstance(kind, list) and "object" in kind)


def _union(members: list[ir.TypeRef]) -> ir.TypeRef:
    flat: list[ir.TypeRef] = []
    for member in members:
        for item in member.args if member.kind == "union" and not member.discriminator else (member,):
            if item not in flat:
                flat.append(item)
    if ir.ANY in flat:
        return ir.ANY
    if len(flat) == 1:
        return flat[0]
    # None goes last so that the union reads as Optional[...].
    flat.sort(key=lambda t: t.kind == "none")
    return ir.TypeRef("union", args=tuple(flat))
