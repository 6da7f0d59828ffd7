"""The wire fixture (tests/fixtures/specs/wire.yaml): a spec in the shapes large public specs use and
SDK generators trip on, and an SDK that requests every path where the spec has it, uploads files as
files, types the items of pages built with `allOf`, builds every model though union members share a
tag, and keeps the names its method bodies read from arguments named like them. Its golden record is
its surface; calls go to the scripted server."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Iterator, List, Optional

import pytest

from generator.config import resolve_config
from generator.engine import Run
from generator.load import load

from .scripted_server import ScriptedServer
from .sdk_checks import path_mismatches
from .spec_helpers import ROOT, generate, imported
from .surface_sdks import WIRE_SPEC, WIRE_SURFACE, built, surface

REGENERATE = ".venv/bin/python tests/fixtures/refresh_golden.py"
CONVERSATION = {"id": "conv_1", "object": "conversation", "created_at": 1}
INPUT_MESSAGE = {"id": "msg_1", "type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}
OUTPUT_MESSAGE = {
    "id": "msg_2",
    "type": "message",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "Hello", "annotations": [{"type": "container_file_citation", "file_id": "f1", "index": 0}]}],
}
FILE = {"id": "file_1", "object": "file", "bytes": 3, "created_at": 1, "filename": "a.txt", "purpose": "user_data"}
VIDEO = {"id": "vid_1", "object": "video", "status": "queued", "model": "reel-1"}
SKILL = {"id": "skill_1", "object": "skill", "created_at": 1}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("wire")
    assert generate(WIRE_SPEC, out, "wire_sdk", "Harbor") == 0
    with imported(out, "wire_sdk") as module:
        yield module


@pytest.fixture
def client(sdk: Any, server: ScriptedServer) -> Iterator[Any]:
    with sdk.Harbor(api_key="k", base_url=server.url, max_retries=0) as made:
        yield made


def _warnings(tmp_path: Path) -> List[str]:
    config = resolve_config(spec=str(WIRE_SPEC), output=str(tmp_path), package="wire_sdk", client="Harbor", config_file=None, cwd=ROOT)
    return [f"{p.location.line}: {p.message}" for p in Run(config, cwd=ROOT).files().warnings]


def test_the_surface_matches_its_golden_record() -> None:
    assert surface(built(WIRE_SPEC)) == WIRE_SURFACE.read_text(encoding="utf-8"), f"regenerate with: {REGENERATE}"


# -- every model builds ------------------------------------------------------------------------------


def test_a_union_whose_members_would_share_a_tag_is_a_plain_union_with_a_warning(tmp_path: Path) -> None:
    found = "\n".join(_warnings(tmp_path))
    # Input and output messages are both `message`; a tool result's two members both `resource_link`.
    assert "`discriminator` is not used: InputMessage and OutputMessage would share the tag 'message'" in found
    assert "would share the tag 'resource_link'" in found
    # Version 2 of the events maps `message.completed` to the schema version 1 has `message.created`
    # for: adding that tag would make version 1's union ambiguous, so version 2 gives way.
    assert "MessageCompletedEvent and MessageCreatedEvent would share the tag 'message.completed' in another union" in found
    api = built(WIRE_SPEC)
    unions = {m.name: f for m in api.models for f in m.fields if f.type.kind == "list" and f.type.args[0].kind == "union"}
    assert unions["OutputMessage"].type.args[0].discriminator == "type"  # output content: no clash
    events = {r.path: op for r in api.all_resources() for op in r.operations if op.name == "list" and r.path[-1] == "events"}
    assert events[("threads", "events")].returns.args[0].discriminator == "event"
    assert events[("threads", "runs", "events")].returns.args[0].discriminator == ""


def test_members_sharing_a_tag_decode_as_the_member_their_fields_match(client: Any, sdk: Any, server: ScriptedServer) -> None:
    server.reply(200, json=OUTPUT_MESSAGE)
    server.reply(200, json=INPUT_MESSAGE)
    server.reply(200, json={"object": "list", "data": [INPUT_MESSAGE, OUTPUT_MESSAGE, {"type": "reasoning", "id": "rs_1", "summary": []}], "has_more": False})

    output = client.conversations.items.retrieve("conv_1", "msg_2")
    assert isinstance(output, sdk.types.OutputMessage) and output.role == "assistant"
    # Still discriminated inside it: the citation's second tag picks FileCitation.
    assert isinstance(output.content[0].annotations[0], sdk.types.FileCitation)
    assert isinstance(client.conversations.items.retrieve("conv_1", "msg_1"), sdk.types.InputMessage)
    items = list(client.conversations.items.list("conv_1"))
    assert [type(i).__name__ for i in items] == ["InputMessage", "OutputMessage", "Reasoning"]


def test_run_events_decode_though_their_union_gave_way(client: Any, sdk: Any, server: ScriptedServer) -> None:
    delta = {"event": "message.delta", "data": {"id": "m", "delta": "He"}}
    server.reply(200, json=[{"event": "message.created", "data": OUTPUT_MESSAGE}, delta, {"event": "done", "data": "[DONE]"}])
    server.reply(200, json=[{"event": "message.completed", "data": OUTPUT_MESSAGE}, {"event": "error", "data": {"code": "x"}}])

    run = client.threads.runs.events.list("th_1", "run_1")
    assert [type(e).__name__ for e in run] == ["MessageCreatedEvent", "MessageDeltaEvent", "DoneEvent"]
    thread = client.threads.events.list("th_1")
    assert [type(e).__name__ for e in thread] == ["MessageCompletedEvent", "ErrorEvent"]


# -- every method requests a path the spec has -------------------------------------------------------


def test_every_method_requests_a_path_the_spec_has() -> None:
    paths = list(load(WIRE_SPEC).root["paths"])
    assert path_mismatches(built(WIRE_SPEC), paths) == []


def test_a_parameter_within_a_segment_names_nothing() -> None:
    api = built(WIRE_SPEC)
    names = {".".join(r.path + (op.name,)): op.wire_path for r in api.all_resources() for op in r.operations}
    # `{Sid}.json` is an item, `Messages.json` the messages, and the dated version is no resource.
    assert names["accounts.messages.retrieve"] == "/2016-09-01/Accounts/{AccountSid}/Messages/{Sid}.json"
    assert names["accounts.messages.list"] == "/2016-09-01/Accounts/{AccountSid}/Messages.json"
    assert names["accounts.messages.media.delete"] == "/2016-09-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json"
    assert names["files.thumbnail.retrieve"] == "/v1/files/{file_id}/thumbnail.{extension}"
    assert names["reports.download"] == "/v1/reports/{report_id}.{format}"
    # A custom verb after an item or a collection is an action.
    assert names["connectors.sync"] == "/v1/connectors/{connector_id}:sync"
    assert names["connectors.search"] == "/v1/connectors:search"
    # A fragment that repeats a parameter's words tells path keys apart; it names no method.
    assert names["connectors.retrieve"] == "/v1/connectors/{connector_id_or_name}#idOrName"
    assert names["connectors.delete"] == "/v1/connectors/{connector_id}#id"
    words = {w for name in names for part in name.split(".") for w in part.split("_")}
    assert not words & {"json", "sid", "extension", "format", "id", "or", "name", "two", "zero"}


def test_requests_go_to_the_paths_of_the_spec(client: Any, server: ScriptedServer) -> None:
    legacy = {"sid": "SM1", "body": "hi"}
    server.reply(200, json=legacy)
    server.reply(201, json=legacy)
    server.reply(204)
    server.reply(200, body=b"\x89PNG", headers={"Content-Type": "image/png"})
    server.reply(202, json={"id": "c1", "name": "gh", "server": "https://mcp.example", "created_at": "2024-01-01T00:00:00Z"})
    server.reply(200, json=[])
    server.reply(200, json={"status": "ahead", "ahead_by": 1, "behind_by": 0})
    server.reply(204)

    client.accounts.messages.retrieve("AC1", "SM1")
    client.accounts.messages.create("AC1", to="+15550100", body="hi")
    client.accounts.messages.media.delete("AC1", "SM1", "ME1")
    assert client.files.thumbnail.retrieve("file_1", "png", min_height=64).read() == b"\x89PNG"
    client.connectors.sync("c1")
    client.connectors.search(query="git")
    client.repos.compare.retrieve("octo", "hello", "main", "topic")
    # `{userId}` is `user_id` and `{user_id}` then `user_id2`: each fills its own placeholder.
    client.users.blocks.update("u_blocker", "u_blocked")

    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/2016-09-01/Accounts/AC1/Messages/SM1.json"),
        ("POST", "/2016-09-01/Accounts/AC1/Messages.json"),
        ("DELETE", "/2016-09-01/Accounts/AC1/Messages/SM1/Media/ME1.json"),
        ("GET", "/v1/files/file_1/thumbnail.png"),
        ("POST", "/v1/connectors/c1:sync"),
        ("POST", "/v1/connectors:search"),
        ("GET", "/v1/repos/octo/hello/compare/main...topic"),
        ("PUT", "/v1/users/u_blocker/blocks/u_blocked"),
    ]
    assert server.requests[3].query == {"min_height": ["64"]}


# -- files are uploaded as files ---------------------------------------------------------------------


def _parts(body: bytes) -> List[str]:
    """The Content-Disposition line of each part of a multipart body."""
    return [line.decode() for line in body.split(b"\r\n") if line.lower().startswith(b"content-disposition")]


def test_uploads_described_in_every_way_are_multipart_with_file_parts(client: Any, sdk: Any, server: ScriptedServer, tmp_path: Path) -> None:
    server.reply(200, json=FILE)
    server.reply(200, json=VIDEO)
    server.reply(200, json=VIDEO)
    server.reply(200, json=SKILL)
    server.reply(200, json=SKILL)
    server.reply(200, json={"id": "1", "channel_id": "2", "content": "", "timestamp": "2024-01-01T00:00:00Z"})
    server.reply(200, json={"text": "hello"})
    clip = tmp_path / "clip.wav"
    clip.write_bytes(b"RIFF")

    client.files.upload(file=("a.txt", b"abc"), purpose="user_data")  # contentEncoding: binary
    client.videos.create(prompt="a boat", input_reference=("ref.png", b"\x89PNG"))  # format: binary in oneOf, beside JSON
    client.videos.create(prompt="a boat", input_reference="https://example.com/ref.png")  # the URL the oneOf allows
    client.skills.create(display_title="Docs", files=[("a.md", b"# A"), ("b.md", b"# B")])  # anyOf: array of files
    client.skills.versions("skill_1", files=[b"zip"])  # contentMediaType, 3.1
    client.channels.messages("1133241232531238912", payload_json='{"content": "see"}', files_0=("log.txt", b"x"))
    client.audio.transcriptions.create(file=clip, model="listen-1", prompt_audio="UklGRg==")

    requests = server.requests
    assert all(r.headers["content-type"].startswith("multipart/form-data; boundary=") for r in requests)
    assert _parts(requests[0].body) == ['Content-Disposition: form-data; name="file"; filename="a.txt"', 'Content-Disposition: form-data; name="purpose"']
    assert 'Content-Disposition: form-data; name="input_reference"; filename="ref.png"' in _parts(requests[1].body)
    assert 'Content-Disposition: form-data; name="input_reference"' in _parts(requests[2].body)
    assert b"https://example.com/ref.png" in requests[2].body
    assert [p for p in _parts(requests[3].body) if "files" in p] == [
        'Content-Disposition: form-data; name="files"; filename="a.md"',
        'Content-Disposition: form-data; name="files"; filename="b.md"',
    ]
    assert 'Content-Disposition: form-data; name="files"; filename="upload"' in _parts(requests[4].body)
    # `payload_json` is JSON text (contentMediaType application/json), the attachment a file.
    assert _parts(requests[5].body) == ['Content-Disposition: form-data; name="payload_json"', 'Content-Disposition: form-data; name="files[0]"; filename="log.txt"']
    # `contentMediaType: audio/*` is a file; `contentEncoding: base64` is text.
    assert _parts(requests[6].body)[:3] == [
        'Content-Disposition: form-data; name="file"; filename="clip.wav"',
        'Content-Disposition: form-data; name="model"',
        'Content-Disposition: form-data; name="prompt_audio"',
    ]


def test_a_raw_body_described_by_its_content_encoding_is_sent_as_bytes(client: Any, server: ScriptedServer) -> None:
    server.reply(200, json=FILE)
    client.files.content.update("file_1", body=b"\x00\x01")
    request = server.requests[0]
    assert (request.method, request.path, request.headers["content-type"], request.body) == (
        "PUT",
        "/v1/files/file_1/content",
        "application/vnd.harbor.asset",
        b"\x00\x01",
    )


# -- page items found through allOf ------------------------------------------------------------------


def test_pages_built_as_a_paginated_base_plus_items_hold_typed_items(client: Any, sdk: Any, server: ScriptedServer) -> None:
    connector = {"id": "c1", "name": "gh", "server": "https://mcp.example", "created_at": "2024-01-01T00:00:00Z"}
    server.reply(200, json={"items": [connector], "next_cursor": "n2"})
    server.reply(200, json={"items": [dict(connector, id="c2")], "next_cursor": None})
    server.reply(200, json={"files": [FILE], "page": 1, "total_pages": 1})
    server.reply(200, json={"messages": [{"sid": "SM1"}], "next_page_uri": None, "page": 0})

    connectors = list(client.connectors.list())
    assert [c.id for c in connectors] == ["c1", "c2"] and isinstance(connectors[0], sdk.types.Connector)
    assert isinstance(connectors[0].created_at, datetime.datetime)
    assert server.requests[1].query == {"cursor": ["n2"]}
    assert [type(f).__name__ for f in client.files.list()] == ["File"]
    assert [m.sid for m in client.accounts.messages.list("AC1")] == ["SM1"]


# -- arguments named like the names method bodies read ------------------------------------------------


def test_arguments_named_like_generated_code_s_names_keep_their_wire_names(client: Any, server: ScriptedServer) -> None:
    server.reply(200, body="id,name\n", headers={"Content-Type": "text/plain"})
    server.reply(200, json={"str": "", "int": 0})
    server.reply(200, json=3)
    server.reply(204)
    server.reply(200, json=["2024-01-01T00:00:00Z"])

    # The body spells `cast_to=str`, `Dict[str, Union[str, int, ...]]`, `cast(Type[...])`: an
    # argument `str`, `int`, `object`, `date` or `cast` would hide them, so theirs are numbered.
    assert client.schemas.sample("s1", str2="x", object2="row") == "id,name\n"
    assert client.schemas.defaults.update("s1", str2="", int2=0, float2=0.5, bool2=False, object2={}, date2=datetime.date(2024, 1, 2)) == {"str": "", "int": 0}
    assert client.schemas.casts("s1", value="3", type="int", cast2="strict", type2="Count") == 3
    # A body field `type` on a method answering nothing, and a path parameter named `template`.
    assert client.schemas.fields("s1", name="n", type=7) is None
    rendered = client.templates.renders("invoice", data={"total": 1}, type="pdf", date2=datetime.date(2024, 1, 2))
    assert rendered == [datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)]

    sample, defaults, casts, fields, renders = server.requests
    assert sample.query == {"str": ["x"], "object": ["row"]}
    assert defaults.json == {"str": "", "int": 0, "float": 0.5, "bool": False, "object": {}, "date": "2024-01-02"}
    assert casts.json == {"value": "3", "type": "int", "cast": "strict", "Type": "Count"}
    assert fields.json == {"name": "n", "type": 7}
    assert (renders.path, renders.json) == ("/v1/templates/invoice/renders", {"data": {"total": 1}, "type": "pdf", "date": "2024-01-02"})


def test_a_field_described_as_an_allof_of_what_it_is_and_annotations_is_what_it_is(client: Any, sdk: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"id": "12345", "sequence_id": "4", "parent": None})

    folder = client.folders.update("12345", sequence_id="3", parent={"id": "0"})

    assert server.last_request.json == {"sequence_id": "3", "parent": {"id": "0"}}
    assert folder.sequence_id == "4" and folder.parent is None
    fields = sdk.types.Folder.model_fields
    assert fields["sequence_id"].annotation is str
    assert fields["parent"].annotation == Optional[sdk.types.FolderRef]
