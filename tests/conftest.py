"""Fixtures of the tests of the generated `avara` client.

- `server`: a `ScriptedServer` (see scripted_server.py) on 127.0.0.1, one per test.
- `client` / `make_client`: an `avara.Avara` aimed at `server`.
- `sleeps`: records the delays the client asks `time.sleep` for, without sleeping.
- `prism`: a Prism mock of spec/express.yaml, one per test session.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator, List

import pytest

from .scripted_server import ScriptedServer, closed_port

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"

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

PRISM = ROOT / "node_modules" / ".bin" / "prism"
PRISM_START_DEADLINE = 60.0


def _answers_http(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request(
            "GET", "/v1/express", headers={"Authorization": "Bearer probe"}
        )
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


@pytest.fixture(scope="session")
def prism() -> Iterator[str]:
    """Base URL of a Prism mock server that serves spec/express.yaml."""
    if not PRISM.exists():
        pytest.fail(f"{PRISM} is missing: run `npm ci` in {ROOT}")
    port = closed_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [
                str(PRISM),
                "mock",
                "spec/express.yaml",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so that teardown reaches node's children too
        )

        def output() -> str:
            log.seek(0)
            return log.read().decode(errors="replace")

        try:
            deadline = time.monotonic() + PRISM_START_DEADLINE
            while not _answers_http(port):
                if process.poll() is not None:
                    pytest.fail(
                        f"Prism exited with code {process.returncode}:\n{output()}"
                    )
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"Prism did not answer within {PRISM_START_DEADLINE:.0f} s:\n{output()}"
                    )
                _pause(0.2)
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop_process_group(process)


def _stop_process_group(process: subprocess.Popen[bytes]) -> None:
    for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
