"""Which operations return pages, and what the next request is.

An operation is paginated when it declares so, or when its shape says so. A declaration is, first
found: an entry of `[tool.sdkgen.pagination]`, `x-pagination`, `x-speakeasy-pagination` or
`x-fern-pagination` on the operation; the last two are translated into the first's terms. Without
one, the query parameters, the response's properties and its headers are matched against the
common styles (see `generator.pagination_styles`).

An unknown key in a declaration is an error; any other flaw (a property the response lacks, a
query parameter the operation lacks, a construct no style covers) is a warning, and the operation
then returns its plain response.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Callable, Optional

from .. import ir, naming
from ..load import Ref
from ..pagination_styles import STYLES, check_declaration, style_of
from .context import BuildContext

# Where build/__init__ puts a config entry, so that it is told apart from the spec's x-pagination.
CONFIG_KEY = "x-sdkgen-config-pagination"

_ITEMS_FIELDS = ("data", "items", "results", "entries")
_CURSOR_FIELDS = ("cursor", "nextCursor", "next_cursor", "next_page_token", "nextPageToken", "next_token", "nextToken")
_CURSOR_PARAMS = ("cursor", "page_token", "pageToken", "next_token", "nextToken")
_HAS_MORE_FIELDS = ("hasMore", "has_more", "has_next", "hasNext", "has_next_page", "hasNextPage")
_ITEM_CURSOR_PARAMS = ("starting_after", "startingAfter", "after")
_OFFSET_PARAMS = ("offset", "skip")
_LIMIT_PARAMS = ("limit", "page_size", "pageSize", "per_page", "perPage", "take")
_TOTAL_FIELDS = ("total", "total_count", "totalCount", "total_results", "totalResults")
_PAGE_PARAMS = ("page", "page_number", "pageNumber")
_TOTAL_PAGES_FIELDS = ("total_pages", "totalPages", "num_pages", "numPages", "page_count", "pageCount")
_NEXT_URL_FIELDS = ("next", "next_url", "nextUrl", "next_page_url", "nextPageUrl", "next_page_uri", "nextPageUri", "nextLink", "@odata.nextLink")

# Keyword order of each style's runtime spec (the page class shows them in this order).
_SPEC_CLASS = {
    "cursor": "CursorPageSpec",
    "item_cursor": "ItemCursorPageSpec",
    "offset": "OffsetPageSpec",
    "page": "PageNumberPageSpec",
    "next_url": "NextUrlPageSpec",
    "link": "LinkHeaderPageSpec",
}
_SPEC_ORDER = {
    "cursor": ("cursor", "has_more", "cursor_param"),
    "item_cursor": ("item_id", "has_more", "cursor_param"),
    "offset": ("offset_param", "limit_param", "total", "has_more"),
    "page": ("page_param", "total_pages", "has_more", "first_page"),
    "next_url": ("next_url",),
    "link": (),
}
_CLASS_PREFIX = {
    "cursor": "Cursor",
    "item_cursor": "ItemCursor",
    "offset": "Offset",
    "page": "PageNumber",
    "next_url": "NextUrl",
    "link": "Link",
}
_PARAM_KEYS = ("cursor_param", "offset_param", "limit_param", "page_param")
_PATH_KEYS = ("cursor", "has_more", "total", "total_pages", "next_url")
# The key of each style whose query parameter moves the request on.
_MOVING_PARAM = {"cursor": "cursor_param", "item_cursor": "cursor_param", "offset": "offset_param", "page": "page_param"}

Path = tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class PageShape:
    """Wire names of a page's parts, before Python names and types are given."""

    style: str
    items: Optional[str]  # the array property; None when the response itself is the array
    paths: tuple[tuple[str, Path], ...]  # spec keyword → property path in the response
    params: tuple[tuple[str, str], ...]  # spec keyword → query parameter
    item_id: Optional[str] = None
    first_page: Optional[int] = None
    detected: bool = True
    declared_by: str = ""

    def path(self, key: str) -> Optional[Path]:
        return dict(self.paths).get(key)

    def param(self, key: str) -> Optional[str]:
        return dict(self.params).get(key)


class _Response:
    """The 2xx response of an operation as pagination sees it: array or object, properties, headers."""

    def __init__(self, ctx: BuildContext, schema: Ref | None, headers: list[str]) -> None:
        self.ctx = ctx
        self.schema = ctx.resolve(schema) if schema is not None else None
        value = self.schema.value if self.schema is not None else None
        self.is_array = isinstance(value, dict) and value.get("type") == "array"
        self.properties = self._properties(self.schema) if self.schema is not None else {}
        self.headers = {h.lower() for h in headers}

    def _properties(self, ref: Ref, within: frozenset[tuple[str, str]] = frozenset()) -> dict[str, Ref]:
        """Properties of an object schema, `allOf` members included (later members win).

        An `allOf` that includes a schema already being merged adds nothing (the schema
        builder warns about such a cycle).
        """
        ctx = self.ctx
        resolved = ctx.resolve(ref)
        out: dict[str, Ref] = {}
        where = (str(resolved.file), resolved.pointer)
        if not isinstance(resolved.value, dict) or where in within:
            return out
        members = ctx.child(resolved, "allOf")
        for index in range(len(members.value) if isinstance(members.value, list) else 0):
            out.update(self._properties(ctx.child(members, index), within | {where}))
        props = ctx.child(resolved, "properties")
        for name in props.value if isinstance(props.value, dict) else {}:
            out[str(name)] = ctx.resolve(ctx.child(props, name))
        return out

    def has(self, path: Path) -> bool:
        """Whether the response declares the property at `path`."""
        props = self.properties
        for depth, name in enumerate(path):
            if name not in props:
                return False
            if depth < len(path) - 1:
                props = self._properties(props[name])
        return True

    def kind(self, name: str) -> Any:
        """The JSON type of a property (the non-null one of `[T, "null"]`), else None."""
        value = self.properties[name].value if name in self.properties else None
        kind = value.get("type") if isinstance(value, dict) else None
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            return kinds[0] if len(kinds) == 1 else None
        return kind

    def is_uri(self, name: str) -> bool:
        value = self.properties[name].value if name in self.properties else None
        return isinstance(value, dict) and value.get("format") in ("uri", "url", "uri-reference", "iri", "iri-reference")

    def first(self, names: tuple[str, ...], kind: str | None = None) -> str | None:
        """The first of `names` that is a property (of JSON type `kind`, or of no stated type)."""
        return next((n for n in names if n in self.properties and (kind is None or self.kind(n) in (kind, None))), None)

    def arrays(self) -> list[str]:
        return [name for name in self.properties if self.kind(name) == "array"]


def find_page_shape(
    ctx: BuildContext, operation: Ref, response: Ref | None, query_params: list[str], headers: list[str] | None = None
) -> PageShape | None:
    """The page shape of an operation, declared or detected; None when it is not paginated."""
    shape = _Response(ctx, response, headers or [])
    for key, source, translate in (
        (CONFIG_KEY, "[tool.sdkgen.pagination]", _as_is),
        ("x-pagination", "x-pagination", _as_is),
        ("x-speakeasy-pagination", "x-speakeasy-pagination", _from_speakeasy),
        ("x-fern-pagination", "x-fern-pagination", _from_fern),
    ):
        declared = ctx.child(operation, key)
        if declared.value is None:
            continue
        if not isinstance(declared.value, dict):
            ctx.report("warning", f"{key} must be a mapping; the operation is not paginated", declared)
            return None
        if response is None:
            ctx.report("warning", f"{key} is declared but the operation has no JSON response; it is not paginated", declared)
            return None
        translated = translate(declared.value)
        if isinstance(translated, str):
            ctx.report("warning", f"{key}: {translated}; the operation is not paginated", declared)
            return None
        return _declared(ctx, declared, translated, shape, query_params, source)
    if response is None:
        return None
    return _detect(shape, query_params)


_DECLARATION_KEYS = (CONFIG_KEY, "x-pagination", "x-speakeasy-pagination", "x-fern-pagination")


def declares_pagination(operation: Any) -> bool:
    """Whether an operation object (or the config, for it) declares how it paginates."""
    return isinstance(operation, dict) and any(key in operation for key in _DECLARATION_KEYS)


def looks_like_list(ctx: BuildContext, response: Ref, query_params: list[str], headers: list[str], collection: str) -> bool:
    """Whether a response schema is a list: an array, a page detection recognises, or an object
    around an array named as items usually are (`data`, `entries`, ...) or as the `collection`
    it is asked from (`runners` of `/runners`, `image_versions` of `/versions`). Nothing is
    reported: this only asks."""
    shape = _Response(ctx, response, headers)
    if shape.is_array or _detect(shape, query_params) is not None:
        return True
    wanted = [w.lower() for w in naming.words(collection)]
    for name in shape.arrays():
        words = [w.lower() for w in naming.words(name)]
        if name in _ITEMS_FIELDS or (wanted and words[-len(wanted):] == wanted):
            return True
    return False


# -- declarations ------------------------------------------------------------------------------


def _as_is(value: dict[str, Any]) -> dict[str, Any]:
    return value


def _declared(
    ctx: BuildContext, where: Ref, spec: dict[str, Any], response: _Response, query_params: list[str], source: str
) -> PageShape | None:
    problems = check_declaration(spec)
    for key, message in problems:
        ctx.report("error", f"{source} key `{key}`: {message}", where)
    if problems:
        return None

    def fail(message: str) -> None:
        ctx.report("warning", f"{source}: {message}; the operation is not paginated", where)

    style = str(style_of(spec))
    items: str | None = None
    if "items" in spec:
        items_path = _parse_path(spec["items"])
        if items_path is None or len(items_path) > 1:
            fail(f"items {spec['items']!r} must name a top-level array property of the response (or `$`, the response itself)")
            return None
        items = items_path[0] if items_path else None
    elif not response.is_array:
        items = _items_field(response)
        if items is None:
            fail("`items` is not given and the response has no single array property")
            return None
    if items is None and not response.is_array:
        fail("items `$` means the response is an array, but it is not")
        return None
    if items is not None and (not response.has((items,)) or response.kind(items) not in ("array", None)):
        fail(f"items {items!r} is not an array property of the response")
        return None

    defaults = _defaults(style, response, query_params)
    paths: list[tuple[str, Path]] = []
    params: list[tuple[str, str]] = []
    for key in sorted(STYLES[style][1]):  # a frozenset: its order changes from run to run
        if key in _PATH_KEYS:
            text = spec.get(key)
            path = _parse_path(text) if text is not None else defaults.get(key)
            if text is not None and not path:
                fail(f"{key} {text!r} is not a property path such as `next_cursor` or `$.meta.next_cursor`")
                return None
            if path is None:
                continue
            if not response.has(path):
                fail(f"{key} {'.'.join(path)!r} is not a property of the response")
                return None
            paths.append((key, path))
        elif key in _PARAM_KEYS:
            name = spec.get(key, defaults.get(key))
            if name is None:
                continue
            if name not in query_params:
                fail(f"{key} {name!r} is not a query parameter of the operation")
                return None
            params.append((key, str(name)))
    if style in _MOVING_PARAM and not any(k == _MOVING_PARAM[style] for k, _ in params):
        fail(f"style {style!r} needs `{_MOVING_PARAM[style]}`, a query parameter of the operation")
        return None
    if style == "cursor" and not any(k == "cursor" for k, _ in paths):
        fail("style 'cursor' needs `cursor`, the response property holding the next cursor")
        return None
    if style == "next_url" and not paths:
        fail("style 'next_url' needs `next_url`, the response property holding the next page's URL")
        return None
    return PageShape(
        style,
        items,
        tuple(paths),
        tuple(params),
        item_id=str(spec.get("item_id", "id")) if style == "item_cursor" else None,
        first_page=int(spec.get("first_page", 1)) if style == "page" else None,
        detected=False,
        declared_by=source,
    )


def _defaults(style: str, response: _Response, query_params: list[str]) -> dict[str, Any]:
    """What a declaration leaves out, filled in from the conventional names present."""

    def param(names: tuple[str, ...]) -> str | None:
        return next((n for n in names if n in query_params), None)

    def field(names: tuple[str, ...]) -> Path | None:
        found = response.first(names)
        return (found,) if found else None

    return {
        "cursor": field(_CURSOR_FIELDS),
        "cursor_param": param(_CURSOR_PARAMS) if style == "cursor" else param(_ITEM_CURSOR_PARAMS),
        "has_more": field(_HAS_MORE_FIELDS),
        "offset_param": param(_OFFSET_PARAMS),
        "limit_param": param(_LIMIT_PARAMS),
        "total": field(_TOTAL_FIELDS),
        "page_param": param(_PAGE_PARAMS),
        "total_pages": field(_TOTAL_PAGES_FIELDS),
        "next_url": field(_NEXT_URL_FIELDS),
    }


_SEGMENT = re.compile(r"""\.?([^.\[\]'"]+)|\[['"]([^'"]+)['"]\]""")


def _parse_path(text: Any) -> Path | None:
    """`next_cursor`, `meta.next_cursor`, `$.meta.next_cursor`, `$response.meta["next"]`, `$`
    → the names along the path (empty for `$`); None when it is not such a path."""
    if not isinstance(text, str):
        return None
    rest = re.sub(r"^\$(response|request)?", "", text.strip())
    parts: list[str] = []
    position = 0
    while position < len(rest):
        match = _SEGMENT.match(rest, position)
        if match is None or match.end() == position:
            return None
        parts.append(match.group(1) or match.group(2))
        position = match.end()
    return tuple(parts)


def _request_param(text: Any) -> str | None:
    """`$request.starting_after` → `starting_after`."""
    if not isinstance(text, str) or not text.startswith("$request."):
        return None
    name = text.removeprefix("$request.")
    return name if name and "." not in name and "[" not in name else None


def _from_speakeasy(value: dict[str, Any]) -> dict[str, Any] | str:
    """An `x-speakeasy-pagination` (type cursor / offsetLimit / url) in x-pagination's terms."""
    kind = value.get("type")
    inputs = value.get("inputs") or []
    outputs = value.get("outputs") or {}
    if not isinstance(inputs, list) or not isinstance(outputs, dict):
        return "`inputs` must be a list and `outputs` a mapping"
    by_type: dict[str, str] = {}
    for entry in inputs:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            return "every input needs a `name`"
        if entry.get("in", "parameters") != "parameters":
            return f"input {entry['name']!r} is sent in {entry.get('in')!r}; only query parameters are supported"
        by_type[str(entry.get("type"))] = entry["name"]
    out: dict[str, Any] = {}
    if "results" in outputs:
        out["items"] = outputs["results"]
    if kind == "cursor":
        next_cursor = outputs.get("nextCursor")
        if "cursor" not in by_type or not isinstance(next_cursor, str):
            return "type cursor needs an input of type cursor and outputs.nextCursor"
        last = re.fullmatch(r"\$\.?([\w@]+)\[(?:-1|\(@\.length\s*-\s*1\))\]\.([\w@]+)", next_cursor.strip())
        if last:
            out.update(style="item_cursor", items=last.group(1), item_id=last.group(2), cursor_param=by_type["cursor"])
        else:
            out.update(style="cursor", cursor=next_cursor, cursor_param=by_type["cursor"])
    elif kind == "offsetLimit":
        if "offset" in by_type:
            out.update(style="offset", offset_param=by_type["offset"])
            if "limit" in by_type:
                out["limit_param"] = by_type["limit"]
        elif "page" in by_type:
            out.update(style="page", page_param=by_type["page"])
            if "numPages" in outputs:
                out["total_pages"] = outputs["numPages"]
        else:
            return "type offsetLimit needs an input of type offset or page"
    elif kind == "url":
        if not isinstance(outputs.get("nextUrl"), str):
            return "type url needs outputs.nextUrl"
        out.update(style="next_url", next_url=outputs["nextUrl"])
    else:
        return f"type {kind!r} is not supported (cursor, offsetLimit, url)"
    return out


def _from_fern(value: dict[str, Any]) -> dict[str, Any] | str:
    """An `x-fern-pagination` (cursor/next_cursor/results, or offset[/step]/results) in
    x-pagination's terms."""
    known = {"cursor", "next_cursor", "results", "offset", "step", "has-next-page"}
    unknown = sorted(set(value) - known)
    if unknown:
        return f"key {unknown[0]!r} is not supported (known: {', '.join(sorted(known))})"
    out: dict[str, Any] = {}
    if "results" in value:
        out["items"] = value["results"]
    if "has-next-page" in value:
        out["has_more"] = value["has-next-page"]
    if "cursor" in value:
        param = _request_param(value["cursor"])
        if param is None or "next_cursor" not in value:
            return "cursor must be `$request.<query parameter>`, with next_cursor `$response.<path>`"
        out.update(style="cursor", cursor_param=param, cursor=value["next_cursor"])
    elif "offset" in value:
        param = _request_param(value["offset"])
        if param is None:
            return "offset must be `$request.<query parameter>`"
        if "step" in value:
            step = _request_param(value["step"])
            if step is None:
                return "step must be `$request.<query parameter>`"
            out.update(style="offset", offset_param=param, limit_param=step)
        else:  # Fern moves such an "offset" on by one page at a time: a page number
            out.update(style="page", page_param=param)
    else:
        return "needs `cursor` or `offset`"
    return out


# -- detection ---------------------------------------------------------------------------------


def _items_field(response: _Response) -> str | None:
    arrays = response.arrays()
    if len(arrays) == 1:
        return arrays[0]
    return next((name for name in _ITEMS_FIELDS if name in arrays), None)


def _detect(response: _Response, query_params: list[str]) -> PageShape | None:
    """The style an undeclared operation's shape reveals, checked from the most specific."""
    items = None if response.is_array else _items_field(response)
    if items is None and not response.is_array:
        return None

    def param(names: tuple[str, ...]) -> str | None:
        return next((n for n in names if n in query_params), None)

    def field(names: tuple[str, ...], kind: str | None = None) -> tuple[str, ...] | None:
        found = response.first(names, kind)
        return (found,) if found else None

    def shape(style: str, paths: dict[str, Path | None], params: dict[str, str | None], **extra: Any) -> PageShape:
        return PageShape(
            style,
            items,
            tuple((k, v) for k, v in paths.items() if v),
            tuple((k, v) for k, v in params.items() if v),
            **extra,
        )

    has_more = field(_HAS_MORE_FIELDS, "boolean")
    if "link" in response.headers:
        return shape("link", {}, {})
    next_url = field(_NEXT_URL_FIELDS, "string")
    cursor_param, cursor = param(_CURSOR_PARAMS), field(_CURSOR_FIELDS, "string")
    if next_url is not None and cursor_param and not cursor and not response.is_uri(next_url[0]):
        # `next` beside a `cursor` parameter, and not said to be a URL: the next cursor.
        cursor = next_url
    elif next_url is not None:
        return shape("next_url", {"next_url": next_url}, {})
    if cursor_param and cursor:
        return shape("cursor", {"cursor": cursor, "has_more": has_more}, {"cursor_param": cursor_param})
    after = param(_ITEM_CURSOR_PARAMS)
    if after and has_more:
        return shape("item_cursor", {"has_more": has_more}, {"cursor_param": after}, item_id="id")
    offset = param(_OFFSET_PARAMS)
    if offset:
        total = field(_TOTAL_FIELDS, "integer")
        return shape("offset", {"total": total, "has_more": has_more}, {"offset_param": offset, "limit_param": param(_LIMIT_PARAMS)})
    page = param(_PAGE_PARAMS)
    if page:
        return shape("page", {"total_pages": field(_TOTAL_PAGES_FIELDS, "integer"), "has_more": has_more}, {"page_param": page}, first_page=1)
    return None


# -- the IR ------------------------------------------------------------------------------------


def page_class_name(shape: PageShape) -> str:
    """`SyncCursorExpressCustomers`: the style and the items property name."""
    return "Sync" + _CLASS_PREFIX[shape.style] + naming.pascal(shape.items or "items")


def make_pagination(
    shape: PageShape,
    class_name: str,
    fields: tuple[ir.Field, ...],
    item_type: ir.TypeRef,
    field_of: Callable[[ir.TypeRef, str], Optional[ir.Field]],
) -> ir.Pagination:
    """Split a page response's fields into items, cursor, has_more and the rest, and spell the
    runtime spec that works out the next request.

    `field_of(type, wire_name)` is the field of a model type by its wire name (for paths that
    go into nested objects, and for the item's id).
    """
    by_wire = {f.wire_name: f for f in fields}
    items = by_wire[shape.items or "items"]
    item_list = dataclasses.replace(items, type=ir.TypeRef("list", args=(ir.PAGE_ITEM,)))

    def attribute_path(path: Path) -> str:
        found = by_wire.get(path[0])
        names = [found.name if found else naming.field_name(path[0])]
        for wire_name in path[1:]:
            nested = field_of(found.type, wire_name) if found else None
            names.append(nested.name if nested else naming.field_name(wire_name))
            found = nested
        return ".".join(names)

    values: dict[str, ir.LiteralValue] = {}
    for key, path in shape.paths:
        values[key] = attribute_path(path)
    for key, name in shape.params:
        values[key] = name
    if shape.item_id is not None:
        found = field_of(item_type, shape.item_id)
        values["item_id"] = found.name if found else shape.item_id
    if shape.first_page is not None and shape.first_page != 1:
        values["first_page"] = shape.first_page
    args = (("items", items.name),) + tuple((k, values[k]) for k in _SPEC_ORDER[shape.style] if k in values)

    def top_level(key: str) -> ir.Field | None:
        path = shape.path(key)
        return by_wire[path[0]] if path and len(path) == 1 else None

    cursor = top_level("cursor") or top_level("next_url")
    has_more = top_level("has_more")
    special = {f.wire_name for f in (items, cursor, has_more) if f is not None}
    return ir.Pagination(
        scheme=shape.style,  # type: ignore[arg-type]
        page_class=class_name,
        items=item_list,
        cursor=cursor,
        has_more=has_more,
        cursor_param=shape.param(_MOVING_PARAM.get(shape.style, "")) or "",
        other_fields=tuple(f for f in fields if f.wire_name not in special),
        detected=shape.detected,
        spec_class=_SPEC_CLASS[shape.style],
        spec_args=args,
        declared_by=shape.declared_by,
    )
