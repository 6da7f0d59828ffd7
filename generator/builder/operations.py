"""Operations: parameters, request bodies and responses."""

from __future__ import annotations

import re
from typing import Any, Literal

from .. import ir, naming
from ..load import Ref
from .context import BuildContext, text
from .examples import ExampleMaker
from .pagination import PageShape, find_page_shape, make_pagination, page_class_name
from .resources import RawOperation
from .schemas import Schemas

_JSON = re.compile(r"^application/(.+\+)?json$")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# Header parameters that carry an idempotency key; `[tool.sdkgen] idempotency_header` adds one.
_IDEMPOTENCY_HEADERS = frozenset({"idempotency-key", "x-idempotency-key"})
_IDEMPOTENCY_DOC = "Makes retries of this call safe: generated when omitted, and the same on every retry of the call."
_WRITE_METHODS = ("post", "put", "patch", "delete")
_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"
_EVENT_STREAM = "text/event-stream"
# Media types whose body is bytes to keep, not text to decode.
_BINARY = re.compile(r"^(application/(octet-stream|pdf|zip|gzip|x-tar|x-gzip|vnd\..*|x-protobuf|protobuf)|(image|audio|video|font)/.+)$")
_QUERY_STYLES = ("form", "spaceDelimited", "pipeDelimited", "deepObject")


def _json_media(ctx: BuildContext, content: Ref) -> Ref | None:
    if not isinstance(content.value, dict):
        return None
    for media_type in content.value:
        if _JSON.match(str(media_type).split(";")[0].strip()):
            return ctx.child(content, media_type)
    return None


def _media_types(content: Ref) -> list[str]:
    """The media types of a `content` object, without parameters, in spec order."""
    if not isinstance(content.value, dict):
        return []
    return [str(media).split(";")[0].strip().lower() for media in content.value]


def _media(ctx: BuildContext, content: Ref, wanted: str) -> Ref | None:
    """The media type object of `content` for `wanted` (a media type, `*` patterns allowed in the spec)."""
    if not isinstance(content.value, dict):
        return None
    for media in content.value:
        if str(media).split(";")[0].strip().lower() == wanted:
            return ctx.child(content, media)
    return None


class OperationBuilder:
    """Builds `ir.Operation`s, defining the models and TypedDicts they need on the way."""

    def __init__(self, ctx: BuildContext, schemas: Schemas, *, idempotency_header: str | None = None) -> None:
        self.ctx = ctx
        self.schemas = schemas
        self.examples = ExampleMaker(ctx)
        # Sent with every write operation, whether or not the spec declares it there.
        self.idempotency_header = idempotency_header
        self._idempotency_names = _IDEMPOTENCY_HEADERS | ({idempotency_header.lower()} if idempotency_header else set())
        self.params_types: list[ir.ParamsType] = []
        self._page_names: dict[tuple[Any, ...], str] = {}

    def build(self, raw: RawOperation, path_item: Ref, resource: tuple[str, ...], method_name: str) -> ir.Operation:
        """One operation of `resource`, named `method_name`."""
        ctx = self.ctx
        op = raw.ref
        type_dir = ".".join(("types",) + tuple(naming.shorten(part) for part in resource[:-1]))
        type_stem = naming.pascal(naming.singular(resource[-1])) + naming.pascal(method_name)

        names = naming.Allocator(naming.RESERVED_PARAMS | {"self"})
        params = self._parameters(path_item, op, names, raw.path)
        query_wire = [p.wire_name for p in params if p.location == "query"]
        body_params, has_body, body_encoding, whole_body, content_type = self._body(op, names)
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
        accept = ""
        streams = False
        schema = self._response_schema(success) if success is not None else None
        if success is not None and schema is None and self._has_content(success):
            returns, accept, streams = self._non_json_response(success, type_dir, type_stem)
        elif success is not None:
            if schema is not None:
                shape = find_page_shape(ctx, op, schema, query_wire, self._header_names(success))
                if shape is not None:
                    pagination, item_type = self._page(shape, schema, type_dir, type_stem)
                    returns = ir.TypeRef("model", pagination.page_class, "pagination")
                elif self.schemas.is_object(schema):
                    name = type_stem + "Response"
                    returns = self.schemas.model_from(schema, name, f"{type_dir}.{naming.module(name)}")
                else:
                    returns = self.schemas.type_of(schema, type_stem + "Response", f"{type_dir}.{naming.module(type_stem + 'Response')}", "response")
        if pagination is None and not streams:
            returns = self._other_successes(op, returns, type_dir, type_stem)
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
            params_type = ir.ParamsType(name, f"{type_dir}.{naming.module(name)}", typed_dict_fields)
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
            body_encoding=body_encoding,  # type: ignore[arg-type]
            whole_body=whole_body,
            accept=accept,
            streams=streams,
            content_type=content_type,
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
                ctx.report("warning", f"parameter {wire_name!r} is `in: {location}`, which OpenAPI does not define; left out", param)
                continue
            if location == "header" and wire_name.lower() in self._idempotency_names:
                # The client fills it in: optional, and named alike in every SDK.
                description = text(param.value.get("description")) or _IDEMPOTENCY_DOC
                params.append(ir.Param(names.claim("idempotency_key"), wire_name, "header", ir.primitive("str"), False, description))
                continue
            schema = ctx.child(param, "schema")
            param_type = self.schemas.type_of(schema, naming.pascal(wire_name), "types", "request") if schema.value is not None else ir.primitive("str")
            style, explode = self._style(param, location, param_type)
            params.append(
                ir.Param(
                    name=names.claim(naming.snake(wire_name)),
                    wire_name=wire_name,
                    location=location,  # type: ignore[arg-type]
                    type=param_type,
                    required=location == "path" or param.value.get("required") is True,
                    description=self.schemas.describe(text(param.value.get("description")), schema),
                    **self.examples.of_parameter(param, schema),
                    style=style,
                    explode=explode,
                )
            )
        # Path parameters in the order the path mentions them: they are positional.
        order = {name: i for i, name in enumerate(_PLACEHOLDER.findall(wire_path))}
        return sorted(params, key=lambda p: (p.location != "path", order.get(p.wire_name, 0)))

    def _style(self, param: Ref, location: str, param_type: ir.TypeRef) -> tuple[str, bool]:
        """The (style, explode) the runtime needs for an array or object parameter; ("", True) otherwise.

        Query parameters support every OpenAPI query style; path and header parameters the
        `simple` style, which the runtime always uses for them.
        """
        value = param.value
        style = str(value.get("style") or ("form" if location in ("query", "cookie") else "simple"))
        explode = value.get("explode") is True if "explode" in value else style == "form"
        inner = _unwrap(param_type)
        structured = inner.kind in ("list", "dict", "model") or inner == ir.ANY
        if location == "query":
            if style not in _QUERY_STYLES:
                self.ctx.report("warning", f"query parameter style {style!r} is not supported; sent in the `form` style", param)
                style, explode = "form", True
            return (style, explode) if structured else ("", True)
        if location == "cookie":
            if style != "form" or structured:
                self.ctx.report("warning", f"cookie parameter style {style!r} with an array or object value is not supported; sent as text", param)
            return "", True
        if style != "simple" or (explode and structured and location == "path"):
            self.ctx.report("warning", f"{location} parameter style {style!r} (explode: {str(explode).lower()}) is not supported; sent in the `simple` style", param)
        return "", True

    def _body(self, op: Ref, names: naming.Allocator) -> tuple[list[ir.Param], bool, str, bool, str]:
        """The body's arguments, whether there is a body, its encoding, whether it is one `body`
        argument, and the Content-Type of a raw (binary or text) body."""
        ctx = self.ctx
        body = ctx.resolve(ctx.child(op, "requestBody"))
        if not isinstance(body.value, dict):
            return [], False, "json", False, ""
        content = ctx.child(body, "content")
        media, encoding = self._body_media(body, content)
        if media is None:
            types = _media_types(content)
            raw = next((t for t in types if t.startswith("text/") or _BINARY.match(t)), None)
            if raw is None:
                raw = next((t for t in types if _file_kind(ctx, ctx.child(content, t, "schema")) is not None), None)
            if raw is not None:
                # Bytes (or text) sent as they are: one `body` argument.
                raw_type = ir.primitive("str") if raw.startswith("text/") else ir.FILE_CONTENT
                description = text(body.value.get("description"))
                raw_media = _media(ctx, content, raw) or ctx.child(content, raw)
                examples = self.examples.of_body(raw_media, ctx.child(raw_media, "schema"))
                param = ir.Param(names.claim("body"), "body", "body", raw_type, body.value.get("required") is True, description, **examples)
                return [param], True, "raw", True, raw
            kinds = ", ".join(sorted(types))
            ctx.report("warning", f"request bodies of type {kinds or 'unknown'} are not supported yet; send one with extra_body", body)
            return [], False, "json", False, ""
        schema = ctx.resolve(ctx.child(media, "schema"))
        if not self.schemas.is_object(schema):
            if encoding != "json":
                ctx.report("warning", f"a {encoding} request body that is not an object is not supported; send it with extra_body", schema)
                return [], True, encoding, False, ""
            # A JSON array or primitive as the whole body: one `body` argument.
            body_type = self.schemas.type_of(ctx.child(media, "schema"), "Body", "types", "request") if schema.value is not None else ir.ANY
            whole = ir.Param(
                names.claim("body"), "body", "body", body_type, body.value.get("required") is True, text(body.value.get("description")),
                **self.examples.of_body(media, ctx.child(media, "schema")),
            )
            return [whole], True, "json", True, ""
        properties, required = self.schemas._collect_properties(schema)
        params = []
        for wire_name, prop in properties:
            resolved = ctx.resolve(prop).value if isinstance(prop.value, dict) else {}
            if isinstance(resolved, dict) and resolved.get("readOnly") is True:
                continue
            description = text(prop.value.get("description") if isinstance(prop.value, dict) else None) or text(
                resolved.get("description") if isinstance(resolved, dict) else None
            )
            file_type = _file_kind(ctx, prop) if encoding == "multipart" else None
            params.append(
                ir.Param(
                    name=names.claim(naming.snake(wire_name)),
                    wire_name=wire_name,
                    location="body",
                    type=file_type or self.schemas.type_of(prop, naming.pascal(wire_name), "types", "request"),
                    required=wire_name in required,
                    description=self.schemas.describe(description, prop),
                    **self.examples.of_property(prop, media),
                )
            )
        return params, True, encoding, False, ""

    def _body_media(self, body: Ref, content: Ref) -> tuple[Ref | None, Literal["json", "form", "multipart"]]:
        """The media type the SDK sends a body as: JSON, unless a multipart field is a file."""
        ctx = self.ctx
        json_media = _json_media(ctx, content)
        multipart = _media(ctx, content, _MULTIPART)
        form = _media(ctx, content, _FORM)
        has_files = multipart is not None and self._has_file_field(ctx.child(multipart, "schema"))
        if json_media is not None and multipart is not None:
            chosen = "multipart/form-data, because a field is a file" if has_files else "JSON, as no field is a file"
            ctx.report("warning", f"the request body is offered as both JSON and multipart/form-data; the SDK sends {chosen}", content)
        if multipart is not None and (has_files or json_media is None):
            return multipart, "multipart"
        if json_media is not None:
            return json_media, "json"
        if form is not None:
            return form, "form"
        return None, "json"

    def _has_file_field(self, schema: Ref) -> bool:
        properties, _ = self.schemas._collect_properties(self.ctx.resolve(schema))
        return any(_file_kind(self.ctx, prop) is not None for _, prop in properties)

    # -- responses -------------------------------------------------------------------------

    def _success_response(self, op: Ref) -> Ref | None:
        responses = self.ctx.child(op, "responses")
        if not isinstance(responses.value, dict):
            return None
        codes = _success_codes(responses)
        if not codes:
            return None
        return self.ctx.resolve(self.ctx.child(responses, codes[0]))

    def _non_json_response(self, response: Ref, type_dir: str, type_stem: str) -> tuple[ir.TypeRef, str, bool]:
        """(returned type, Accept header, streams) of a response with no JSON media type."""
        ctx = self.ctx
        content = ctx.child(response, "content")
        types = _media_types(content)
        if _EVENT_STREAM in types:
            media = _media(ctx, content, _EVENT_STREAM)
            assert media is not None
            # The schema describes the JSON `data` of each event (`itemSchema` in OpenAPI 3.2).
            schema = next((ctx.child(media, key) for key in ("itemSchema", "schema") if ctx.child(media, key).value is not None), None)
            resolved = ctx.resolve(schema).value if schema is not None else None
            if schema is None or (isinstance(resolved, dict) and resolved.get("type") == "string"):
                return ir.SERVER_SENT_EVENT, _EVENT_STREAM, True
            name = type_stem + "Event"
            module = f"{type_dir}.{naming.module(name)}"
            if self.schemas.is_object(schema):
                return self.schemas.model_from(schema, name, module), _EVENT_STREAM, True
            return self.schemas.type_of(schema, name, module, "response"), _EVENT_STREAM, True
        accept = ", ".join(dict.fromkeys(types))
        if any(_BINARY.match(t) or _file_kind(ctx, ctx.child(content, t, "schema")) is not None for t in types):
            return ir.BINARY_RESPONSE, accept, False
        return ir.primitive("str"), accept, False

    def _other_successes(self, op: Ref, returns: ir.TypeRef | None, type_dir: str, type_stem: str) -> ir.TypeRef | None:
        """`returns` widened by the 2xx responses after the first: a union of their types (None for no content)."""
        ctx = self.ctx
        responses = ctx.child(op, "responses")
        codes = _success_codes(responses)
        if len(codes) < 2:
            return returns
        members: list[ir.TypeRef | None] = [returns]
        for code in codes[1:]:
            response = ctx.resolve(ctx.child(responses, code if code in responses.value else int(code)))
            schema = self._response_schema(response)
            if schema is not None:
                name = type_stem + "Response" + code
                module = f"{type_dir}.{naming.module(type_stem + 'Response')}"
                if self.schemas.is_object(schema):
                    members.append(self.schemas.model_from(schema, name, module))
                else:
                    members.append(self.schemas.type_of(schema, name, module, "response"))
            elif self._has_content(response):
                kind, _, _ = self._non_json_response(response, type_dir, type_stem)
                if kind != returns:
                    ctx.report("warning", f"the {code} response is not JSON while an earlier 2xx response is; typed as the first one", response)
                continue
            else:
                members.append(None)
        distinct: list[ir.TypeRef] = []
        for member in members:
            t = ir.NONE if member is None else member
            for arg in t.args if t.kind == "union" else (t,):
                if arg not in distinct:
                    distinct.append(arg)
        if distinct == [ir.NONE]:
            return None
        if len(distinct) == 1:
            return distinct[0]
        if ir.BINARY_RESPONSE in distinct or ir.primitive("str") in distinct:
            if any(d not in (ir.NONE, ir.BINARY_RESPONSE, ir.primitive("str")) for d in distinct):
                ctx.report("warning", "2xx responses mix JSON with text or binary bodies; typed as the first", responses)
                return returns
        return ir.TypeRef("union", args=tuple(d for d in distinct if d != ir.NONE) + ((ir.NONE,) if ir.NONE in distinct else ()))

    def _response_schema(self, response: Ref) -> Ref | None:
        media = _json_media(self.ctx, self.ctx.child(response, "content"))
        if media is None:
            return None
        schema = self.ctx.child(media, "schema")
        return schema if schema.value is not None else None

    def _header_names(self, response: Ref) -> list[str]:
        headers = response.value.get("headers") if isinstance(response.value, dict) else None
        return [str(name) for name in headers] if isinstance(headers, dict) else []

    def _has_content(self, response: Ref) -> bool:
        content = response.value.get("content") if isinstance(response.value, dict) else None
        return isinstance(content, dict) and bool(content)

    # -- pagination ------------------------------------------------------------------------

    def _page(self, shape: PageShape, schema: Ref, type_dir: str, type_stem: str) -> tuple[ir.Pagination, ir.TypeRef]:
        ctx = self.ctx
        resolved = ctx.resolve(schema)
        array = resolved if shape.items is None else ctx.resolve(ctx.child(resolved, "properties", shape.items))
        items_schema = ctx.child(array, "items")
        item_name = type_stem + "Response"
        item_module = f"{type_dir}.{naming.module(item_name)}"
        if self.schemas.is_object(items_schema):
            item_type = self.schemas.model_from(items_schema, item_name, item_module)
        else:
            item_type = self.schemas.type_of(items_schema, item_name, item_module, "response")
        # The page's own fields, typed as the page module will declare them.
        fields = []
        if shape.items is None:  # the response is the array: the page's one field holds it
            fields.append(ir.Field("items", "items", ir.TypeRef("list", args=(item_type,)), True))
        else:
            properties, required = self.schemas._collect_properties(resolved)
            allocator = naming.Allocator()
            for wire_name, prop in properties:
                # Objects inside the page (`meta`, `links`) are models of the operation's types.
                field_type = ir.TypeRef("list", args=(item_type,)) if wire_name == shape.items else self.schemas.type_of(
                    prop, naming.pascal(wire_name), f"{type_dir}.{naming.module(type_stem + 'Page')}", "response"
                )
                fields.append(ir.Field(allocator.claim(naming.field_name(wire_name)), wire_name, field_type, wire_name in required))
        key = (shape, tuple((f.name, f.wire_name) for f in fields))
        if key not in self._page_names:
            self._page_names[key] = ctx.class_names.claim(page_class_name(shape))
        pagination = make_pagination(shape, self._page_names[key], tuple(fields), item_type, self._field_of)
        return pagination, item_type

    def _field_of(self, t: ir.TypeRef, wire_name: str) -> ir.Field | None:
        """The field of model type `t` (or of the model in an Optional) named `wire_name` on the wire."""
        members = [a for a in t.args if a.kind == "model"] if t.kind == "union" else [t]
        for member in members:
            model = self.schemas.model(member.module, member.name)
            for field in model.fields if model else ():
                if field.wire_name == wire_name:
                    return field
            if model is not None and model.base is not None:
                return self._field_of(model.base, wire_name)
        return None


def _success_codes(responses: Ref) -> list[str]:
    """The 2xx status codes (`200`, `2XX`) of a responses object, sorted."""
    if not isinstance(responses.value, dict):
        return []
    return sorted(str(code) for code in responses.value if re.fullmatch(r"2(\d\d|XX)", str(code)))


def _unwrap(t: ir.TypeRef) -> ir.TypeRef:
    """The type without its Optional."""
    if t.kind == "union":
        members = [a for a in t.args if a.kind != "none"]
        if len(members) == 1:
            return members[0]
    return t


def _file_kind(ctx: BuildContext, prop: Ref) -> ir.TypeRef | None:
    """FileTypes (or a list of them) when the schema at `prop` is binary content, else None.

    Binary is `format: binary` (OpenAPI 3.0) or a string with a `contentMediaType` and no
    `contentEncoding` (3.1).
    """
    value = ctx.resolve(prop).value if prop.value is not None else None
    if not isinstance(value, dict):
        return None
    if value.get("type") == "array" or (isinstance(value.get("type"), list) and "array" in value["type"]):
        item = _file_kind(ctx, ctx.child(ctx.resolve(prop), "items"))
        return ir.TypeRef("list", args=(item,)) if item is not None and item.kind != "list" else None
    if value.get("format") == "binary" or ("contentMediaType" in value and "contentEncoding" not in value):
        return ir.FILE
    return None
