"""Operations: parameters, request bodies and responses."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from .. import ir, naming
from ..load import Ref
from .context import BuildContext, text
from .pagination import PageShape, find_page_shape, make_pagination, page_class_name
from .resources import RawOperation
from .schemas import Schemas

_JSON = re.compile(r"^application/(.+\+)?json$")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# Header parameters that carry an idempotency key; `[tool.sdkgen] idempotency_header` adds one.
_IDEMPOTENCY_HEADERS = frozenset({"idempotency-key", "x-idempotency-key"})
_IDEMPOTENCY_DOC = "Makes retries of this call safe: generated when omitted, and the same on every retry of the call."
_WRITE_METHODS = ("post", "put", "patch", "delete")


def _json_media(ctx: BuildContext, content: Ref) -> Ref | None:
    if not isinstance(content.value, dict):
        return None
    for media_type in content.value:
        if _JSON.match(str(media_type).split(";")[0].strip()):
            return ctx.child(content, media_type)
    return None


def _example(*owners: Any) -> str | None:
    """The first `example` of these spec objects (parameter, schema, ...), as JSON text."""
    for owner in owners:
        if isinstance(owner, dict) and "example" in owner:
            try:
                return json.dumps(owner["example"], default=_json_default, allow_nan=False, ensure_ascii=False)
            except (TypeError, ValueError):
                return None
    return None


def _json_default(value: Any) -> str:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()  # YAML reads an unquoted timestamp as a datetime
    raise TypeError(f"not JSON: {value!r}")


class OperationBuilder:
    """Builds `ir.Operation`s, defining the models and TypedDicts they need on the way."""

    def __init__(self, ctx: BuildContext, schemas: Schemas, *, idempotency_header: str | None = None) -> None:
        self.ctx = ctx
        self.schemas = schemas
        # Sent with every write operation, whether or not the spec declares it there.
        self.idempotency_header = idempotency_header
        self._idempotency_names = _IDEMPOTENCY_HEADERS | ({idempotency_header.lower()} if idempotency_header else set())
        self.params_types: list[ir.ParamsType] = []
        self.pages: dict[ir.Pagination, ir.Pagination] = {}
        self._page_names: dict[tuple[Any, ...], str] = {}

    def build(self, raw: RawOperation, path_item: Ref, resource: tuple[str, ...], method_name: str) -> ir.Operation:
        """One operation of `resource`, named `method_name`."""
        ctx = self.ctx
        op = raw.ref
        type_dir = ".".join(("types",) + resource[:-1])
        type_stem = naming.pascal(naming.singular(resource[-1])) + naming.pascal(method_name)

        names = naming.Allocator(naming.RESERVED_PARAMS | {"self"})
        params = self._parameters(path_item, op, names, raw.path)
        query_wire = [p.wire_name for p in params if p.location == "query"]
        body_params, has_body = self._body(op, names)
        idempotency = next((p for p in params if p.location == "header" and p.wire_name.lower() in self._idempotency_names), None)
        implied: list[ir.Param] = []
        if idempotency is None and self.idempotency_header and raw.method in _WRITE_METHODS:
            idempotency = ir.Param(names.claim("idempotency_key"), self.idempotency_header, "header", ir.primitive("str"), False, _IDEMPOTENCY_DOC)
            implied.append(idempotency)

        path = raw.path
        for p in params:
            if p.location == "path":
                path = path.replace("{" + p.wire_name + "}", "{" + p.name + "}")
        for placeholder in _PLACEHOLDER.findall(raw.path):
            if placeholder not in {p.wire_name for p in params if p.location == "path"}:
                ctx.report("error", f"path parameter {{{placeholder}}} is not declared in `parameters`", ctx.child(op, "parameters"))

        success = self._success_response(op)
        returns: ir.TypeRef | None = None
        pagination = None
        item_type = None
        if success is not None:
            schema = self._response_schema(success)
            if schema is not None:
                shape = find_page_shape(ctx, op, schema, query_wire)
                if shape is not None:
                    pagination, item_type = self._page(shape, schema, type_dir, type_stem)
                    returns = ir.TypeRef("model", pagination.page_class, "pagination")
                elif self.schemas.is_object(schema):
                    name = type_stem + "Response"
                    returns = self.schemas.model_from(schema, name, f"{type_dir}.{naming.snake(name)}")
                else:
                    returns = self.schemas.type_of(schema, type_stem + "Response", f"{type_dir}.{naming.snake(type_stem + 'Response')}", "response")
            elif self._has_content(success):
                returns = ir.primitive("str")
        ordered = tuple(p for p in params if p.location == "path") + tuple(
            p for p in params + body_params + implied if p.location != "path"
        )
        typed_dict_fields = tuple(
            ir.Field(p.name, p.wire_name, p.type, p.required, p.description)
            for p in ordered
            if p.location in ("query", "body")
        )
        params_type = None
        if typed_dict_fields:
            name = self.ctx.class_names.claim(type_stem + "Params")
            params_type = ir.ParamsType(name, f"{type_dir}.{naming.snake(name)}", typed_dict_fields)
            self.params_types.append(params_type)
        return ir.Operation(
            name=method_name,
            http_method=raw.method,
            path=path,
            wire_path=raw.path,
            params=ordered,
            returns=returns,
            summary=text(op.value.get("summary")),
            description=text(op.value.get("description")),
            deprecated=op.value.get("deprecated") is True,
            has_body=has_body,
            params_type=params_type,
            pagination=pagination,
            item_type=item_type,
            idempotency_header=idempotency.wire_name if idempotency else None,
        )

    # -- parameters ------------------------------------------------------------------------

    def _parameters(self, path_item: Ref, op: Ref, names: naming.Allocator, wire_path: str) -> list[ir.Param]:
        ctx = self.ctx
        merged: dict[tuple[str, str], Ref] = {}
        for owner in (path_item, op):
            listed = ctx.child(owner, "parameters")
            for index in range(len(listed.value) if isinstance(listed.value, list) else 0):
                param = ctx.resolve(ctx.child(listed, index))
                if isinstance(param.value, dict):
                    merged[(str(param.value.get("name")), str(param.value.get("in")))] = param
        params: list[ir.Param] = []
        for (wire_name, location), param in merged.items():
            if location not in ("path", "query", "header", "cookie"):
                ctx.report("warning", f"parameter {wire_name!r} is `in: {location}`, which OpenAPI does not know; it is left out", param)
                continue
            if location == "cookie":
                ctx.report("warning", f"cookie parameter {wire_name!r} is not supported yet; pass it with extra_headers", param)
                continue
            if location == "header" and wire_name.lower() in self._idempotency_names:
                # The client fills it in: optional, and named alike in every SDK.
                description = text(param.value.get("description")) or _IDEMPOTENCY_DOC
                params.append(ir.Param(names.claim("idempotency_key"), wire_name, "header", ir.primitive("str"), False, description))
                continue
            schema = ctx.child(param, "schema")
            param_type = self.schemas.type_of(schema, naming.pascal(wire_name), "types", "request") if schema.value is not None else ir.primitive("str")
            params.append(
                ir.Param(
                    name=names.claim(naming.snake(wire_name)),
                    wire_name=wire_name,
                    location=location,  # type: ignore[arg-type]
                    type=param_type,
                    required=location == "path" or param.value.get("required") is True,
                    description=text(param.value.get("description")),
                    example=_example(param.value, ctx.resolve(schema).value if schema.value is not None else None),
                )
            )
        # Path parameters in the order the path mentions them: they are positional.
        order = {name: i for i, name in enumerate(_PLACEHOLDER.findall(wire_path))}
        return sorted(params, key=lambda p: (p.location != "path", order.get(p.wire_name, 0)))

    def _body(self, op: Ref, names: naming.Allocator) -> tuple[list[ir.Param], bool]:
        ctx = self.ctx
        body = ctx.resolve(ctx.child(op, "requestBody"))
        if not isinstance(body.value, dict):
            return [], False
        media = _json_media(ctx, ctx.child(body, "content"))
        if media is None:
            kinds = ", ".join(sorted(map(str, (body.value.get("content") or {}).keys())))
            ctx.report("warning", f"request bodies of type {kinds or 'unknown'} are not supported yet; send one with extra_body", body)
            return [], False
        schema = ctx.resolve(ctx.child(media, "schema"))
        if not self.schemas.is_object(schema):
            ctx.report("warning", "a request body that is not a JSON object is not supported yet; send it with extra_body", schema)
            return [], True
        properties, required = self.schemas._collect_properties(schema)
        whole = media.value.get("example") if isinstance(media.value, dict) else None
        params = []
        for wire_name, prop in properties:
            resolved = ctx.resolve(prop).value if isinstance(prop.value, dict) else {}
            if isinstance(resolved, dict) and resolved.get("readOnly") is True:
                continue
            description = text(prop.value.get("description") if isinstance(prop.value, dict) else None) or text(
                resolved.get("description") if isinstance(resolved, dict) else None
            )
            params.append(
                ir.Param(
                    name=names.claim(naming.snake(wire_name)),
                    wire_name=wire_name,
                    location="body",
                    type=self.schemas.type_of(prop, naming.pascal(wire_name), "types", "request"),
                    required=wire_name in required,
                    description=description,
                    # The body's example, else the property's, else that of the schema it refers to.
                    example=_example(
                        {"example": whole[wire_name]} if isinstance(whole, dict) and wire_name in whole else None,
                        prop.value,
                        resolved,
                    ),
                )
            )
        return params, True

    # -- responses -------------------------------------------------------------------------

    def _success_response(self, op: Ref) -> Ref | None:
        responses = self.ctx.child(op, "responses")
        if not isinstance(responses.value, dict):
            return None
        codes = sorted(str(code) for code in responses.value if re.fullmatch(r"2(\d\d|XX)", str(code)))
        if not codes:
            return None
        return self.ctx.resolve(self.ctx.child(responses, codes[0]))

    def _response_schema(self, response: Ref) -> Ref | None:
        media = _json_media(self.ctx, self.ctx.child(response, "content"))
        if media is None:
            return None
        schema = self.ctx.child(media, "schema")
        return schema if schema.value is not None else None

    def _has_content(self, response: Ref) -> bool:
        content = response.value.get("content") if isinstance(response.value, dict) else None
        return isinstance(content, dict) and bool(content)

    # -- pagination ------------------------------------------------------------------------

    def _page(self, shape: PageShape, schema: Ref, type_dir: str, type_stem: str) -> tuple[ir.Pagination, ir.TypeRef]:
        ctx = self.ctx
        resolved = ctx.resolve(schema)
        items_schema = ctx.child(ctx.resolve(ctx.child(resolved, "properties", shape.items)), "items")
        item_name = type_stem + "Response"
        item_module = f"{type_dir}.{naming.snake(item_name)}"
        if self.schemas.is_object(items_schema):
            item_type = self.schemas.model_from(items_schema, item_name, item_module)
        else:
            item_type = self.schemas.type_of(items_schema, item_name, item_module, "response")
        # The page's own fields, typed as the page module will declare them.
        properties, required = self.schemas._collect_properties(resolved)
        fields = []
        allocator = naming.Allocator()
        for wire_name, prop in properties:
            field_type = ir.TypeRef("list", args=(item_type,)) if wire_name == shape.items else self.schemas.type_of(
                prop, naming.pascal(wire_name), "pagination", "response"
            )
            fields.append(ir.Field(allocator.claim(naming.field_name(wire_name)), wire_name, field_type, wire_name in required))
        key = (shape, tuple((f.name, f.wire_name) for f in fields))
        if key not in self._page_names:
            self._page_names[key] = ctx.class_names.claim(page_class_name(shape))
        pagination = make_pagination(shape, self._page_names[key], tuple(fields))
        self.pages.setdefault(pagination, pagination)
        return pagination, item_type
