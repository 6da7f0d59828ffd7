"""Request bodies: JSON objects as keyword arguments, JSON arrays and primitives as one `body`
argument, `application/x-www-form-urlencoded` forms, and `multipart/form-data` with file uploads
from bytes, a path, a binary file object or a (filename, content, content type) tuple."""

from __future__ import annotations

import email.parser
import email.policy
import inspect
import io
from pathlib import Path
from typing import Any, Iterator, List, Optional, Tuple
from urllib.parse import parse_qsl

import pytest

from generator.config import resolve_config
from generator.engine import generate

from .operations_sdk import generate_sdk, imported
from .scripted_server import RecordedRequest, ScriptedServer
from .spec_helpers import minimal_spec, write_spec

BINARY = {"type": "string", "format": "binary"}
CREATED = {"201": {"description": "created", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}}


def _body(content: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": content}


def _object(properties: dict[str, Any], required: List[str] = []) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


UPLOAD = _object(
    {
        "file": BINARY,
        "title": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "attachments": {"type": "array", "items": BINARY},
        "meta": {"type": "object", "additionalProperties": {"type": "integer"}},
    },
    ["file"],
)
PROFILE = _object({"name": {"type": "string"}, "avatar": BINARY}, ["name"])
NAMED = _object({"name": {"type": "string"}, "age": {"type": "integer"}}, ["name"])

SPEC = minimal_spec(
    {
        "/uploads": {"post": {"operationId": "uploads.create", "requestBody": _body({"multipart/form-data": {"schema": UPLOAD}}), "responses": CREATED}},
        # A required multipart body whose every field is optional.
        "/attachments": {
            "post": {
                "operationId": "attachments.create",
                "requestBody": _body({"multipart/form-data": {"schema": _object({"file": BINARY, "note": {"type": "string"}})}}),
                "responses": CREATED,
            }
        },
        "/signups": {
            "post": {
                "operationId": "signups.create",
                "requestBody": _body(
                    {
                        "application/x-www-form-urlencoded": {
                            "schema": _object(
                                {
                                    "email": {"type": "string"},
                                    "age": {"type": "integer"},
                                    "subscribe": {"type": "boolean"},
                                    "colors": {"type": "array", "items": {"type": "string"}},
                                },
                                ["email"],
                            )
                        }
                    }
                ),
                "responses": CREATED,
            }
        },
        "/profiles": {
            "post": {
                "operationId": "profiles.create",
                "requestBody": _body({"application/json": {"schema": PROFILE}, "multipart/form-data": {"schema": PROFILE}}),
                "responses": CREATED,
            }
        },
        "/people": {
            "post": {
                "operationId": "people.create",
                "requestBody": _body({"multipart/form-data": {"schema": NAMED}, "application/json": {"schema": NAMED}}),
                "responses": CREATED,
            }
        },
        "/blobs/{key}": {
            "put": {
                "operationId": "blobs.put",
                "parameters": [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": _body({"application/octet-stream": {"schema": BINARY}}),
                "responses": {"204": {"description": "stored"}},
            }
        },
        "/notes": {
            "post": {
                "operationId": "notes.create",
                "requestBody": _body({"text/plain": {"schema": {"type": "string"}}}),
                "responses": CREATED,
            }
        },
        "/labels": {
            "put": {
                "operationId": "labels.replace",
                "requestBody": _body({"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}),
                "responses": {"204": {"description": "replaced"}},
            }
        },
        "/counter": {
            "put": {
                "operationId": "counter.set",
                "requestBody": _body({"application/json": {"schema": {"type": "integer"}}}, required=False),
                "responses": {"204": {"description": "set"}},
            }
        },
    }
)


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = generate_sdk(tmp_path_factory.mktemp("bodies"), SPEC, "bodies_sdk")
    with imported(out, "bodies_sdk") as module:
        yield module


@pytest.fixture
def client(sdk: Any, server: ScriptedServer) -> Iterator[Any]:
    made = sdk.Client(base_url=server.url, max_retries=0)
    yield made
    made.close()


def _parts(request: RecordedRequest) -> List[Tuple[str, Optional[str], str, bytes]]:
    """(name, filename, content type, content) of each part of a multipart request."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.body)
    assert message.is_multipart()
    return [
        (part.get_param("name", header="content-disposition"), part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
        for part in message.iter_parts()
    ]


def test_multipart_sends_files_from_bytes_paths_file_objects_and_tuples(client: Any, server: ScriptedServer, tmp_path: Path) -> None:
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.7")
    server.reply(201, json={"id": "u1"})

    created = client.uploads.create(
        file=report,
        title="Q3",
        tags=["a", "b"],
        attachments=[b"raw", io.BytesIO(b"from a file object"), ("notes.txt", b"hello", "text/plain")],
        meta={"pages": 2},
    )

    assert created.id == "u1"
    assert server.last_request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert _parts(server.last_request) == [
        ("file", "report.pdf", "application/pdf", b"%PDF-1.7"),
        ("title", None, "text/plain", b"Q3"),
        ("tags", None, "text/plain", b"a"),
        ("tags", None, "text/plain", b"b"),
        ("attachments", "upload", "application/octet-stream", b"raw"),
        ("attachments", "upload", "application/octet-stream", b"from a file object"),
        ("attachments", "notes.txt", "text/plain", b"hello"),
        ("meta", None, "text/plain", b'{"pages":2}'),  # an object field goes as JSON
    ]


def test_a_multipart_call_with_no_field_still_sends_a_multipart_body(client: Any, server: ScriptedServer) -> None:
    server.reply(201, json={"id": "a1"})

    client.attachments.create()

    content_type = server.last_request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    # No part: the closing boundary alone, which a server reads as an empty form.
    assert server.last_request.body == f"--{content_type.split('boundary=', 1)[1]}--\r\n".encode()


def test_a_named_binary_file_object_keeps_its_file_name(client: Any, server: ScriptedServer, tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG")
    server.reply(201, json={"id": "u2"})

    with photo.open("rb") as opened:
        client.uploads.create(file=opened)

    assert _parts(server.last_request) == [("file", "photo.png", "image/png", b"\x89PNG")]


def test_file_fields_are_typed_with_the_file_types_alias(sdk: Any) -> None:
    params = inspect.signature(sdk.Client().uploads.create).parameters

    assert params["file"].annotation == "FileTypes"
    assert params["attachments"].annotation == "List[FileTypes] | Omit"


def test_a_form_body_is_url_encoded(client: Any, server: ScriptedServer) -> None:
    server.reply(201, json={"id": "s1"})

    client.signups.create(email="a@b.c", age=30, subscribe=True, colors=["red", "blue"])

    request = server.last_request
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(request.body.decode()) == [("email", "a@b.c"), ("age", "30"), ("subscribe", "true"), ("colors", "red"), ("colors", "blue")]


def test_a_form_body_leaves_out_omitted_fields_and_takes_extra_body(client: Any, server: ScriptedServer) -> None:
    server.reply(201, json={"id": "s2"})

    client.signups.create(email="a@b.c", extra_body={"ref": "ad"})

    assert parse_qsl(server.last_request.body.decode()) == [("email", "a@b.c"), ("ref", "ad")]


def test_a_body_offered_as_json_and_multipart_is_multipart_when_a_field_is_a_file(client: Any, server: ScriptedServer) -> None:
    server.reply(201, json={"id": "p1"})

    client.profiles.create(name="Ada", avatar=b"img")

    assert [(name, content) for name, _, _, content in _parts(server.last_request)] == [("name", b"Ada"), ("avatar", b"img")]


def test_a_body_offered_as_json_and_multipart_is_json_when_no_field_is_a_file(client: Any, server: ScriptedServer) -> None:
    server.reply(201, json={"id": "p2"})

    client.people.create(name="Ada", age=36)

    assert server.last_request.headers["content-type"] == "application/json"
    assert server.last_request.json == {"name": "Ada", "age": 36}


def test_the_choice_between_json_and_multipart_is_reported(tmp_path: Path) -> None:
    config = resolve_config(spec=str(write_spec(tmp_path, SPEC)), output=str(tmp_path / "out"), package="b", client="C", config_file=None, cwd=tmp_path)

    messages = [str(p) for p in generate(config, cwd=tmp_path).warnings]

    assert any("both JSON and multipart/form-data; the SDK sends multipart/form-data, because a field is a file" in m and "~1profiles" in m for m in messages)
    assert any("the SDK sends JSON, as no field is a file" in m and "~1people" in m for m in messages)


def test_a_json_array_body_is_one_body_argument(client: Any, server: ScriptedServer) -> None:
    server.reply(204)

    assert client.labels.replace(body=["x", "y"]) is None
    assert server.last_request.json == ["x", "y"]


def test_a_json_primitive_body_is_one_body_argument_optional_when_the_body_is(client: Any, server: ScriptedServer) -> None:
    server.reply(204)
    server.reply(204)

    client.counter.set(body=7)
    sent = server.last_request.body
    client.counter.set()

    assert sent == b"7"
    assert server.last_request.body == b""


def test_a_binary_body_is_sent_as_is_from_bytes_a_path_or_a_file_object(client: Any, server: ScriptedServer, tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"\x00from a path")
    server.reply(204, times=3)

    client.blobs.put("k1", body=b"\x00raw")
    client.blobs.put("k2", body=blob)
    client.blobs.put("k3", body=io.BytesIO(b"\x00from a file object"))

    assert [r.body for r in server.requests] == [b"\x00raw", b"\x00from a path", b"\x00from a file object"]
    assert {r.headers["content-type"] for r in server.requests} == {"application/octet-stream"}


def test_a_text_body_is_sent_as_utf8_text(client: Any, server: ScriptedServer) -> None:
    server.reply(201, json={"id": "n1"})

    client.notes.create(body="héllo")

    assert (server.last_request.headers["content-type"], server.last_request.body) == ("text/plain", "héllo".encode())


@pytest.mark.anyio
async def test_the_async_client_uploads_files_and_forms(sdk: Any, server: ScriptedServer, tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG")
    server.reply(201, json={"id": "u3"})
    server.reply(201, json={"id": "s3"})

    async with sdk.AsyncClient(base_url=server.url, max_retries=0) as client:
        await client.uploads.create(file=photo, title="async")
        await client.signups.create(email="a@b.c", subscribe=False)

    assert _parts(server.requests[0]) == [("file", "photo.png", "image/png", b"\x89PNG"), ("title", None, "text/plain", b"async")]
    assert parse_qsl(server.requests[1].body.decode()) == [("email", "a@b.c"), ("subscribe", "false")]


def test_a_retried_upload_sends_the_same_file_again(sdk: Any, server: ScriptedServer, sleeps: List[float]) -> None:
    server.reply(503)
    server.reply(201, json={"id": "u4"})

    with sdk.Client(base_url=server.url, max_retries=1) as client:
        client.uploads.create(file=io.BytesIO(b"read once"))

    first, second = server.requests
    assert _parts(first) == _parts(second) == [("file", "upload", "application/octet-stream", b"read once")]
