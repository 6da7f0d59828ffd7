"""Which operations return pages, and what the next request is.

An operation is paginated when it declares `x-pagination`, or when its shape says so: a `cursor`
query parameter, and a response object with exactly one array property next to `cursor` and
`hasMore`. A malformed declaration is a warning, and the operation then returns its plain response.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import ir, naming
from ..load import Ref
from .context import BuildContext

_CURSOR_FIELDS = ("cursor", "nextCursor", "next_cursor")
_HAS_MORE_FIELDS = ("hasMore", "has_more")


@dataclasses.dataclass(frozen=True)
class PageShape:
    """Wire names of a cursor page's parts, before Python names and types are given."""

    items: str
    cursor: str
    has_more: str | None
    cursor_param: str
    detected: bool


def find_page_shape(ctx: BuildContext, operation: Ref, response: Ref | None, query_params: list[str]) -> PageShape | None:
    """The page shape of an operation, declared or detected; None when it is not paginated."""
    declared = ctx.child(operation, "x-pagination")
    properties = _properties(ctx, response) if response is not None else {}
    if declared.value is not None:
        return _declared(ctx, declared, properties, query_params)
    if "cursor" not in query_params or not properties:
        return None
    arrays = [name for name, schema in properties.items() if schema.get("type") == "array"]
    cursor = next((name for name in _CURSOR_FIELDS if name in properties), None)
    has_more = next((name for name in _HAS_MORE_FIELDS if name in properties), None)
    if len(arrays) != 1 or cursor is None or has_more is None:
        return None
    return PageShape(arrays[0], cursor, has_more, "cursor", detected=True)


def _declared(ctx: BuildContext, declared: Ref, properties: dict[str, Any], query_params: list[str]) -> PageShape | None:
    spec = declared.value
    if not isinstance(spec, dict):
        ctx.report("warning", "x-pagination must be a mapping; the operation is not paginated", declared)
        return None
    scheme = spec.get("scheme", "cursor")
    if scheme != "cursor":
        ctx.report("warning", f"x-pagination scheme {scheme!r} is not supported yet (only 'cursor'); the operation is not paginated", declared)
        return None
    items = spec.get("items")
    cursor = spec.get("cursor", "cursor")
    has_more = spec.get("has_more")
    cursor_param = spec.get("cursor_param", "cursor")
    for key, name in (("items", items), ("cursor", cursor), ("has_more", has_more)):
        if name is not None and name not in properties:
            ctx.report("warning", f"x-pagination {key} {name!r} is not a property of the response; the operation is not paginated", declared)
            return None
    if items is None:
        ctx.report("warning", "x-pagination needs `items`, the array property of the response", declared)
        return None
    if cursor_param not in query_params:
        ctx.report("warning", f"x-pagination cursor_param {cursor_param!r} is not a query parameter of the operation", declared)
        return None
    return PageShape(str(items), str(cursor), str(has_more) if has_more else None, str(cursor_param), detected=False)


def _properties(ctx: BuildContext, response: Ref) -> dict[str, Any]:
    value = ctx.resolve(response).value
    props = value.get("properties") if isinstance(value, dict) else None
    if not isinstance(props, dict):
        return {}
    return {str(k): (ctx.resolve(ctx.child(ctx.resolve(response), "properties", k)).value or {}) for k in props}


def page_class_name(shape: PageShape) -> str:
    """`SyncCursorExpressCustomers`: the scheme and the items property name."""
    return "SyncCursor" + naming.pascal(shape.items)


def make_pagination(shape: PageShape, class_name: str, fields: tuple[ir.Field, ...]) -> ir.Pagination:
    """Split a page response's fields into items, cursor, has_more and the rest."""
    by_wire = {f.wire_name: f for f in fields}
    items = by_wire[shape.items]
    item_list = dataclasses.replace(items, type=ir.TypeRef("list", args=(ir.PAGE_ITEM,)))
    special = {shape.items, shape.cursor, shape.has_more}
    return ir.Pagination(
        scheme="cursor",
        page_class=class_name,
        items=item_list,
        cursor=by_wire[shape.cursor],
        has_more=by_wire[shape.has_more] if shape.has_more else None,
        cursor_param=shape.cursor_param,
        other_fields=tuple(f for f in fields if f.wire_name not in special),
        detected=shape.detected,
    )
