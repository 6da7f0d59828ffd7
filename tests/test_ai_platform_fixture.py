"""A 300-operation spec shaped like a large AI API's (tests/fixtures/specs/ai_platform.yaml): its
surface is its golden record, and the SDK made from it reads like one a person would write, with
no config: conventional methods, actions, the spec's models, one page class per style, stream
overloads, a fixed `?beta=true` query. Blocking and async clients against the scripted server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from .scripted_server import ScriptedServer
from .spec_helpers import generate, imported
from .surface_sdks import AI_PLATFORM_SPEC, AI_PLATFORM_SURFACE, built, surface

REGENERATE = ".venv/bin/python tests/fixtures/refresh_golden.py"
RUN = {"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "th_1", "assistant_id": "asst_1", "status": "queued"}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("ai_platform")
    assert generate(AI_PLATFORM_SPEC, out, "ai_platform", "AIPlatform") == 0
    with imported(out, "ai_platform") as module:
        yield module


@pytest.fixture
def client(sdk: Any, server: ScriptedServer) -> Iterator[Any]:
    with sdk.AIPlatform(api_key="k", base_url=server.url, max_retries=0) as made:
        yield made


def _sse(*events: Any) -> bytes:
    return b"".join(f"data: {json.dumps(event)}\n\n".encode() for event in events)


def test_the_surface_matches_its_golden_record() -> None:
    assert surface(built(AI_PLATFORM_SPEC)) == AI_PLATFORM_SURFACE.read_text(encoding="utf-8"), f"regenerate with: {REGENERATE}"


def test_every_method_has_a_name_a_person_would_give_it() -> None:
    api = built(AI_PLATFORM_SPEC)
    names = [op.name for resource in api.all_resources() for op in resource.operations]

    assert len(names) == 301
    # Five names for 229 of them; the rest are actions and verbs (cancel, publish, assign...);
    # no operationId in snake case (list_vector_stores), no numbered clash.
    conventional = [n for n in names if n in ("list", "create", "retrieve", "update", "delete")]
    assert len(conventional) == 229 and len(set(names)) == 41
    assert not [n for n in names if n[-1].isdigit() or n.startswith(("get_", "list_", "modify_"))]
    assert sorted({p.page_class for p in api.pages}) == ["SyncCursorData", "SyncItemCursorData"]
    assert sum(1 for m in api.models if m.name.endswith("Response") and m.base is not None) == 0


def test_conventions_actions_and_the_spec_s_models(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"object": "list", "data": [{"id": "asst_1", "object": "assistant", "created_at": 1, "model": "m"}], "has_more": False})
    server.reply(200, json=RUN)
    server.reply(200, json={"reward": 1.0})
    server.reply(200, json={"id": "cpc_1", "object": "content_provenance_check", "created_at": 1, "url": "u", "verdict": "verified"})
    server.reply(200, json={"id": "part_1", "object": "upload.part", "created_at": 1, "upload_id": "up_1"})

    assistants = list(client.assistants.list(limit=1))
    run = client.threads.runs.cancel("th_1", "run_1")
    grade = client.fine_tuning.alpha.graders.run(grader={"type": "python", "name": "g"}, model_sample="s")
    check = client.content_provenance_checks.create(url="u")
    part = client.uploads.parts("up_1", data=b"chunk")

    assert [type(a) for a in assistants] == [sdk.types.Assistant] and type(run) is sdk.types.Run
    assert (grade.reward, check.verdict, part.upload_id) == (1.0, "verified", "up_1")
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/assistants"),
        ("POST", "/threads/th_1/runs/run_1/cancel"),
        ("POST", "/fine_tuning/alpha/graders/run"),
        ("POST", "/content_provenance_checks"),
        ("POST", "/uploads/up_1/parts"),
    ]


def test_a_beta_path_key_sends_its_query_and_streams_on_request(sdk: Any, client: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"id": "resp_1", "object": "response", "created_at": 1, "model": "m", "status": "completed", "output_text": "Hi"})
    server.reply(200, body=_sse({"type": "response.output_text.delta", "sequence_number": 1, "delta": "Hi", "output_index": 0}), headers={"Content-Type": "text/event-stream"})

    answer = client.responses.create(model="m", input="Hello")
    events = list(client.responses.create(model="m", input="Hello", stream=True))

    assert type(answer) is sdk.types.Response and answer.output_text == "Hi"
    assert [type(e).__name__ for e in events] == ["ResponseOutputTextDeltaEvent"]
    assert [(r.path, r.query_string) for r in server.requests] == [("/responses", "beta=true"), ("/responses", "beta=true")]


def test_usage_pages_follow_their_declared_cursor(client: Any, server: ScriptedServer) -> None:
    bucket = {"object": "bucket", "start_time": 0, "end_time": 60, "results": []}
    server.reply(200, json={"object": "page", "data": [bucket], "has_more": True, "next_page": "p2"})
    server.reply(200, json={"object": "page", "data": [bucket], "has_more": False, "next_page": None})

    buckets = list(client.organization.usage.completions(start_time=0))

    assert len(buckets) == 2
    assert [r.query_string for r in server.requests] == ["start_time=0", "start_time=0&page=p2"]


@pytest.mark.anyio
async def test_the_async_client_streams_runs_and_walks_pages(sdk: Any, server: ScriptedServer) -> None:
    server.reply(200, body=_sse({"event": "thread.run.created", "data": RUN}), headers={"Content-Type": "text/event-stream"})
    server.reply(200, json={"object": "list", "data": [RUN], "has_more": True, "last_id": "run_1"})
    server.reply(200, json={"object": "list", "data": [RUN], "has_more": False})

    async with sdk.AsyncAIPlatform(api_key="k", base_url=server.url, max_retries=0) as client:
        events = [e.event async for e in await client.threads.runs.create("th_1", assistant_id="asst_1", stream=True)]
        runs = [r.id async for r in client.threads.runs.list("th_1")]

    assert events == ["thread.run.created"] and runs == ["run_1", "run_1"]
    assert [r.query_string for r in server.requests] == ["", "", "after=run_1"]
