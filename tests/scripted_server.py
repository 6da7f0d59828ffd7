"""A scripted HTTP/1.1 server for tests: queue replies, call the client, read what it really sent.

A test reads like this:

    server.reply(200, json={"success": True})
    client.express.users.add("cus_1", user_id="usr_1")
    assert server.last_request.json == {"userId": "usr_1"}
"""

from __future__ import annotations

import http.server
import json as jsonlib
import socket
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple, Union
from urllib.parse import parse_qs

_NOT_JSON = object()


@dataclass(frozen=True)
class Reply:
    """One scripted answer. `json` wins over `body`; `delay` is waited before anything is sent.

    `drop=True` closes the connection without answering (the client sees a broken connection).
    """

    status: int = 200
    json: Any = _NOT_JSON
    body: bytes = b""
    headers: Dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False

    def encode(self) -> Tuple[bytes, Dict[str, str]]:
        headers = dict(self.headers)
        if self.json is not _NOT_JSON:
            body = jsonlib.dumps(self.json).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            body = self.body
        return body, headers


@dataclass(frozen=True)
class RecordedRequest:
    """What the client sent, as the server received it."""

    method: str
    path: str  # raw, still percent-encoded, without the query string
    query_string: str  # raw, without the leading "?"
    headers: Dict[str, str]  # names lower-cased; the last value wins
    body: bytes

    @property
    def query(self) -> Dict[str, List[str]]:
        """The query string parsed; every name maps to the list of its values."""
        return parse_qs(self.query_string, keep_blank_values=True)

    @property
    def json(self) -> Any:
        """The body parsed as JSON (None for an empty body)."""
        return jsonlib.loads(self.body) if self.body else None


Handler = Callable[[RecordedRequest], Reply]

# The fixtures wait with this rather than time.sleep, which the `sleeps` fixture replaces.
_pause = threading.Event().wait


class ScriptedServer:
    """Answers each request with the next queued `Reply`, else with `handler`, else with 418."""

    def __init__(self) -> None:
        self._replies: Deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.handler: Optional[Handler] = None
        self.requests: List[RecordedRequest] = []
        self.open_connections = 0
        self._httpd = _HTTPServer(("127.0.0.1", 0), _make_request_handler(self))
        self._thread = threading.Thread(
            # A short poll interval: shutdown() waits for the next poll, once per test.
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="scripted-server",
            daemon=True,
        )

    # -- what tests use ---------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_port}"

    def reply(
        self,
        status: int = 200,
        *,
        json: Any = _NOT_JSON,
        body: Union[bytes, str] = b"",
        headers: Optional[Dict[str, str]] = None,
        delay: float = 0.0,
        drop: bool = False,
        times: int = 1,
    ) -> None:
        """Queue the same reply `times` times."""
        raw = body.encode() if isinstance(body, str) else body
        scripted = Reply(status, json, raw, dict(headers or {}), delay, drop)
        with self._lock:
            self._replies.extend([scripted] * times)

    def reply_with(self, handler: Handler) -> None:
        """Answer every request that finds the queue empty by calling `handler(request)`."""
        self.handler = handler

    @property
    def last_request(self) -> RecordedRequest:
        assert self.requests, "the server received no request"
        return self.requests[-1]

    def wait_for_open_connections(self, expected: int, timeout: float = 5.0) -> int:
        """Wait until `open_connections == expected` (or the timeout); return the last count seen."""
        deadline = time.monotonic() + timeout
        while self.open_connections != expected and time.monotonic() < deadline:
            _pause(0.01)
        return self.open_connections

    # -- machinery --------------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()  # cut short the delays still running
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            scripted = self._replies.popleft() if self._replies else None
        if scripted is not None:
            return scripted
        if self.handler is not None:
            return self.handler(request)
        return Reply(
            418, body=f"no reply scripted for {request.method} {request.path}".encode()
        )

    def _connection_opened(self, delta: int) -> None:
        with self._lock:
            self.open_connections += delta


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out and hung up is a normal event here, not worth a traceback.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def _make_request_handler(
    server: ScriptedServer,
) -> type[http.server.BaseHTTPRequestHandler]:
    class RequestHandler(http.server.BaseHTTPRequestHandler):
        protocol_version = (
            "HTTP/1.1"  # keep-alive: every reply carries a Content-Length
        )

        def handle(self) -> None:
            server._connection_opened(+1)
            try:
                super().handle()
            finally:
                server._connection_opened(-1)

        def _answer(self) -> None:
            recorded = self._record()
            scripted = server._next_reply(recorded)
            if scripted.delay and server._stopping.wait(scripted.delay):
                self.close_connection = True
                return
            if scripted.drop:
                self.close_connection = True
                return
            body, headers = scripted.encode()
            self.send_response(scripted.status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()

        def _record(self) -> RecordedRequest:
            target, _, query_string = self.path.partition("?")
            return RecordedRequest(
                method=self.command,
                path=target,
                query_string=query_string,
                headers={name.lower(): value for name, value in self.headers.items()},
                body=self._read_body(),
            )

        def _read_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks: List[bytes] = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0], 16)
                    chunk = self.rfile.read(size)
                    self.rfile.readline()
                    if size == 0:
                        return b"".join(chunks)
                    chunks.append(chunk)
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = (
            _answer
        )

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return RequestHandler


def closed_port() -> int:
    """A local TCP port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
