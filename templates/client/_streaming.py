"""Server-sent events (`text/event-stream`): `Stream` and `AsyncStream` of typed events.

Iterate with `for` (or `async for`); the connection is released when the loop ends, when
`close()` is called, or when the `with` block around the stream ends. Events are parsed as
the SSE specification says: `data` lines joined by newlines, `event`, `id` and `retry`
fields kept, comment lines ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import TracebackType
from typing import (
    Any,
    AsyncIterator,
    Callable,
    Generic,
    Iterable,
    Iterator,
    List,
    Optional,
    Type,
    TypeVar,
)

import httpx
from typing_extensions import Self, get_args, get_origin

__all__ = ["AsyncStream", "ServerSentEvent", "Stream"]

_T = TypeVar("_T")

# Many APIs end a stream with this `data` rather than by closing it; it is not an event.
_DONE = "[DONE]"


@dataclass(frozen=True)
class ServerSentEvent:
    """One event of a `text/event-stream` response, undecoded."""

    data: str
    event: str = "message"
    id: Optional[str] = None
    retry: Optional[int] = None

    def json(self) -> Any:
        """`data` decoded as JSON."""
        return json.loads(self.data)


class SSEDecoder:
    """Turns the lines of an event stream into events, one line at a time."""

    def __init__(self) -> None:
        self._data: List[str] = []
        self._event = ""
        self._id: Optional[str] = None
        self._retry: Optional[int] = None

    def decode(self, line: str) -> Optional[ServerSentEvent]:
        """The event that `line` completes, if it is the blank line that ends one."""
        if not line:
            if not self._data:
                self._event = ""  # an event without data is not dispatched
                return None
            event = ServerSentEvent(
                "\n".join(self._data), self._event or "message", self._id, self._retry
            )
            self._data, self._event, self._retry = [], "", None
            return event  # the last event id stays until an `id` field changes it
        if line.startswith(":"):
            return None  # a comment
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None

    def flush(self) -> Optional[ServerSentEvent]:
        """The event still pending when the stream ends without a final blank line."""
        return self.decode("")


def _events(lines: Iterable[str]) -> Iterator[ServerSentEvent]:
    decoder = SSEDecoder()
    for line in lines:
        event = decoder.decode(line)
        if event is not None:
            yield event
    event = decoder.flush()
    if event is not None:
        yield event


def _same(event: ServerSentEvent) -> Any:
    return event


def _decoder(item_type: Any) -> Callable[[ServerSentEvent], Any]:
    """A function from a raw event to the stream's item: the event itself, or its JSON data as `item_type`."""
    if item_type is ServerSentEvent:
        return _same
    from ._models import construct_lenient

    def decode(event: ServerSentEvent) -> Any:
        try:
            data: object = json.loads(event.data)
        except ValueError:
            data = event.data
        return construct_lenient(item_type, data)

    return decode


class Stream(Generic[_T]):
    """The events of a streamed response, each decoded as `_T`, read as they arrive."""

    def __init__(self, item_type: Type[_T], response: httpx.Response) -> None:
        self.response = response
        self._decode = _decoder(item_type)

    def __iter__(self) -> Iterator[_T]:
        try:
            for event in _events(self.response.iter_lines()):
                if event.data == _DONE:
                    break
                yield self._decode(event)
        finally:
            self.response.close()

    def close(self) -> None:
        """Release the connection, reading no more events."""
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        self.close()


class AsyncStream(Generic[_T]):
    """The events of a streamed response of the async client, for `async for`.

    The connection is released when the loop ends. After a `break`, the event loop releases it
    once the iteration is garbage-collected; `async with stream:` releases it at once.
    """

    def __init__(self, item_type: Type[_T], response: httpx.Response) -> None:
        self.response = response
        self._decode = _decoder(item_type)

    async def __aiter__(self) -> AsyncIterator[_T]:
        decoder = SSEDecoder()
        try:
            async for line in self.response.aiter_lines():
                event = decoder.decode(line)
                if event is None:
                    continue
                if event.data == _DONE:
                    return
                yield self._decode(event)
            event = decoder.flush()
            if event is not None and event.data != _DONE:
                yield self._decode(event)
        finally:
            await self.response.aclose()

    async def close(self) -> None:
        """Release the connection, reading no more events."""
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        await self.close()


def make_stream(cast_to: Any, response: httpx.Response) -> Any:
    """The `Stream[X]` or `AsyncStream[X]` that `cast_to` names, reading `response`."""
    origin = get_origin(cast_to) or cast_to
    args = get_args(cast_to)
    item_type = args[0] if args else ServerSentEvent
    return origin(item_type, response)
