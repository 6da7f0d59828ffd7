"""Fixtures of the tests of `avara.AsyncAvara`, which run under anyio's pytest plugin (asyncio).

A test module imports the fixtures it uses: `from .async_helpers import async_client, make_async_client`.

- `make_async_client`: builds `avara.AsyncAvara` clients aimed at the `server` fixture, closed after the test.
- `async_client`: one that does not retry, so that one call is one request.
- `async_sleeps`: the retry delays the client asks `asyncio.sleep` for, without waiting them.
"""

from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator, Callable, List

import pytest

from .conftest import API_KEY
from .scripted_server import ScriptedServer


@pytest.fixture
async def make_async_client(server: ScriptedServer) -> AsyncIterator[Callable[..., Any]]:
    import avara

    made: List[Any] = []

    def make(**options: Any) -> Any:
        options.setdefault("api_key", API_KEY)
        options.setdefault("base_url", server.url)
        made.append(avara.AsyncAvara(**options))
        return made[-1]

    yield make
    for client in made:
        await client.close()


@pytest.fixture
def async_client(make_async_client: Callable[..., Any]) -> Any:
    return make_async_client(max_retries=0)


@pytest.fixture
def async_sleeps(monkeypatch: pytest.MonkeyPatch) -> List[float]:
    """Every non-zero delay passed to `asyncio.sleep`, in order; those return at once.

    Zero-second sleeps are the event loop's own checkpoints: they still run.
    """
    asked: List[float] = []
    real_sleep = asyncio.sleep

    async def sleep(delay: float, result: Any = None) -> Any:
        if delay:
            asked.append(delay)
        return await real_sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    return asked
