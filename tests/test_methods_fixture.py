"""Where operations go and what their methods are called (tests/fixtures/specs/methods.yaml, shaped
like an assistants API, a payments API and a file-storage API): REST convention first, actions,
sub-resources, names the spec or the config gives, path keys with a query or a fragment. Each
method sends its operation's request, from the blocking client and the async one."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, List, Tuple

import pytest

from generator.config import resolve_config
from generator.engine import generate

from .scripted_server import ScriptedServer
from .spec_helpers import golden_mismatches
from .surface_sdks import METHODS, SPECS

REGENERATE = ".venv/bin/python tests/fixtures/refresh_golden.py"

# (a call of the SDK, the request it sends: method, path, query string)
Call = Tuple[Callable[[Any], Any], Tuple[str, str, str]]
CALLS: List[Call] = [
    # The convention beats the operationId's synonyms: getAssistant, modifyAssistant.
    (lambda c: c.assistants.list(limit=2), ("GET", "/assistants", "limit=2")),
    (lambda c: c.assistants.create(model="m"), ("POST", "/assistants", "")),
    (lambda c: c.assistants.retrieve("asst_1"), ("GET", "/assistants/asst_1", "")),
    (lambda c: c.assistants.update("asst_1", name="n"), ("POST", "/assistants/asst_1", "")),
    (lambda c: c.assistants.delete("asst_1"), ("DELETE", "/assistants/asst_1", "")),
    # A POST to a segment after an item is an action of it; a sub-collection is a sub-resource.
    (lambda c: c.threads.runs.cancel("th_1", "run_1"), ("POST", "/threads/th_1/runs/run_1/cancel", "")),
    (lambda c: c.threads.runs.submit_tool_outputs("th_1", "run_1", tool_outputs=[]), ("POST", "/threads/th_1/runs/run_1/submit_tool_outputs", "")),
    (lambda c: c.threads.runs.steps.list("th_1", "run_1"), ("GET", "/threads/th_1/runs/run_1/steps", "")),
    (lambda c: c.threads.runs.steps.retrieve("th_1", "run_1", "step_1"), ("GET", "/threads/th_1/runs/run_1/steps/step_1", "")),
    # An action whose segment is a sub-resource too takes its operationId's name.
    (lambda c: c.threads.create_and_run(assistant_id="asst_1"), ("POST", "/threads/runs", "")),
    # Of PATCH and PUT on one item, PATCH is the update.
    (lambda c: c.threads.messages.update("th_1", "msg_1"), ("PATCH", "/threads/th_1/messages/msg_1", "")),
    (lambda c: c.threads.messages.replace("th_1", "msg_1", content="x"), ("PUT", "/threads/th_1/messages/msg_1", "")),
    # Another verb than the convention's names the method: cancelEvalRun, users/follow.
    (lambda c: c.evals.runs.retrieve("ev_1", "run_1"), ("GET", "/evals/ev_1/runs/run_1", "")),
    (lambda c: c.evals.runs.cancel("ev_1", "run_1"), ("POST", "/evals/ev_1/runs/run_1", "")),
    (lambda c: c.user.following.follow("octocat"), ("PUT", "/user/following/octocat", "")),
    (lambda c: c.user.following.unfollow("octocat"), ("DELETE", "/user/following/octocat", "")),
    # The operationId begins with the segment: runGrader.
    (lambda c: c.fine_tuning.alpha.graders.run(grader="g"), ("POST", "/fine_tuning/alpha/graders/run", "")),
    (lambda c: c.fine_tuning.alpha.graders.validate(grader="g"), ("POST", "/fine_tuning/alpha/graders/validate", "")),
    # A GET of no list after an item is a method.
    (lambda c: c.files.content("file_1"), ("GET", "/files/file_1/content", "")),
    (lambda c: c.images.edits.create(prompt="p"), ("POST", "/images/edits", "")),
    # All-lowercase operationIds split at the spec's words; a DELETE of a list named by its id.
    (lambda c: c.content_provenance_checks.create(url="u"), ("POST", "/content_provenance_checks", "")),
    (lambda c: c.content_provenance_checks.delete_all(type="video"), ("DELETE", "/content_provenance_checks", "type=video")),
    (lambda c: c.repos.actions.caches.delete_by_key("o", "r", key="k"), ("DELETE", "/repos/o/r/actions/caches", "key=k")),
    (lambda c: c.repos.readme("o", "r"), ("GET", "/repos/o/r/readme", "")),
    # A payments API: POST updates an item; a singleton; an action of a resource with methods.
    (lambda c: c.customers.update("cus_1", email="e"), ("POST", "/customers/cus_1", "")),
    (lambda c: c.customers.discount.delete("cus_1"), ("DELETE", "/customers/cus_1/discount", "")),
    (lambda c: c.payment_intents.confirm("pi_1"), ("POST", "/payment_intents/pi_1/confirm", "")),
    (lambda c: c.account.retrieve(), ("GET", "/account", "")),
    (lambda c: c.apps.secrets.delete(name="s"), ("POST", "/apps/secrets/delete", "")),
    # A fragment names the method and is not sent; a fixed query is.
    (lambda c: c.web_links.add_shared_link("wl_1", fields="shared_link"), ("PUT", "/web_links/wl_1", "fields=shared_link")),
    (lambda c: c.models.list(), ("GET", "/models", "")),
    (lambda c: c.models.list_owned(), ("GET", "/models", "owned=true")),
    (lambda c: c.responses.create(input="hi"), ("POST", "/responses", "beta=true")),
    # Names the spec and the config give.
    (lambda c: c.audio.voices.clone(name="v"), ("POST", "/voice_cloning", "")),
    (lambda c: c.batches.submit(input_file_id="f"), ("POST", "/batch_jobs", "")),
    (lambda c: c.usage.costs.estimate(), ("POST", "/usage/costs", "")),
    (lambda c: c.organization.projects.list_all(), ("GET", "/organization/projects", "")),
]


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with METHODS.imported(tmp_path_factory.mktemp("methods")) as module:
        yield module


def _reply(server: ScriptedServer, request: Tuple[str, str, str]) -> None:
    if request[1].endswith("/content"):
        server.reply(200, body=b"bytes", headers={"Content-Type": "application/octet-stream"})
    elif request[1] in ("/content_provenance_checks", "/organization/projects") and request[0] != "POST":
        server.reply(200, json=[])
    else:
        server.reply(200, json={"data": [], "has_more": False})


def test_the_fixture_output_matches_its_golden_record(tmp_path: Path) -> None:
    assert golden_mismatches(METHODS.render(tmp_path), METHODS.golden) == [], f"regenerate with: {REGENERATE}"


def test_each_method_sends_its_operations_request(sdk: Any, server: ScriptedServer) -> None:
    with sdk.Methods(base_url=server.url, max_retries=0) as client:
        for call, request in CALLS:
            _reply(server, request)
            call(client)

    assert [(r.method, r.path, r.query_string) for r in server.requests] == [request for _, request in CALLS]


@pytest.mark.anyio
async def test_each_async_method_sends_its_operations_request(sdk: Any, server: ScriptedServer) -> None:
    async with sdk.AsyncMethods(base_url=server.url, max_retries=0) as client:
        for call, request in CALLS:
            _reply(server, request)
            await call(client)  # a list method's paginator, awaited, is its first page

    assert [(r.method, r.path, r.query_string) for r in server.requests] == [request for _, request in CALLS]


def test_a_fixed_query_goes_with_the_callers_own(sdk: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"data": []})
    with sdk.Methods(base_url=server.url, max_retries=0) as client:
        client.models.list_owned(extra_query={"limit": 5})

    assert server.last_request.query == {"owned": ["true"], "limit": ["5"]}


def test_list_methods_return_pages_of_the_spec_s_models(sdk: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"data": [{"id": "asst_1", "object": "assistant", "model": "m"}], "has_more": False})
    with sdk.Methods(base_url=server.url, max_retries=0) as client:
        assistants = list(client.assistants.list())

    assert [type(a) for a in assistants] == [sdk.types.Assistant]


def test_the_warnings_say_which_operation_kept_a_name(tmp_path: Path) -> None:
    config = resolve_config(spec=None, output=str(tmp_path), package=None, client=None, config_file=str(SPECS / "methods.toml"), cwd=tmp_path)
    messages = [p.message for p in generate(config, cwd=tmp_path).warnings]

    assert messages == [
        "operation threads.runs (POST /threads/runs): a sub-resource has that name; this one is create_and_run",
        "operation threads.messages.update (PUT /threads/{thread_id}/messages/{message_id}): PATCH /threads/{thread_id}/messages/{message_id} has that name; this one is replace",
        "operation models.list (GET /models?owned=true): GET /models has that name; this one is list_owned",
    ]
