"""Sentinels and type aliases shared by the client, the resources and the options."""

from __future__ import annotations

from typing import Mapping, Union

import httpx
from typing_extensions import Literal, TypeAlias

__all__ = [
    "Body",
    "Headers",
    "NotGiven",
    "Omit",
    "Query",
    "Timeout",
    "not_given",
    "omit",
]


class NotGiven:
    """Marks an argument that was not passed, where `None` has a meaning of its own.

    `timeout=None` disables the timeout; `timeout=not_given` keeps the client's.
    """

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "not_given"


not_given = NotGiven()


class Omit:
    """Marks a keyword left out of a request: its key is dropped, not sent as null.

    As a header value, it removes a default header: `extra_headers={"Accept": omit}`.
    """

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"


omit = Omit()

Timeout: TypeAlias = Union[float, httpx.Timeout, None]
Headers: TypeAlias = Mapping[str, Union[str, Omit]]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = Mapping[str, object]
