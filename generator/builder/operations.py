"""Operations: parameters, request bodies and responses."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterable, Literal

from .. import ir, naming
from ..load import Ref
from .context import BuildContext, text
from .examples import ExampleMaker
from .pagination import PageShape, declares_pagination, find_page_shape, looks_like_list, make_pagination, page_class_name
from .resources import RawOperation, path_segments
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
# Media types of text, which a string of that `contentMediaType` holds as it is.
_TEXT_MEDIA = re.compile(r"^(text/.+|application/((.+\+)?(json|xml)|x-www-form-urlencoded|x-ndjson|jsonl?|yaml|x-yaml|javascript))$")
_QUERY_STYLES = ("form", "spaceDelimited", "pipeDelimited", "deepObject")
# Public attributes of every page class (the runtime's BasePage): a page field must not hide them.
_PAGE_ATTRS = frozenset({"has_next_page", "next_page_info", "get_next_page", "iter_pages"})


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

    def __init__(
        self, ctx: BuildContext, schemas: Schemas, *, idempotency_header: str | None = None, response_names: dict[str, str] | None = None
    ) -> None:
        self.ctx = ctx
        self.schemas = schemas
        self.examples = ExampleMaker(ctx)
        # Sent with every write operation, whether or not the spec declares it there.
        self.idempotency_header = idempotency_header
        self._idempotency_names = _IDEMPOTENCY_HEADERS | ({idempotency_header.lower()} if idempotency_header else set())
        self.params_types: list[ir.ParamsType] = []
        self._response_names = response_names or {}
        # The wire names of the page fields each operation's pagination reads (by id of its
        # Pagination): pages share a class only where those fields are alike.
        self._page_reads: dict[int, tuple[str, ...]] = {}
        # The modules of the objects inside each operation's page (`meta`, `links`).
        self._page_modules: set[str] = set()
        self.pages: tuple[ir.Pagination, ...] = ()  # the page classes, once `name_pages` named them

    def returns_list(self, raw: RawOperation, path_item: Ref) -> bool:
        """Whether the operation answers with a list: an array, a page, or declared pagination."""
        if declares_pagination(raw.ref.value):
            return True
        success = self._success_response(raw.ref)
        schema = self._response_schema(success) if success is not None else None
        if success is None or schema is None:
            return False
        query = []
        for owner in (path_item, raw.ref):
            listed = self.ctx.child(owner, "parameters")
            for index in range(len(listed.value) if isinstance(listed.value, list) else 0):
                param = self.ctx.resolve(self.ctx.child(listed, index)).value
                if isinstance(param, dict) and param.get("in") == "query":
                    query.append(str(param.get("name")))
        statics = [s for s in path_segments(raw.path) if not s.startswith("{")]
        return looks_like_list(self.ctx, schema, query, self._header_names(success), statics[-1] if statics else "")

    def _response_class(self, raw: RawOperation) -> str | None:
        """The class `[tool.sdkgen.names.responses]` gives the operation's response, if any."""
        if raw.operation_id and raw.operation_id in self._response_names:
            return self._response_names[raw.operation_id]
        return self._response_names.get(f"{raw.method.upper()} {raw.spec_key}")

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

        for placeholder in _PLACEHOLDER.findall(raw.path):
            if placeholder not in {p.wire_name for p in params if p.location == "path"}:
                ctx.report("error", f"path parameter {{{placeholder}}} is not declared in `parameters`", ctx.child(op, "parameters"))

        success = self._success_response(op)
        returns: ir.TypeRef | None = None
        pagination = None
        item_type = None
        accept = ""
        streams = False
        event_type: ir.TypeRef | None = None
        flag = next((p for p in body_params if p.wire_name == "stream" and _unwrap(p.type) == ir.primitive("bool")), None) if not whole_body else None
        own_class = self._response_class(raw)
        schema = self._response_schema(success) if success is not None else None
        if success is not None and schema is None and self._has_content(success):
            returns, accept, streams, event_type = self._non_json_response(success, type_dir, type_stem, switch=flag is not None)
        elif success is not None:
            if schema is not None:
                shape = find_page_shape(ctx, op, schema, query_wire, self._header_names(success))
                if shape is not None:
                    pagination, item_type = self._page(shape, schema, type_dir, type_stem, own_class)
                    returns = ir.TypeRef("model", "", "pagination")  # the page class is named once every page is known
                else:
                    name = own_class or type_stem + "Response"
                    returns = self.schemas.response_type(schema, name, f"{type_dir}.{naming.module(name)}", own_class=own_class is not None)
                    event = self._event_stream(op) if flag is not None else None
                    if event is not None:
                        event_type = self._event_type(event, type_dir, type_stem)
        if pagination is None and not streams:
            returns = self._other_successes(op, returns, type_dir, type_stem, events=event_type is not None)
        if flag is not None and pagination is not None and self._event_stream(op) is not None:
            ctx.report("warning", "the body's `stream` flag asks for an event stream, which a paginated list cannot answer; typed as its pages", op)
        # The method body spells the classes of what it parses (`cast_to=Thing`): an argument of
        # a class's name, possible only for names without case (`名`), would hide it.
        read = {t.name for root in (returns, item_type, event_type) if root is not None for t in root.walk() if t.kind == "model"}
        params, body_params, implied = (
            [dataclasses.replace(p, name=names.claim(p.name)) if p.name in read else p for p in group] for group in (params, body_params, implied)
        )
        flag = next((p for p in body_params if flag is not None and p.wire_name == flag.wire_name), None)
        # In one pass: a parameter's Python name may be another's wire name (`{userId}` is
        # `user_id`, and `{user_id}` then `user_id2`).
        python_names = {p.wire_name: p.name for p in params if p.location == "path"}
        path = _PLACEHOLDER.sub(lambda m: "{" + python_names.get(m.group(1), m.group(1)) + "}", raw.path)
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
            wire_path=raw.spec_key,
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
            stream_flag=flag.name if flag is not None and event_type is not None else "",
            event_type=event_type,
            fixed_query=self._fixed_query(raw, params),
        )

    def _fixed_query(self, raw: RawOperation, params: list[ir.Param]) -> tuple[tuple[str, str], ...]:
        """The query of the path key, but for the parameters the operation declares itself."""
        declared = {p.wire_name for p in params if p.location == "query"}
        for name, _ in raw.query:
            if name in declared:
                self.ctx.report("warning", f"query parameter {name!r} is fixed by the path key {raw.spec_key!r} and declared too; the argument is sent instead", raw.ref)
        return tuple((name, value) for name, value in raw.query if name not in declared)

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
                raw = next((t for t in types if _has_file(ctx, ctx.child(content, t, "schema"))), None)
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
            hint = naming.pascal(wire_name)
            params.append(
                ir.Param(
                    name=names.claim(naming.snake(wire_name)),
                    wire_name=wire_name,
                    location="body",
                    type=self._upload_type(prop, hint) if encoding == "multipart" else self.schemas.type_of(prop, hint, "types", "request"),
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

    def _upload_type(self, prop: Ref, hint: str) -> ir.TypeRef:
        """The type of a multipart field: FileTypes where the schema is binary content, within
        arrays and `oneOf`/`anyOf` too (a file or its URL: `Union[FileTypes, str]`)."""
        ctx = self.ctx
        if not _has_file(ctx, prop):
            return self.schemas.type_of(prop, hint, "types", "request")
        resolved = ctx.resolve(prop)
        value = resolved.value
        if _is_binary(value):
            return ir.FILE
        for keyword in ("oneOf", "anyOf", "allOf"):
            members = value.get(keyword)
            if isinstance(members, list) and members and (keyword != "allOf" or len(members) == 1):
                kinds = [self._upload_type(ctx.child(resolved, keyword, i), f"{hint}Member{i}") for i in range(len(members))]
                flat: list[ir.TypeRef] = []
                for kind in kinds:
                    for member in kind.args if kind.kind == "union" else (kind,):
                        if member not in flat:
                            flat.append(member)
                return flat[0] if len(flat) == 1 else ir.TypeRef("union", args=tuple(flat))
        item = self._upload_type(ctx.child(resolved, "items"), f"{hint}Item")
        if any(t.kind == "list" for t in item.walk()):
            # A part per item, and an item cannot be a list of parts itself.
            self.ctx.report("warning", "an array of arrays of files cannot be sent as multipart parts; typed as in JSON", prop)
            return self.schemas.type_of(prop, hint, "types", "request")
        return ir.TypeRef("list", args=(item,))

    def _has_file_field(self, schema: Ref) -> bool:
        properties, _ = self.schemas._collect_properties(self.ctx.resolve(schema))
        return any(_has_file(self.ctx, prop) for _, prop in properties)

    # -- responses -------------------------------------------------------------------------

    def _success_response(self, op: Ref) -> Ref | None:
        responses = self.ctx.child(op, "responses")
        if not isinstance(responses.value, dict):
            return None
        codes = _success_codes(responses)
        if not codes:
            return None
        return self.ctx.resolve(self.ctx.child(responses, codes[0]))

    def _non_json_response(self, response: Ref, type_dir: str, type_stem: str, *, switch: bool = False) -> tuple[ir.TypeRef, str, bool, ir.TypeRef | None]:
        """(returned type, Accept header, streams, event type) of a response with no JSON media type.

        An event stream offered beside bytes or text is what a call gets only when the body's
        `stream` flag (`switch`) asks for it: then the event type is given; else the bytes or text.
        """
        ctx = self.ctx
        content = ctx.child(response, "content")
        types = _media_types(content)
        others = [t for t in types if t != _EVENT_STREAM]
        if _EVENT_STREAM in types and not others:
            media = _media(ctx, content, _EVENT_STREAM)
            assert media is not None
            return self._event_type(media, type_dir, type_stem), _EVENT_STREAM, True, None
        media = _media(ctx, content, _EVENT_STREAM) if switch else None
        event = self._event_type(media, type_dir, type_stem) if media is not None else None
        accept = "" if event is not None else ", ".join(dict.fromkeys(others))
        if any(_BINARY.match(t) or _has_file(ctx, ctx.child(content, t, "schema")) for t in others):
            return ir.BINARY_RESPONSE, accept, False, event
        return ir.primitive("str"), accept, False, event

    def _event_stream(self, op: Ref) -> Ref | None:
        """The `text/event-stream` media type object of the operation's 2xx responses, if any."""
        responses = self.ctx.child(op, "responses")
        for code in _success_codes(responses):
            response = self.ctx.resolve(self.ctx.child(responses, code if code in responses.value else int(code)))
            media = _media(self.ctx, self.ctx.child(response, "content"), _EVENT_STREAM)
            if media is not None:
                return media
        return None

    def _event_type(self, media: Ref, type_dir: str, type_stem: str) -> ir.TypeRef:
        """The type of each event of an event stream: its schema describes the JSON `data` of an
        event (`itemSchema` in OpenAPI 3.2); without one, or a string, the raw ServerSentEvent."""
        ctx = self.ctx
        schema = next((ctx.child(media, key) for key in ("itemSchema", "schema") if ctx.child(media, key).value is not None), None)
        resolved = ctx.resolve(schema).value if schema is not None else None
        if schema is None or (isinstance(resolved, dict) and resolved.get("type") == "string"):
            return ir.SERVER_SENT_EVENT
        name = type_stem + "Event"
        return self.schemas.response_type(schema, name, f"{type_dir}.{naming.module(name)}")

    def _other_successes(self, op: Ref, returns: ir.TypeRef | None, type_dir: str, type_stem: str, *, events: bool = False) -> ir.TypeRef | None:
        """`returns` widened by the 2xx responses after the first: a union of their types (None for
        no content). With `events`, an event stream is the other overload's, not a member."""
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
                members.append(self.schemas.response_type(schema, name, f"{type_dir}.{naming.module(type_stem + 'Response')}"))
            elif events and _media_types(ctx.child(response, "content")) == [_EVENT_STREAM]:
                continue
            elif self._has_content(response):
                kind, _, _, _ = self._non_json_response(response, type_dir, type_stem)
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

    def _page(self, shape: PageShape, schema: Ref, type_dir: str, type_stem: str, own_class: str | None) -> tuple[ir.Pagination, ir.TypeRef]:
        """The operation's pagination, its page class not named yet (see `name_pages`), and its item type."""
        ctx = self.ctx
        resolved = ctx.resolve(schema)
        properties, required = self.schemas._collect_properties(resolved)
        # The items property may come from a member of `allOf` (a paginated base plus the items).
        array = resolved if shape.items is None else ctx.resolve(dict(properties)[shape.items])
        items_schema = ctx.child(array, "items")
        item_name = own_class or type_stem + "Response"
        item_type = self.schemas.response_type(items_schema, item_name, f"{type_dir}.{naming.module(item_name)}", own_class=own_class is not None)
        # The page's own fields, typed as the page module will declare them.
        fields = []
        if shape.items is None:  # the response is the array: the page's one field holds it
            fields.append(ir.Field("items", "items", ir.TypeRef("list", args=(item_type,)), True))
        else:
            allocator = naming.Allocator()
            page_module = f"{type_dir}.{naming.module(type_stem + 'Page')}"
            self._page_modules.add(page_module)
            for wire_name, prop in properties:
                # Objects inside the page (`meta`, `links`) are models of the operation's types.
                field_type = ir.TypeRef("list", args=(item_type,)) if wire_name == shape.items else self.schemas.type_of(
                    prop, naming.pascal(wire_name), page_module, "response"
                )
                name = naming.member(naming.field_name(wire_name), _PAGE_ATTRS)
                fields.append(ir.Field(allocator.claim(name), wire_name, field_type, wire_name in required))
        pagination = make_pagination(shape, page_class_name(shape), tuple(fields), item_type, self._field_of)
        self._page_reads[id(pagination)] = tuple(sorted({path[0] for _, path in shape.paths}))
        return pagination, item_type

    def name_pages(self, operations: dict[tuple[str, ...], list[ir.Operation]]) -> dict[tuple[str, ...], list[ir.Operation]]:
        """`operations` with their page classes named: one class per style and items field,
        shared by the operations whose pages differ only in fields pagination does not read.

        Pages that do differ in what pagination reads (another cursor parameter, another field
        for the next cursor, other types) are classes of their own, named by what differs.
        """
        groups: dict[tuple[Any, ...], list[ir.Pagination]] = {}
        key_of: dict[int, tuple[Any, ...]] = {}
        for ops in operations.values():
            for op in ops:
                if op.pagination is not None:
                    key_of[id(op.pagination)] = self._page_key(op.pagination)
                    groups.setdefault(key_of[id(op.pagination)], []).append(op.pagination)
        # The variants of one base name, in the order operations first use them.
        by_base: dict[str, list[tuple[Any, ...]]] = {}
        for key, members in groups.items():
            by_base.setdefault(members[0].page_class, []).append(key)
        classes: dict[tuple[Any, ...], ir.Pagination] = {}
        for base, keys in by_base.items():
            first = groups[keys[0]][0]
            for key in keys:
                wanted = base if key == keys[0] else base + _difference(first, groups[key][0], key[-1], keys[0][-1])
                merged = self._merged(groups[key])
                classes[key] = dataclasses.replace(merged, page_class=self._claim_page_class(wanted))
        self._drop_unused_page_models(classes.values(), (op for ops in operations.values() for op in ops))
        # One class of each name, whether the operations using it declared or detected their pages.
        self.pages = tuple(sorted(classes.values(), key=lambda page: page.page_class))
        out: dict[tuple[str, ...], list[ir.Operation]] = {}
        for resource, ops in operations.items():
            named = []
            for op in ops:
                if op.pagination is not None:
                    shared = classes[key_of[id(op.pagination)]]
                    page = dataclasses.replace(shared, detected=op.pagination.detected, declared_by=op.pagination.declared_by)
                    op = dataclasses.replace(op, pagination=page, returns=ir.TypeRef("model", page.page_class, "pagination"))
                named.append(op)
            out[resource] = named
        return out

    def _page_key(self, page: ir.Pagination) -> tuple[Any, ...]:
        """What makes two pages one class: the style, what the next request is, and the fields
        it reads (by name and shape)."""
        reads = self._page_reads[id(page)]
        read = tuple((f.name, f.wire_name, self._shape(f.type)) for f in page.fields if f.wire_name in reads and f is not page.items)
        return (page.page_class, page.scheme, page.spec_class, page.spec_args, page.items.name, page.items.wire_name, page.cursor_param, read)

    def _shape(self, t: ir.TypeRef, within: frozenset[tuple[str, str]] = frozenset()) -> Any:
        """`t` compared as a page field: an object inside a page by its fields (each operation
        defines its own), any other type as it is."""
        if t.kind == "model" and t.module in self._page_modules and (t.module, t.name) not in within:
            model = self.schemas.model(t.module, t.name)
            if model is not None:
                inner = within | {(t.module, t.name)}
                return tuple((f.name, f.wire_name, f.required, self._shape(f.type, inner)) for f in model.fields)
        return dataclasses.replace(t, args=tuple(self._shape(a, within) for a in t.args)) if t.args else t

    def _merged(self, pages: list[ir.Pagination]) -> ir.Pagination:
        """One page class for pages alike in what pagination reads: the fields of them all, but for
        a field that two of them type differently (it is left to `model_extra`)."""
        first = pages[0]
        fields: dict[str, ir.Field] = {}
        clashing: set[str] = set()
        for page in pages:
            for field in page.other_fields:
                known = fields.get(field.wire_name)
                if known is None:
                    fields[field.wire_name] = field
                elif (known.name, self._shape(known.type)) != (field.name, self._shape(field.type)):
                    clashing.add(field.wire_name)
                elif known.required and not field.required:
                    fields[field.wire_name] = field
        kept = tuple(f for wire_name, f in fields.items() if wire_name not in clashing)
        return dataclasses.replace(first, other_fields=kept) if len(pages) > 1 else first

    def _drop_unused_page_models(self, pages: Iterable[ir.Pagination], operations: Iterable[ir.Operation]) -> None:
        """Forget the objects inside pages that nothing uses any more (those of the operations
        whose page class took the fields of another's): neither a page class, an operation, nor a
        model or params type outside the pages' own modules."""
        roots: list[ir.TypeRef | None] = [f.type for page in pages for f in page.fields]
        for op in operations:
            roots += [p.type for p in op.params] + [op.returns, op.item_type, op.event_type]
        for model in self.schemas.models:
            if model.module not in self._page_modules:
                roots += [f.type for f in model.fields] + [model.base]
        roots += [f.type for params in (*self.params_types, *self.schemas.params_types) for f in params.fields]
        used: set[str] = set()
        pending = [t for root in roots if root is not None for t in _models_in(root)]
        while pending:
            t = pending.pop()
            if t.module in used or t.module not in self._page_modules:
                continue
            used.add(t.module)
            for model in self.schemas.models_of(t.module):
                pending.extend(m for f in model.fields for m in _models_in(f.type))
                if model.base is not None:
                    pending.append(model.base)
        self.schemas.drop_modules(self._page_modules - used)

    def _claim_page_class(self, wanted: str) -> str:
        """`wanted`, or the first free `wanted2`...: free for the sync class and its async twin."""
        taken = self.ctx.class_names
        while True:
            name = taken.claim(wanted)
            twin = "Async" + name.removeprefix("Sync")
            if taken.claim(twin) == twin:
                return name

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


def _is_binary(value: Any) -> bool:
    """Whether a (resolved) schema is binary content: `format: binary` (OpenAPI 3.0), or a string
    with `contentEncoding: binary` or with a `contentMediaType` that is not text and no encoding
    (3.1; `base64` and the other encodings are text, and so is `application/json` content)."""
    if not isinstance(value, dict):
        return False
    encoding = value.get("contentEncoding")
    media = value.get("contentMediaType")
    textual = isinstance(media, str) and bool(_TEXT_MEDIA.match(media.split(";")[0].strip().lower()))
    return value.get("format") == "binary" or encoding == "binary" or (media is not None and encoding is None and not textual)


def _has_file(ctx: BuildContext, prop: Ref, _within: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """Whether the schema at `prop` is binary content, or an array, `oneOf`/`anyOf` or
    single-member `allOf` with binary content in it."""
    resolved = ctx.resolve(prop) if prop.value is not None else prop
    value = resolved.value
    where = (str(resolved.file), resolved.pointer)
    if not isinstance(value, dict) or where in _within:
        return False
    if _is_binary(value):
        return True
    within = _within | {where}
    parts = [ctx.child(resolved, "items")] if "items" in value else []
    for keyword in ("oneOf", "anyOf", "allOf"):
        members = value.get(keyword)
        if isinstance(members, list) and (keyword != "allOf" or len(members) == 1):
            parts += [ctx.child(resolved, keyword, i) for i in range(len(members))]
    return any(_has_file(ctx, part, within) for part in parts)


def _difference(first: ir.Pagination, other: ir.Pagination, read: tuple[tuple[str, str, Any], ...], first_read: tuple[tuple[str, str, Any], ...]) -> str:
    """What a page class adds to its base name to say how it differs from the first class of that
    name: its cursor parameter, else the other value of an argument of its runtime spec (a field
    or parameter: `NextPageToken`), else one it lacks (`WithoutTotal`), else the field that pagination
    reads and it types otherwise (`Meta`)."""
    if other.cursor_param != first.cursor_param and other.cursor_param:
        return naming.pascal(other.cursor_param)
    mine, theirs = dict(other.spec_args), dict(first.spec_args)
    keys = ("cursor", "next_url", "has_more", "total", "total_pages", "item_id", "offset_param", "limit_param", "page_param", "first_page")
    for key in keys:
        if mine.get(key) != theirs.get(key) and key in mine:
            return naming.pascal(str(mine[key]).replace(".", "_"))
    for key in keys:
        if key in theirs and key not in mine:
            return "Without" + naming.pascal(key)
    differing = [wire for _name, wire, shape in read if (_name, wire, shape) not in first_read]
    return naming.pascal(differing[0]) if differing else "Other"


def _models_in(t: ir.TypeRef) -> Iterable[ir.TypeRef]:
    if t.kind == "model":
        yield t
    for arg in t.args:
        yield from _models_in(arg)
