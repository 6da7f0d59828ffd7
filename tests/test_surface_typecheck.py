"""The SDKs of the surface fixtures (methods, models, streams, renames, the large AI platform spec) pass mypy
--strict and pyright strict, and so does code that uses them as their users would: the overloads of
a method whose `stream` flag chooses between the model and a stream give each call its own type.
One run of each checker for them all."""

from __future__ import annotations

import shutil
from pathlib import Path

from .spec_helpers import generate
from .surface_sdks import AI_PLATFORM_SPEC, METHODS, MODELS, RENAMES_V1, RENAMES_V2, STREAMS
from .typecheck import strict_type_check

# What users write: each call typed as the overload for its `stream` argument says.
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


def test_the_surface_fixture_sdks_and_their_use_pass_mypy_strict_and_pyright_strict(tmp_path: Path) -> None:
    packages = []
    for fixture in (METHODS, MODELS, STREAMS):
        shutil.copytree(fixture.golden / fixture.package, tmp_path / fixture.package)
        packages.append(tmp_path / fixture.package)
    usage = tmp_path / "streams_usage"
    usage.mkdir()
    (usage / "__init__.py").write_text(STREAMS_USAGE.lstrip(), encoding="utf-8")
    for spec, package in ((AI_PLATFORM_SPEC, "ai_platform"), (RENAMES_V1, "pets_v1"), (RENAMES_V2, "pets_v2")):
        assert generate(spec, tmp_path, package, "Client") == 0
        packages.append(tmp_path / package)

    assert strict_type_check([*packages, usage]) == []
