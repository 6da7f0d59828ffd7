"""The pagination styles a declaration may name, and the keys each one takes.

A declaration is what `x-pagination` on an operation, or an entry of `[tool.sdkgen.pagination]`,
says; both are checked here, so that the spec and the config accept exactly the same keys.
(Kept apart from `build`, which the config must not import.)
"""

from __future__ import annotations

from typing import Any

# style → (what the next request is, keys besides `style` and `items`)
STYLES: dict[str, tuple[str, frozenset[str]]] = {
    "cursor": ("a response field's cursor in a query param", frozenset({"cursor", "cursor_param", "has_more"})),
    "item_cursor": ("the last item's id in a query param (`starting_after`)", frozenset({"item_id", "cursor_param", "has_more"})),
    "offset": ("offset + number of items in a query param", frozenset({"offset_param", "limit_param", "total", "has_more"})),
    "page": ("page number + 1 in a query param", frozenset({"page_param", "total_pages", "has_more", "first_page"})),
    "next_url": ("the URL in a response field", frozenset({"next_url"})),
    "link": ('the `Link: <...>; rel="next"` response header', frozenset()),
}
# How the generation summary names each style: "x.list returns SyncOffsetRecords (offset pages, ...)".
LABELS = {
    "cursor": "cursor",
    "item_cursor": "last-item cursor",
    "offset": "offset",
    "page": "page-number",
    "next_url": "next-URL",
    "link": "Link-header",
}
DEFAULT_STYLE = "cursor"
COMMON_KEYS = frozenset({"style", "scheme", "items"})  # `scheme`: the older spelling of `style`
INT_KEYS = frozenset({"first_page"})
ALL_KEYS = COMMON_KEYS.union(*(keys for _, keys in STYLES.values()))


def style_of(declaration: dict[str, Any]) -> Any:
    """The style a declaration names (`style`, else `scheme`), else the default."""
    return declaration.get("style", declaration.get("scheme", DEFAULT_STYLE))


def check_declaration(declaration: dict[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with a declaration: (the key at fault, what is wrong with it) pairs."""
    style = style_of(declaration)
    if style not in STYLES:
        known = ", ".join(STYLES)
        key = "style" if "style" in declaration else "scheme"
        return [(key, f"{style!r} is not a pagination style (known: {known})")]
    allowed = COMMON_KEYS | STYLES[style][1]
    found: list[tuple[str, str]] = []
    for key, value in declaration.items():
        if key not in allowed:
            known = ", ".join(sorted(allowed - {"scheme"}))
            elsewhere = "" if key not in ALL_KEYS else f" for style {style!r}"
            found.append((str(key), f"unknown key{elsewhere} (known: {known})"))
        elif key in INT_KEYS:
            if not isinstance(value, int) or isinstance(value, bool):
                found.append((key, "must be an integer"))
        elif not isinstance(value, str) or not value:
            found.append((key, "must be a non-empty string"))
    return found
