"""Every SDK the tests generate passes mypy --strict and pyright strict (Python 3.9), with the tests
generated beside each committed one, and so does code that uses them as their users would; black
leaves each unchanged (those test_black_ready.py renders are checked there, both ways).

One run of each checker over them all: each run pays once for what every SDK imports (typeshed,
pydantic, httpx), which on a fresh machine is most of a run. The SDKs:
- Express (generated/), and code using its async pages and streamed responses;
- the golden records of the fixture specs (auth, lenient, operations, pagination, schemas, methods,
  models, streams), each with its generated tests;
- the SDKs of the inline specs of the name, auth, operations, pagination and schema tests, a
  hostile spec's, and one of a spec with components alone (a client with no resource);
- the large AI platform spec's, both versions of the renames fixture, and code that calls the
  stream overloads of the streams fixture.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import List

import black
import pytest

from generator.cli import main

from . import test_operations_bodies, test_operations_naming, test_operations_params, test_operations_responses
from .names_fixtures import generate, generate_names, hostile_payloads, hostile_spec
from .operations_sdk import generate_sdk
from .schema_specs import ALL
from .spec_helpers import ROOT, minimal_spec, write_spec
from .surface_sdks import AI_PLATFORM_SPEC, RENAMES_V1, RENAMES_V2
from .test_auth import generate_inline_sdks
from .test_black_ready import FIXTURES as BLACK_READY_FIXTURES
from .test_pagination_golden import CONFIG as PAGINATION_CONFIG
from .test_pagination_golden import CONFIGURED as PAGINATION_CONFIGURED
from .typecheck import strict_type_check

GOLDEN = ROOT / "tests" / "fixtures" / "golden"
# Committed SDKs: (output folder holding the package and its tests, package).
COMMITTED = [
    (ROOT / "generated", "avara"),
    (GOLDEN / "auth", "relay"),
    (GOLDEN / "lenient", "lenient"),
    (GOLDEN / "operations", "ops_sdk"),
    (GOLDEN / "pagination", "paginated"),
    (GOLDEN / "schemas", "schemas_sdk"),
    (GOLDEN / "methods", "methods_sdk"),
    (GOLDEN / "models", "models_sdk"),
    (GOLDEN / "streams", "streams_sdk"),
]

# Express as users call it: `await list()` and `async for ... in list()`, streamed responses.
EXPRESS_USAGE = '''
from typing import List

import avara
from avara.pagination import AsyncCursorExpressCustomers, SyncCursorExpressCustomers
from avara.types.express_list_response import ExpressListResponse
from avara.types.express_retrieve_response import ExpressRetrieveResponse

AsyncPage = AsyncCursorExpressCustomers[ExpressListResponse]


async def use_async(client: avara.AsyncAvara) -> List[str]:
    first: AsyncPage = await client.express.list(limit=2)
    names = [c.express_customer_id async for c in client.express.list(limit=2)]
    second: AsyncPage = await first.get_next_page()
    pages: List[AsyncPage] = [p async for p in second.iter_pages()]
    raw: avara.AsyncAPIResponse[AsyncPage] = await client.express.with_raw_response.list()
    parsed: AsyncPage = await raw.parse()
    async with client.express.with_streaming_response.retrieve("id") as response:
        customer: ExpressRetrieveResponse = await response.parse()
        chunks = [chunk async for chunk in response.iter_bytes()]
    return names + [str(len(pages)), str(parsed), customer.express_customer_id, str(chunks)]


def use_sync(client: avara.Avara) -> List[str]:
    with client.with_streaming_response.express.list(limit=1) as response:
        page: SyncCursorExpressCustomers[ExpressListResponse] = response.parse()
        body: bytes = response.read()
    return [c.express_customer_id for c in page] + [body.decode()]
'''

# The streams fixture as users call it: each call typed as the overload for its `stream` argument.
STREAMS_USAGE = '''
from typing import List

from typing_extensions import assert_type

from streams_sdk import AsyncStreams, Streams
from streams_sdk.types import ChatCompletion, ChatCompletionChunk, MessagesItemParam, Response


def chat(client: Streams, flag: bool) -> None:
    messages: List[MessagesItemParam] = [{"role": "user", "content": "Hello"}]
    assert_type(client.chat.completions.create(model="m", messages=messages), ChatCompletion)
    assert_type(client.chat.completions.create(model="m", messages=messages, stream=False), ChatCompletion)
    for chunk in client.chat.completions.create(model="m", messages=messages, stream=True):
        assert_type(chunk, ChatCompletionChunk)
    either = client.chat.completions.create(model="m", messages=messages, stream=flag)
    if isinstance(either, ChatCompletion):
        assert_type(either, ChatCompletion)
    else:
        for chunk in either:
            assert_type(chunk, ChatCompletionChunk)
    assert_type(client.audio.speech.create(input="Hi", voice="v").read(), bytes)
    for chunk in client.chat.completions.with_raw_response.create(model="m", messages=messages, stream=True).parse():
        assert_type(chunk, ChatCompletionChunk)


async def responses(client: AsyncStreams) -> None:
    assert_type(await client.responses.create(input="Hi"), Response)
    async for event in await client.responses.create(input="Hi", stream=True):
        if event.type == "response.completed":
            assert_type(event.response, Response)
    either = await client.responses.create(input="Hi", stream=None)
    assert_type(either, Response)
'''


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> List[Path]:
    """Every package to check, each in a folder of its own (with its tests beside it, if any)."""
    root = tmp_path_factory.mktemp("typecheck")
    found: List[Path] = []

    def keep(package: Path, *, with_tests: bool = False) -> None:
        """A copy of `package` (and of the tests beside it) in a folder of its own under `root`."""
        folder = root / package.name
        shutil.copytree(package, folder / package.name, ignore=shutil.ignore_patterns("__pycache__"))
        if with_tests and (package.parent / "tests").is_dir():
            shutil.copytree(package.parent / "tests", folder / "tests", ignore=shutil.ignore_patterns("__pycache__"))
        found.append(folder / package.name)

    for output, package in COMMITTED:
        keep(output / package, with_tests=True)
    for name, code in (("avara_usage", EXPRESS_USAGE), ("streams_usage", STREAMS_USAGE)):
        (root / name / name).mkdir(parents=True)
        (root / name / name / "__init__.py").write_text(code.lstrip(), encoding="utf-8")
        found.append(root / name / name)

    scratch = tmp_path_factory.mktemp("sdks")
    (scratch / "names").mkdir()
    keep(generate_names(scratch / "names") / "names_sdk")
    for name, out in generate_inline_sdks(scratch / "auth").items():
        keep(out / name)
    for module in (test_operations_params, test_operations_bodies, test_operations_responses, test_operations_naming):
        name = module.__name__.rsplit("_", 1)[-1] + "_sdk"
        keep(generate_sdk(scratch / name, module.SPEC, name) / name)
    for name, spec in ALL.items():
        path = write_spec(scratch, spec, f"{name}.yaml")
        assert main(["generate", str(path), "-o", str(scratch / name), "--package", f"{name}_sdk", "--client", "Client", "-q"]) == 0
        keep(scratch / name / f"{name}_sdk")
    configured = scratch / "configured"
    configured.mkdir()
    write_spec(configured, PAGINATION_CONFIGURED)
    (configured / "pyproject.toml").write_text(PAGINATION_CONFIG, encoding="utf-8")
    assert main(["generate", "--config", str(configured / "pyproject.toml"), "-q"]) == 0
    keep(configured / "out" / "configured")

    hostile = scratch / "hostile"
    hostile.mkdir()
    spec = hostile_spec(itertools.cycle(hostile_payloads(str(hostile / "sentinel"))))
    (hostile / "spec.json").write_text(json.dumps(spec, ensure_ascii=True), encoding="utf-8")
    assert generate(hostile / "spec.json", hostile / "out", "hostile_all", "Hostile") == 0
    keep(hostile / "out" / "hostile_all")
    assert not (hostile / "sentinel").exists()
    empty = scratch / "no_operations"
    empty.mkdir()
    path = write_spec(empty, minimal_spec({}, {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}))
    assert generate(path, empty / "out", "no_operations", "Empty") == 0
    keep(empty / "out" / "no_operations")
    for spec_path, package in ((AI_PLATFORM_SPEC, "ai_platform"), (RENAMES_V1, "pets_v1"), (RENAMES_V2, "pets_v2")):
        assert generate(spec_path, scratch / package, package, "Client") == 0
        keep(scratch / package / package)
    return found


def test_every_sdk_the_tests_generate_and_its_use_pass_mypy_strict_and_pyright_strict(packages: List[Path]) -> None:
    assert strict_type_check(packages) == []


def test_the_check_covers_each_committed_sdk_with_its_generated_tests(packages: List[Path]) -> None:
    checked = {p.name for p in packages}

    assert {package for _, package in COMMITTED} <= checked
    committed = {package for _, package in COMMITTED}
    assert all((p.parent / "tests" / "api_resources").is_dir() for p in packages if p.name in committed)
    assert len(checked) == len(packages), "package names are distinct"


def test_black_leaves_every_sdk_unchanged_that_test_black_ready_does_not_render(packages: List[Path]) -> None:
    rendered_there = {package for _, package, _ in BLACK_READY_FIXTURES.values()}
    # The usage code is the tests' own, not generated.
    folders = [p.parent for p in packages if p.name not in rendered_there and not p.name.endswith("_usage")]

    # The runtime modules are copied as they are: test_generated_quality.py checks them where they are edited.
    runtime = {path.name for path in (ROOT / "templates" / "client").glob("*.py")}
    generated = [path for folder in folders for path in folder.rglob("*.py") if not (path.name in runtime and path.parent.parent == folder)]

    assert folders and generated
    for path in sorted(generated):
        source = path.read_text(encoding="utf-8")
        assert black.format_str(source, mode=black.Mode()) == source, path
