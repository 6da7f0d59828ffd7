"""Small helpers for building requests: paths, omitted keys, JSON encoding."""

from __future__ import annotations

import datetime as _dt
import json
import re
import sys
import uuid
from typing import Any, Dict, List, Mapping, Optional, Tuple, TypeVar, Union, cast
from urllib.parse import quote

from typing_extensions import TypeGuard

from ._types import NotGiven, Omit

__all__ = [
    "PropertyInfo",
    "build_path",
    "encode_cookies",
    "encode_json",
    "encode_query",
    "header_value",
    "is_given",
    "strip_omitted",
]

_T = TypeVar("_T")

_PATH_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

# What RFC 3986 lets a path segment hold as it is, besides the unreserved characters
# (which `quote` never escapes): the sub-delimiters, ":" and "@".
_SEGMENT_SAFE = "!$&'()*+,;=:@"
# An item of an array or object value: its commas escaped, the joining ones left bare.
_ITEM_SAFE = _SEGMENT_SAFE.replace(",", "")


def build_path(template: str, /, **params: object) -> str:
    """Fill each `{name}` of `template` with `str(params[name])` encoded as one path segment
    (`template` is positional only: a path parameter may have its name).

    Everything a segment may not hold as it is (`/`, `?`, `#`, `%`, space, non-ASCII...) is
    percent-encoded, so a value can never add a path segment or a query. Empty values and
    `.`/`..` segments are refused: they would address another resource.
    """

    def fill(match: "re.Match[str]") -> str:
        name = match.group(1)
        value = params[name]
        # OpenAPI's `simple` style: array items, and an object's keys and values, joined by commas.
        if isinstance(value, Mapping):
            items = [
                part
                for pair in cast(Mapping[str, object], value).items()
                for part in pair
            ]
            safe = _ITEM_SAFE
        elif isinstance(value, (list, tuple)):
            items = list(cast(List[object], value))
            safe = _ITEM_SAFE
        else:
            items = [value]
            safe = _SEGMENT_SAFE
        text = ",".join(
            quote(scalar_text(item), safe=safe) for item in items if item is not None
        )
        if not text:
            raise ValueError(
                f"Expected a non-empty value for `{name}` but received {value!r}"
            )
        return text

    path = _PATH_PARAM.sub(fill, template)
    for segment in path.split("/"):
        if segment == "." or segment == "..":
            raise ValueError(
                f"Constructed path {path!r} contains dot-segment {segment!r} "
                "which is not allowed"
            )
    return path


def scalar_text(value: object) -> str:
    """A single parameter value as text: booleans as `true`/`false`, dates in ISO 8601."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return str(value)


def header_value(value: object) -> str:
    """A header parameter's value: an array as comma-separated items (OpenAPI `simple` style)."""
    if isinstance(value, (list, tuple)):
        return ",".join(scalar_text(item) for item in cast(List[object], value))
    return scalar_text(value)


def encode_cookies(cookies: Mapping[str, object]) -> str:
    """A `Cookie` header from cookie parameters; omitted and None values are left out."""
    pairs = [
        f"{name}={quote(header_value(value), safe='')}"
        for name, value in cookies.items()
        if value is not None and not isinstance(value, (Omit, NotGiven))
    ]
    return "; ".join(pairs)


_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


def encode_query(
    params: Mapping[str, object],
    styles: Optional[Mapping[str, Tuple[str, bool]]] = None,
) -> Dict[str, object]:
    """Query values for httpx: `omit` and None left out, scalars as text (`scalar_text`), and
    arrays and objects spelled in their OpenAPI `(style, explode)`.

    form, exploded (an array's default): `ids=1&ids=2`, an object's keys as parameters; form,
    not exploded: `ids=1,2`, `obj=a,1,b,2`; spaceDelimited and pipeDelimited: `ids=1%202`,
    `ids=1|2`; deepObject (an object's default): `obj[a]=1&obj[b]=2`, nested as deep as it goes.
    """
    out: Dict[str, object] = {}
    for name, value in params.items():
        style, explode = (styles or {}).get(name, ("", True))
        _add_query_value(out, name, value, style, explode)
    return out


def _add_query_value(
    out: Dict[str, object], name: str, value: object, style: str, explode: bool
) -> None:
    if value is None or isinstance(value, (Omit, NotGiven)):
        return
    if isinstance(value, Mapping):
        mapping = cast(Mapping[str, object], value)
        if style in _DELIMITERS and not explode:
            parts = [
                scalar_text(part)
                for pair in mapping.items()
                if pair[1] is not None
                for part in pair
            ]
            out[name] = _DELIMITERS[style].join(parts)
        elif style == "form":
            for key, item in mapping.items():
                _add_query_value(out, key, item, "", True)
        else:
            for key, item in mapping.items():
                _add_query_value(out, f"{name}[{key}]", item, "deepObject", True)
    elif isinstance(value, (list, tuple)):
        items = [
            scalar_text(item) for item in cast(List[object], value) if item is not None
        ]
        if style in _DELIMITERS and not explode:
            out[name] = _DELIMITERS[style].join(items)
        else:
            out[name] = items
    else:
        out[name] = scalar_text(value)


class PropertyInfo:
    """Metadata of a params TypedDict key, in `Annotated[...]`: its name on the wire."""

    __slots__ = ("alias",)

    def __init__(self, *, alias: Optional[str] = None) -> None:
        self.alias = alias

    def __repr__(self) -> str:
        return f"PropertyInfo(alias={self.alias!r})"


def is_given(value: Union[_T, NotGiven, Omit]) -> TypeGuard[_T]:
    """True unless `value` is one of the `not_given` / `omit` sentinels."""
    return not isinstance(value, (NotGiven, Omit))


def strip_omitted(values: Optional[Mapping[str, object]]) -> Dict[str, object]:
    """A copy of `values` without the keys whose value is `omit` or `not_given`."""
    if not values:
        return {}
    return {
        key: value
        for key, value in values.items()
        if not isinstance(value, (Omit, NotGiven))
    }


def _json_default(value: object) -> Any:
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    # A model can only exist once pydantic is imported; looking it up keeps this module light.
    pydantic = sys.modules.get("pydantic")
    if pydantic is not None and isinstance(value, pydantic.BaseModel):
        model: Any = value
        return model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, (set, frozenset)):
        return list(cast("set[object]", value))
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def encode_json(value: object) -> bytes:
    """Compact UTF-8 JSON; datetimes as ISO 8601, pydantic models by alias."""
    return json.dumps(
        value, default=_json_default, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
