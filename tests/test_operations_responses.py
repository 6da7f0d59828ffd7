"""What a method returns: None for no content, a BinaryResponse for files and images, str for
text, a union for several 2xx responses, and a Stream (AsyncStream) of typed events for
`text/event-stream`, parsed as the SSE specification says and closed when the loop ends."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, Iterator

import pytest

from .operations_sdk import generate_sdk, imported
from .scripted_server import ScriptedServer
from .spec_helpers import minimal_spec

EVENT = {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}, "value": {"type": "integer"}}}
JOB = {"type": "object", "required": ["id", "state"], "properties": {"id": {"type": "string"}, "state": {"type": "string"}}}
QUEUED = {"type": "object", "required": ["ticket"], "properties": {"ticket": {"type": "string"}}}


def _content(media: str, schema: Any = None) -> dict[str, Any]:
    return {"content": {media: {"schema": schema} if schema is not None else {}}}


ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]

SPEC = minimal_spec(
    {
        "/things/{id}": {"delete": {"operationId": "things.delete", "parameters": ID, "responses": {"204": {"description": "gone"}}}},
        "/files/{id}/content": {
            "get": {
                "operationId": "files.content",
                "parameters": ID,
                "responses": {"200": {"description": "bytes", **_content("application/octet-stream", {"type": "string", "format": "binary"})}},
            }
        },
        "/reports/{id}": {
            "get": {"operationId": "reports.pdf", "parameters": ID, "responses": {"200": {"description": "a PDF", **_content("application/pdf")}}}
        },
        "/health": {"get": {"operationId": "health.check", "responses": {"200": {"description": "text", **_content("text/plain", {"type": "string"})}}}},
        "/jobs": {
            "post": {
                "operationId": "jobs.start",
                "responses": {
                    "200": {"description": "done", **_content("application/json", {"$ref": "#/components/schemas/Job"})},
                    "202": {"description": "queued", **_content("application/json", {"$ref": "#/components/schemas/Queued"})},
                    "204": {"description": "nothing to do"},
                },
            }
        },
        "/events": {
            "get": {
                "operationId": "events.stream",
                "responses": {"200": {"description": "events", **_content("text/event-stream", {"$ref": "#/components/schemas/Event"})}},
            }
        },
        "/exports/{id}": {
            "get": {
                "operationId": "exports.fetch",
                "parameters": ID,
                "responses": {"200": {"description": "the archive", **_content("application/zip")}, "204": {"description": "not ready yet"}},
            }
        },
        "/raw-events": {"get": {"operationId": "events.raw", "responses": {"200": {"description": "events", **_content("text/event-stream")}}}},
    },
    {"Event": EVENT, "Job": JOB, "Queued": QUEUED},
)

SSE = (
    b": a comment, ignored\n"
    b"event: update\nid: 1\ndata: {\"type\": \"a\",\ndata: \"value\": 1}\n\n"
    b"retry: 3000\ndata:{\"type\":\"b\",\"value\":2}\n\n"
    b"event: empty\n\n"  # no data: not dispatched
    b"data: {\"type\":\"c\"}\n\n"
)


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = generate_sdk(tmp_path_factory.mktemp("responses"), SPEC, "responses_sdk")
    with imported(out, "responses_sdk") as module:
        yield module


@pytest.fixture
def client(sdk: Any, server: ScriptedServer) -> Iterator[Any]:
    made = sdk.Client(base_url=server.url, max_retries=0)
    yield made
    made.close()


def test_a_no_content_response_returns_none(client: Any, server: ScriptedServer) -> None:
    server.reply(204)

    assert client.things.delete("t1") is None
    assert inspect.signature(type(client.things).delete).return_annotation == "None"


def test_a_binary_response_is_bytes_readable_and_writable_to_a_file(client: Any, server: ScriptedServer, tmp_path: Path) -> None:
    server.reply(200, body=b"\x00\x01binary", headers={"Content-Type": "application/octet-stream"})

    content = client.files.content("f1")
    content.write_to_file(tmp_path / "f1.bin")

    assert server.last_request.headers["accept"] == "application/octet-stream"
    assert (content.read(), content.content, b"".join(content.iter_bytes(3))) == (b"\x00\x01binary",) * 3
    assert (tmp_path / "f1.bin").read_bytes() == b"\x00\x01binary"


def test_a_pdf_response_is_binary_and_asks_for_a_pdf(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})

    report = client.reports.pdf("r1")

    assert type(report).__name__ == "BinaryResponse"
    assert (report.content, report.content_type) == (b"%PDF-1.7", "application/pdf")
    assert server.last_request.headers["accept"] == "application/pdf"


def test_a_binary_response_can_be_streamed_chunk_by_chunk(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=b"x" * 10000, headers={"Content-Type": "application/octet-stream"})

    with client.files.with_streaming_response.content("f1") as response:
        received = b"".join(response.iter_bytes(1024))

    assert received == b"x" * 10000
    assert response.is_closed


def test_a_streamed_binary_response_is_written_to_a_file_as_it_arrives(client: Any, server: ScriptedServer, tmp_path: Path) -> None:
    server.reply(200, body=b"y" * 70000, headers={"Content-Type": "application/octet-stream"})

    with client.files.with_streaming_response.content("f1") as response:
        response.write_to_file(tmp_path / "big.bin")

    assert (tmp_path / "big.bin").read_bytes() == b"y" * 70000


def test_a_binary_response_that_may_be_absent_is_optional(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=b"PK\x03\x04", headers={"Content-Type": "application/zip"})
    server.reply(204)

    ready, pending = client.exports.fetch("e1"), client.exports.fetch("e1")

    assert ready.content == b"PK\x03\x04"
    assert pending is None
    assert inspect.signature(type(client.exports).fetch).return_annotation == "Optional[BinaryResponse]"


def test_a_text_response_returns_str(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body="all good", headers={"Content-Type": "text/plain"})

    assert client.health.check() == "all good"
    assert server.last_request.headers["accept"] == "text/plain"


def test_several_2xx_responses_return_the_union_of_their_types(client: Any, server: ScriptedServer, sdk: Any) -> None:
    server.reply(200, json={"id": "j1", "state": "done"})
    server.reply(202, json={"ticket": "q1"})
    server.reply(204)

    done, queued, nothing = client.jobs.start(), client.jobs.start(), client.jobs.start()

    assert isinstance(done, sdk.types.Job) and done.id == "j1"
    assert isinstance(queued, sdk.types.Queued) and queued.ticket == "q1"
    assert nothing is None
    annotation = inspect.signature(type(client.jobs).start).return_annotation
    assert annotation == "Optional[Union[Job, Queued]]"


def test_an_event_stream_yields_typed_events_parsed_per_the_sse_spec(client: Any, server: ScriptedServer, sdk: Any) -> None:
    server.reply(200, body=SSE, headers={"Content-Type": "text/event-stream"})

    events = list(client.events.stream())

    assert server.last_request.headers["accept"] == "text/event-stream"
    assert all(isinstance(e, sdk.types.Event) for e in events)
    assert [(e.type, e.value) for e in events] == [("a", 1), ("b", 2), ("c", None)]


def test_an_event_stream_without_a_schema_yields_server_sent_events(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=SSE.replace(b"\n", b"\r\n"), headers={"Content-Type": "text/event-stream"})

    events = list(client.events.raw())

    assert [(e.event, e.id, e.retry, e.data) for e in events] == [
        ("update", "1", None, '{"type": "a",\n"value": 1}'),
        ("message", "1", 3000, '{"type":"b","value":2}'),  # the last id carries over
        ("message", "1", None, '{"type":"c"}'),
    ]


def test_breaking_out_of_the_loop_closes_the_connection(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=SSE, headers={"Content-Type": "text/event-stream"})

    stream = client.events.stream()
    for event in stream:
        break

    assert event.type == "a"
    assert stream.response.is_closed


def test_a_stream_is_a_context_manager_that_closes_it(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=SSE, headers={"Content-Type": "text/event-stream"})

    with client.events.stream() as stream:
        first = next(iter(stream))

    assert first.type == "a"
    assert stream.response.is_closed


def test_a_stream_ends_at_a_done_sentinel(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=b'data: {"type":"a"}\n\ndata: [DONE]\n\ndata: {"type":"late"}\n\n', headers={"Content-Type": "text/event-stream"})

    assert [e.type for e in client.events.stream()] == ["a"]


@pytest.mark.anyio
async def test_the_async_client_returns_an_async_stream(sdk: Any, server: ScriptedServer) -> None:
    server.reply(200, body=SSE, headers={"Content-Type": "text/event-stream"})
    server.reply(200, body=SSE, headers={"Content-Type": "text/event-stream"})
    async with sdk.AsyncClient(base_url=server.url, max_retries=0) as client:
        stream = await client.events.stream()
        events = [event async for event in stream]
        async with await client.events.stream() as second:
            async for event in second:
                break

    assert type(stream).__name__ == "AsyncStream"
    assert [e.type for e in events] == ["a", "b", "c"]
    assert stream.response.is_closed and second.response.is_closed


@pytest.mark.anyio
async def test_the_async_client_reads_binary_responses(sdk: Any, server: ScriptedServer) -> None:
    server.reply(200, body=b"%PDF", headers={"Content-Type": "application/pdf"})
    async with sdk.AsyncClient(base_url=server.url, max_retries=0) as client:
        report = await client.reports.pdf("r1")

    assert report.read() == b"%PDF"


def test_an_error_status_on_an_event_stream_raises_before_any_event(client: Any, server: ScriptedServer) -> None:
    server.reply(429, json={"error": "slow down"})

    with pytest.raises(Exception) as raised:
        client.events.stream()

    assert type(raised.value).__name__ == "RateLimitError"


def test_the_raw_response_of_a_stream_parses_to_the_stream(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=SSE, headers={"Content-Type": "text/event-stream", "X-Request-Id": "req_1"})

    response = client.events.with_raw_response.stream()

    assert response.headers["x-request-id"] == "req_1"
    assert [e.type for e in response.parse()] == ["a", "b", "c"]
