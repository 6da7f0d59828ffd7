"""The operations fixture spec (tests/fixtures/specs/operations.yaml): its output is the committed
golden record, it works against a server, and every SDK the tests/test_operations_*.py modules
generate type-checks under mypy --strict and pyright strict."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.config import resolve_config
from generator.engine import generate

from .operations_sdk import imported
from .scripted_server import ScriptedServer
from .spec_helpers import ROOT, golden_mismatches

SPEC = ROOT / "tests" / "fixtures" / "specs" / "operations.yaml"
GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "operations"
REGENERATE = "python -m generator generate tests/fixtures/specs/operations.yaml -o tests/fixtures/golden/operations --package ops_sdk --client Ops"


def test_the_fixture_output_matches_its_golden_record(tmp_path: Path) -> None:
    config = resolve_config(spec=str(SPEC), output=str(tmp_path), package="ops_sdk", client="Ops", config_file=None, cwd=ROOT)

    assert golden_mismatches(generate(config, cwd=ROOT).files, GOLDEN) == [], f"regenerate with: {REGENERATE}"


@pytest.fixture(scope="module")
def ops(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("golden")
    shutil.copytree(GOLDEN / "ops_sdk", out / "ops_sdk")
    with imported(out, "ops_sdk") as module:
        yield module


def test_the_fixture_sdk_sends_every_kind_of_parameter(ops: Any, server: ScriptedServer) -> None:
    server.reply(200, json=[{"id": "f1", "name": "a.pdf"}])
    with ops.Ops(base_url=server.url, max_retries=0) as client:
        files = client.files.list(
            tags=["a", "b"], ids=[1, 2], words=["x", "y"], kinds=["pdf", "png"], filter={"owner": "me"}, range={"min": 1},
            x_request_id="r1", session="s1",
        )

    request = server.last_request
    assert files[0].name == "a.pdf"
    assert request.query_string == "tags=a&tags=b&ids=1%2C2&words=x+y&kinds=pdf%7Cpng&filter%5Bowner%5D=me&min=1"
    assert (request.headers["x-request-id"], request.headers["cookie"]) == ("r1", "session=s1")


def test_the_fixture_sdk_uploads_streams_and_downloads(ops: Any, server: ScriptedServer) -> None:
    server.reply(201, json={"id": "f2", "name": "b.bin"})
    server.reply(200, body=b"data: {\"text\": \"Hel\"}\n\ndata: {\"text\": \"lo\", \"done\": true}\n\n", headers={"Content-Type": "text/event-stream"})
    server.reply(200, body=b"\x00\x01", headers={"Content-Type": "application/octet-stream"})
    with ops.Ops(base_url=server.url, max_retries=0) as client:
        stored = client.files.upload(file=("b.bin", b"\x00\x01"), purpose="share")
        chunks = [chunk.text for chunk in client.completions.stream(prompt="Hi")]
        content = client.files.download("f2").read()

    assert stored.id == "f2"
    assert b'filename="b.bin"' in server.requests[0].body
    assert chunks == ["Hel", "lo"]
    assert server.requests[1].json == {"prompt": "Hi"}
    assert content == b"\x00\x01"
