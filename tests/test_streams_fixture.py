"""JSON or a stream of events, as the body's `stream` flag asks (tests/fixtures/specs/streams.yaml):
`stream=False` (or none) answers the model, `stream=True` a Stream of typed events; bytes offered
beside an event stream, with no such flag, are the bytes. Blocking and async clients alike."""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path
from typing import Any, Iterator, List

import pytest

from .scripted_server import ScriptedServer
from .spec_helpers import golden_mismatches
from .surface_sdks import STREAMS

REGENERATE = ".venv/bin/python tests/fixtures/refresh_golden.py"
COMPLETION = {"id": "cc_1", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"}}]}
MESSAGES = [{"role": "user", "content": "Hello"}]


def _sse(*events: Any) -> bytes:
    return b"".join(f"data: {json.dumps(event)}\n\n".encode() for event in events) + b"data: [DONE]\n\n"


def _chunk(text: str) -> Any:
    return {"id": "cc_1", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": text}}]}


RESPONSE_EVENTS = _sse(
    {"type": "response.created", "response": {"id": "r1", "status": "in_progress"}},
    {"type": "response.output_text.delta", "delta": "Hel"},
    {"type": "response.output_text.delta", "delta": "lo"},
    {"type": "response.completed", "response": {"id": "r1", "status": "completed", "output_text": "Hello"}},
)
EVENT_STREAM = {"Content-Type": "text/event-stream"}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with STREAMS.imported(tmp_path_factory.mktemp("streams")) as module:
        yield module


@pytest.fixture
def client(sdk: Any, server: ScriptedServer) -> Iterator[Any]:
    with sdk.Streams(base_url=server.url, max_retries=0) as made:
        yield made


def test_the_fixture_output_matches_its_golden_record(tmp_path: Path) -> None:
    assert golden_mismatches(STREAMS.render(tmp_path), STREAMS.golden) == [], f"regenerate with: {REGENERATE}"


def test_without_stream_the_call_answers_the_model(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(200, json=COMPLETION)
    server.reply(200, json=COMPLETION)

    plain = client.chat.completions.create(model="m", messages=MESSAGES)
    unasked = client.chat.completions.create(model="m", messages=MESSAGES, stream=False)

    assert type(plain) is sdk.types.ChatCompletion and plain.choices[0].message.content == "Hi"
    assert type(unasked) is sdk.types.ChatCompletion
    assert "stream" not in server.requests[0].json and server.requests[1].json["stream"] is False


def test_stream_true_answers_a_stream_of_typed_events(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=_sse(_chunk("Hel"), _chunk("lo")), headers=EVENT_STREAM)

    stream = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
    chunks = list(stream)

    assert isinstance(stream, importlib.import_module("streams_sdk._streaming").Stream)
    assert [type(c) for c in chunks] == [sdk.types.ChatCompletionChunk] * 2
    assert "".join(c.choices[0].delta.content for c in chunks) == "Hello"
    assert server.last_request.json == {"model": "m", "messages": MESSAGES, "stream": True}


def test_a_stream_s_events_of_several_types_are_told_apart_by_their_tag(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=RESPONSE_EVENTS, headers=EVENT_STREAM)

    events = list(client.responses.create(input="Hi", stream=True))

    assert [type(e).__name__ for e in events] == [
        "ResponseCreatedEvent",
        "ResponseOutputTextDeltaEvent",
        "ResponseOutputTextDeltaEvent",
        "ResponseCompletedEvent",
    ]
    assert events[-1].response.output_text == "Hello"


def test_a_flag_chosen_at_run_time_answers_either(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"id": "cmpl_1", "text": "Hi"})
    server.reply(201, body=_sse({"id": "cmpl_1", "delta": "Hi"}), headers=EVENT_STREAM)
    answers: List[Any] = []

    for streaming in (False, True):
        answers.append(client.completions.create(model="m", prompt="p", stream=streaming))

    assert type(answers[0]) is sdk.types.CompletionCreateResponse
    assert [e.delta for e in answers[1]] == ["Hi"]


def test_a_multipart_upload_can_ask_for_events(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=_sse({"type": "transcript.text.delta", "delta": "Hi"}), headers=EVENT_STREAM)

    deltas = [e.delta for e in client.audio.transcriptions.create(file=("a.mp3", b"ID3"), model="m", stream=True)]

    assert deltas == ["Hi"]
    body = server.last_request.body
    assert b'name="stream"' in body and b'filename="a.mp3"' in body


def test_bytes_beside_an_event_stream_without_a_flag_are_the_bytes(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=b"ID3\x00", headers={"Content-Type": "audio/mpeg"})

    audio = client.audio.speech.create(input="Hi", voice="v")

    assert audio.read() == b"ID3\x00"
    assert server.last_request.headers["accept"] == "audio/mpeg"
    assert str(inspect.signature(type(client.audio.speech).create).return_annotation) == "BinaryResponse"


def test_an_operation_that_only_streams_answers_a_stream(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=_sse({"event": "started"}), headers=EVENT_STREAM)

    assert [e.event for e in client.runs.events("run_1")] == ["started"]


def test_the_raw_response_of_a_streamed_call_parses_to_the_stream(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(200, body=_sse(_chunk("Hi")), headers=EVENT_STREAM)

    raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=True)

    assert raw.status_code == 200
    assert [c.choices[0].delta.content for c in raw.parse()] == ["Hi"]


@pytest.mark.anyio
async def test_the_async_client_answers_the_model_or_an_async_stream(sdk: Any, server: ScriptedServer) -> None:
    server.reply(200, json=COMPLETION)
    server.reply(200, body=_sse(_chunk("Hel"), _chunk("lo")), headers=EVENT_STREAM)
    server.reply(200, body=RESPONSE_EVENTS, headers=EVENT_STREAM)
    server.reply(200, body=b"ID3", headers={"Content-Type": "audio/mpeg"})

    async with sdk.AsyncStreams(base_url=server.url, max_retries=0) as client:
        plain = await client.chat.completions.create(model="m", messages=MESSAGES)
        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        text = "".join([c.choices[0].delta.content async for c in stream])
        kinds = [type(e).__name__ async for e in await client.responses.create(input="Hi", stream=True)]
        audio = await client.audio.speech.create(input="Hi", voice="v")

    assert type(plain) is sdk.types.ChatCompletion and isinstance(stream, importlib.import_module("streams_sdk._streaming").AsyncStream)
    assert text == "Hello" and kinds[0] == "ResponseCreatedEvent" and len(kinds) == 4
    assert audio.read() == b"ID3"
