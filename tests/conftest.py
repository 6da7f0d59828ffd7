"""Fixtures of the tests of the generated `avara` client.

- `server`: a `ScriptedServer` (see scripted_server.py) on 127.0.0.1, one per test.
- `client` / `make_client`: an `avara.Avara` aimed at `server`.
- `sleeps`: records the delays the client asks `time.sleep` for, without sleeping.
- `prism`: a Prism mock of spec/express.yaml, one per test session; `prisms`: one of each fixture
  spec (fixture_sdks.py), started together.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator, List

import pytest
from hypothesis import settings

from .fixture_sdks import FIXTURE_SDKS, PrismError, PrismPool
from .scripted_server import ScriptedServer

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"

# The golden records hold generated SDKs with their own tests (and conftest.py): those run only
# against a mock, from test_generated_tests.py, not as part of this suite.
collect_ignore = ["fixtures"]

# Property tests draw the same examples on every run, so CI sees what a local run saw; a failure
# found by `HYPOTHESIS_PROFILE=explore` (fresh random draws each run) becomes an @example.
settings.register_profile("default", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# `import avara` imports the vendored, generated package.
if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


# The fixtures wait with this rather than time.sleep, which the `sleeps` fixture replaces.
_pause = threading.Event().wait


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer()
    scripted.start()
    yield scripted
    scripted.stop()


# ---------------------------------------------------------------------------------------------------------
# Clients
# ---------------------------------------------------------------------------------------------------------

API_KEY = "test-key"


PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy"}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the caller's AVARA_* settings or proxies (which would capture 127.0.0.1 traffic)."""
    for name in list(os.environ):
        if name.upper().startswith("AVARA_") or name.lower() in PROXY_VARIABLES:
            monkeypatch.delenv(name)


@pytest.fixture
def make_client(server: ScriptedServer) -> Iterator[Callable[..., Any]]:
    """Build `avara.Avara` clients aimed at `server`; keyword arguments override the defaults."""
    import avara

    made: List[Any] = []

    def make(**options: Any) -> Any:
        options.setdefault("api_key", API_KEY)
        options.setdefault("base_url", server.url)
        made.append(avara.Avara(**options))
        return made[-1]

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., Any]) -> Any:
    """A client that does not retry, so that one call is one request."""
    return make_client(max_retries=0)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> List[float]:
    """Every delay passed to `time.sleep` during the test, in order; nothing actually sleeps."""
    asked: List[float] = []
    monkeypatch.setattr(time, "sleep", asked.append)
    return asked


# ---------------------------------------------------------------------------------------------------------
# Prism
# ---------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def prisms() -> Iterator[PrismPool]:
    """Prism mocks of every fixture spec (see fixture_sdks.py), started together on first use."""
    pool = PrismPool({name: sdk.spec for name, sdk in FIXTURE_SDKS.items()})
    yield pool
    pool.stop()


@pytest.fixture(scope="session")
def prism(prisms: PrismPool) -> str:
    """Base URL of a Prism mock server that serves spec/express.yaml."""
    try:
        return prisms.url("express")
    except PrismError as error:
        pytest.fail(str(error))
