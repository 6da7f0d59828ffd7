"""The HTTP response behind a call: `with_raw_response` and `with_streaming_response`.

`client.<resource>.with_raw_response.<method>()` returns the call's `APIResponse`, body read.
`client.<resource>.with_streaming_response.<method>()` is a context manager: its response's
body is read only by `.read()`, `.parse()` or the `iter_*` methods, and the connection is
released when the block ends. The async client has the same, with `AsyncAPIResponse`.
"""

from __future__ import annotations

import functools
import json
import os
from contextvars import ContextVar
from types import TracebackType
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generic,
    Iterator,
    Optional,
    Type,
    TypeVar,
    Union,
    cast,
)

import httpx
from typing_extensions import ParamSpec

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncResponseContextManager",
    "ResponseContextManager",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")

# What the client's request() returns while a wrapped method runs: the parsed value (PARSED),
# an APIResponse whose body is read (RAW), or one whose body is not read yet (STREAMED). A
# context variable rather than a marker header, so nothing extra can reach the wire; it
# follows asyncio tasks too.
PARSED = 0
RAW = 1
STREAMED = 2
RESPONSE_MODE: ContextVar[int] = ContextVar(f"{__name__}.mode", default=PARSED)


class _Unparsed:
    pass


_UNPARSED = _Unparsed()


class BaseAPIResponse(Generic[_R]):
    """What the sync and async responses share: the metadata of the HTTP response."""

    http_response: httpx.Response
    retries_taken: int
    """How many times the request was retried before this response (0: first try)."""

    def __init__(
        self,
        *,
        raw: httpx.Response,
        parser: Callable[[], _R],
        retries_taken: int,
    ) -> None:
        self.http_response = raw
        self.retries_taken = retries_taken
        self._parser = parser
        self._parsed: _R | _Unparsed = _UNPARSED

    @property
    def http_request(self) -> httpx.Request:
        return self.http_response.request

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_request.method

    @property
    def is_closed(self) -> bool:
        """True once the body is read or the response closed: the connection is released."""
        return self.http_response.is_closed

    @property
    def elapsed(self) -> float:
        """Seconds between sending the request and reading the whole response."""
        return self.http_response.elapsed.total_seconds()

    def _parse_read(self) -> _R:
        if isinstance(self._parsed, _Unparsed):
            self._parsed = self._parser()
        return self._parsed

    def __repr__(self) -> str:
        status = f"{self.status_code} {self.http_response.reason_phrase}"
        # Without the query string, which may carry a credential.
        url = self.url.copy_with(query=None)
        return f"<{type(self).__name__} [{status}] {self.method} {url}>"


class APIResponse(BaseAPIResponse[_R]):
    """The HTTP response of a successful call; `.parse()` gives the call's value."""

    @property
    def content(self) -> bytes:
        return self.read()

    @property
    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        return json.loads(self.read())

    def read(self) -> bytes:
        """The whole body, read from the network on first use."""
        return self.http_response.read()

    def parse(self) -> _R:
        """The value the call returns without `with_raw_response`; decoded once."""
        self.read()
        return self._parse_read()

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body in chunks as it arrives (decoded from gzip etc.)."""
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def write_to_file(self, file: Union[str, "os.PathLike[str]"]) -> None:
        """Write the body to the file at `file` chunk by chunk as it arrives, never all in memory."""
        with open(file, "wb") as out:
            for chunk in self.http_response.iter_bytes():
                out.write(chunk)

    def close(self) -> None:
        """Release the connection, reading no more of the body."""
        self.http_response.close()


class AsyncAPIResponse(BaseAPIResponse[_R]):
    """The HTTP response of a successful async call; `await .parse()` gives its value."""

    @property
    def content(self) -> bytes:
        """The body; it must have been read (`await .read()`) in a streamed response."""
        return self.http_response.content

    async def read(self) -> bytes:
        """The whole body, read from the network on first use."""
        return await self.http_response.aread()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        return json.loads(await self.read())

    async def parse(self) -> _R:
        """The value the call returns without `with_raw_response`; decoded once."""
        await self.read()
        return self._parse_read()

    def iter_bytes(self, chunk_size: Optional[int] = None) -> AsyncIterator[bytes]:
        """The body in chunks as it arrives (decoded from gzip etc.)."""
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: Optional[int] = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def write_to_file(self, file: Union[str, "os.PathLike[str]"]) -> None:
        """Write the body to the file at `file` chunk by chunk as it arrives, never all in memory."""
        with open(file, "wb") as out:
            async for chunk in self.http_response.aiter_bytes():
                out.write(chunk)

    async def close(self) -> None:
        """Release the connection, reading no more of the body."""
        await self.http_response.aclose()


class ResponseContextManager(Generic[_R]):
    """`with ... as response:` sends the request on entry and closes the response on exit."""

    def __init__(self, send: Callable[[], APIResponse[_R]]) -> None:
        self._send = send
        self._response: Optional[APIResponse[_R]] = None

    def __enter__(self) -> APIResponse[_R]:
        token = RESPONSE_MODE.set(STREAMED)
        try:
            self._response = self._send()
        finally:
            RESPONSE_MODE.reset(token)
        return self._response

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[_R]):
    """`async with ... as response:` sends on entry and closes the response on exit."""

    def __init__(self, send: Callable[[], Awaitable[AsyncAPIResponse[_R]]]) -> None:
        self._send = send
        self._response: Optional[AsyncAPIResponse[_R]] = None

    async def __aenter__(self) -> AsyncAPIResponse[_R]:
        token = RESPONSE_MODE.set(STREAMED)
        try:
            self._response = await self._send()
        finally:
            RESPONSE_MODE.reset(token)
        return self._response

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        if self._response is not None:
            await self._response.close()


def to_raw_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, APIResponse[_R]]:
    """`func`, changed to return the APIResponse of its request instead of its value."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        token = RESPONSE_MODE.set(RAW)
        try:
            return cast(APIResponse[_R], func(*args, **kwargs))
        finally:
            RESPONSE_MODE.reset(token)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, Awaitable[AsyncAPIResponse[_R]]]:
    """`func`, changed to return the AsyncAPIResponse of its request instead of its value."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncAPIResponse[_R]:
        token = RESPONSE_MODE.set(RAW)
        try:
            return cast(AsyncAPIResponse[_R], await func(*args, **kwargs))
        finally:
            RESPONSE_MODE.reset(token)

    return wrapped


def to_streamed_response_wrapper(
    func: Callable[_P, _R],
) -> Callable[_P, ResponseContextManager[_R]]:
    """`func`, changed to return a context manager around its unread response."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[_R]:
        send = cast(
            Callable[[], APIResponse[_R]], functools.partial(func, *args, **kwargs)
        )
        return ResponseContextManager(send)

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, AsyncResponseContextManager[_R]]:
    """`func`, changed to return an async context manager around its unread response."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncResponseContextManager[_R]:
        async def send() -> AsyncAPIResponse[_R]:
            return cast(AsyncAPIResponse[_R], await func(*args, **kwargs))

        return AsyncResponseContextManager(send)

    return wrapped
