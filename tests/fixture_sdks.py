"""The fixture SDKs (each spec, where its SDK is committed, package and client), and Prism mocks of
their specs, started together on first use and shared by the whole session.

Prism takes a few seconds of CPU to start and then answers in milliseconds: the pool starts the
mocks of every spec at once, on the first request for any, so that their start-ups overlap.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Dict, List, Optional


ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "tests" / "fixtures" / "specs"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
PRISM_START_DEADLINE = 60.0
# What Prism answers where a limit of its own, not the SDK, fails a request that follows the spec
# (the tests list such calls as known failures, which must keep failing so):
# it routes by the path alone, so a path key with a fixed query (`/responses?beta=true`) matches nothing;
PRISM_NO_ROUTE = "hasn't been found in the specification file"
# and it cannot write an event stream whose events are objects.
PRISM_NO_OBJECT_EVENTS = "Cannot serialise complex objects as text"


@dataclasses.dataclass(frozen=True)
class FixtureSdk:
    """A spec and the SDK committed from it (`output` holds README.md, api.md and the package)."""

    name: str
    spec: Path
    output: Path
    package: str
    client: str


FIXTURE_SDKS: Dict[str, FixtureSdk] = {
    sdk.name: sdk
    for sdk in (
        FixtureSdk("express", ROOT / "spec" / "express.yaml", ROOT / "generated", "avara", "Avara"),
        FixtureSdk("auth", SPECS / "auth.yaml", GOLDEN / "auth", "relay", "Relay"),
        FixtureSdk("methods", SPECS / "methods.yaml", GOLDEN / "methods", "methods_sdk", "Methods"),
        FixtureSdk("models", SPECS / "models.yaml", GOLDEN / "models", "models_sdk", "Models"),
        FixtureSdk("lenient", SPECS / "lenient" / "openapi.yaml", GOLDEN / "lenient", "lenient", "Lenient"),
        FixtureSdk("operations", SPECS / "operations.yaml", GOLDEN / "operations", "ops_sdk", "Ops"),
        FixtureSdk("pagination", SPECS / "pagination.yaml", GOLDEN / "pagination", "paginated", "Paginated"),
        FixtureSdk("schemas", SPECS / "schemas.yaml", GOLDEN / "schemas", "schemas_sdk", "Schemas"),
        FixtureSdk("streams", SPECS / "streams.yaml", GOLDEN / "streams", "streams_sdk", "Streams"),
    )
}


_LISTENING = re.compile(r"Prism is listening on (http://127\.0\.0\.1:\d+)")


class _Mock:
    """One Prism process serving one spec."""

    def __init__(self, spec: Path) -> None:
        self.log: IO[bytes] = tempfile.TemporaryFile()
        # Port 0: Prism takes a free port and says which, so that mocks started by several test
        # processes at once can never be handed the same one.
        self.process = subprocess.Popen(
            [str(PRISM), "mock", str(spec), "-h", "127.0.0.1", "-p", "0"],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so that stopping it reaches node's children too
        )
        self.url = ""
        self.ready = False

    def output(self) -> str:
        # pread leaves the file offset alone: Prism writes through the same open file.
        fd = self.log.fileno()
        return os.pread(fd, os.fstat(fd).st_size, 0).decode(errors="replace")

    def answers(self) -> bool:
        """Whether Prism has said where it listens and answers there."""
        if not self.url:
            found = _LISTENING.search(self.output())
            if found is None:
                return False
            self.url = found.group(1)
        connection = http.client.HTTPConnection(self.url.removeprefix("http://"), timeout=2)
        try:
            connection.request("GET", "/")  # any answer, a 404 too, means it is listening
            connection.getresponse().read()
            return True
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self) -> None:
        for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue
        self.log.close()


class PrismError(Exception):
    """A mock that exited or did not answer in time, with its output."""


class PrismPool:
    """Prism mocks of the fixture specs: `url(name)` starts them all (once) and waits for that one."""

    def __init__(self, specs: Dict[str, Path]) -> None:
        self._specs = specs
        self._mocks: Optional[Dict[str, _Mock]] = None
        self._lock = threading.Lock()

    def url(self, name: str) -> str:
        """The base URL of the mock of spec `name`, once it answers."""
        with self._lock:
            if self._mocks is None:
                if not PRISM.exists():
                    raise PrismError(f"{PRISM} is missing: run `npm ci` in {ROOT}")
                self._mocks = {key: _Mock(spec) for key, spec in self._specs.items()}
            mock = self._mocks[name]
        deadline = time.monotonic() + PRISM_START_DEADLINE
        while not mock.ready:
            if mock.answers():
                mock.ready = True
                break
            if mock.process.poll() is not None:
                raise PrismError(f"Prism exited with code {mock.process.returncode}:\n{mock.output()}")
            if time.monotonic() > deadline:
                raise PrismError(f"Prism did not answer within {PRISM_START_DEADLINE:.0f} s:\n{mock.output()}")
            threading.Event().wait(0.2)
        return mock.url

    def stop(self) -> None:
        for mock in (self._mocks or {}).values():
            mock.stop()


def fixture_names() -> List[str]:
    return sorted(FIXTURE_SDKS)
