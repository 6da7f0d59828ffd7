"""Safe retries of writes: an operation with an idempotency header gets a fresh key per call, the same
key on every retry of that call, and `idempotency_key=` overrides it.

The header comes from the spec (a header parameter named `Idempotency-Key`) or from
`[tool.sdkgen] idempotency_header`, which puts it on every write operation. Express declares neither,
so these tests generate two small SDKs from an inline spec and call them over HTTP.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterator, List, Optional

import pytest

from generator.config import resolve_config
from generator.engine import generate

from .scripted_server import ScriptedServer
from .spec_helpers import minimal_spec, write_spec

FAST = {"retry-after-ms": "1"}
ORDER = {"id": "ord_1", "status": "open"}
KEY_PARAM = {"name": "Idempotency-Key", "in": "header", "required": True, "schema": {"type": "string"}}


def _spec(with_key_param: bool) -> Dict[str, Any]:
    order = {"$ref": "#/components/schemas/Order"}
    created = {"201": {"description": "ok", "content": {"application/json": {"schema": order}}}}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": order}}}}
    create: Dict[str, Any] = {
        "operationId": "orders.create",
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", "properties": {"item": {"type": "string"}}}}},
        },
        "responses": created,
    }
    if with_key_param:
        create["parameters"] = [KEY_PARAM]
    return minimal_spec(
        {
            "/v1/orders": {"post": create},
            "/v1/orders/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {"operationId": "orders.retrieve", "responses": ok},
            },
            "/v1/orders/{id}/cancel": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "post": {"operationId": "orders.cancel", "responses": ok},
            },
        },
        {"Order": {"type": "object", "properties": {"id": {"type": "string"}, "status": {"type": "string"}}}},
    )


def _generate(folder: Path, package: str, *, with_key_param: bool, header: Optional[str]) -> ModuleType:
    spec = write_spec(folder, _spec(with_key_param))
    table = f'[tool.sdkgen]\nspec = "spec.yaml"\npackage = "{package}"\n'
    if header:
        table += f'idempotency_header = "{header}"\n'
    (folder / "pyproject.toml").write_text(table, encoding="utf-8")
    config = resolve_config(spec=str(spec), output=str(folder / "out"), package=None, client=None, config_file=None, cwd=folder)
    for path, text in generate(config, cwd=folder).files.items():
        target = folder / "out" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(folder / "out"))
    return importlib.import_module(package)


@pytest.fixture(scope="module")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, ModuleType]]:
    """`declared`: the spec declares Idempotency-Key on `create`; `configured`: the config names it."""
    made = {
        "declared": _generate(tmp_path_factory.mktemp("declared"), "idem_declared", with_key_param=True, header=None),
        "configured": _generate(
            tmp_path_factory.mktemp("configured"), "idem_configured", with_key_param=False, header="Idempotency-Key"
        ),
    }
    yield made
    for name in list(sys.modules):
        if name.split(".")[0] in ("idem_declared", "idem_configured"):
            del sys.modules[name]


def _client(sdk: ModuleType, server: ScriptedServer, **options: Any) -> Any:
    client_class = next(getattr(sdk, name) for name in sdk.__all__ if name.startswith("Idem") and "Async" not in name)
    return client_class(base_url=server.url, **options)


def _async_client(sdk: ModuleType, server: ScriptedServer, **options: Any) -> Any:
    client_class = next(getattr(sdk, name) for name in sdk.__all__ if name.startswith("AsyncIdem"))
    return client_class(base_url=server.url, **options)


def _keys(server: ScriptedServer) -> List[Optional[str]]:
    return [r.headers.get("idempotency-key") for r in server.requests]


@pytest.mark.parametrize("kind", ["declared", "configured"])
def test_each_call_sends_a_fresh_key(sdks: Dict[str, ModuleType], server: ScriptedServer, kind: str) -> None:
    client = _client(sdks[kind], server, max_retries=0)
    server.reply(201, json=ORDER, times=2)

    client.orders.create(item="a")
    client.orders.create(item="a")

    first, second = _keys(server)
    assert first and second and first != second
    assert uuid.UUID(first) and uuid.UUID(second)


@pytest.mark.parametrize("kind", ["declared", "configured"])
def test_every_retry_of_a_call_reuses_its_key(sdks: Dict[str, ModuleType], server: ScriptedServer, kind: str) -> None:
    client = _client(sdks[kind], server, max_retries=2)
    server.reply(503, headers=FAST)
    server.reply(409, headers=FAST)
    server.reply(201, json=ORDER)

    client.orders.create(item="a")

    keys = _keys(server)
    assert len(keys) == 3 and keys[0] is not None
    assert keys == [keys[0]] * 3
    assert len({r.body for r in server.requests}) == 1


@pytest.mark.parametrize("kind", ["declared", "configured"])
def test_idempotency_key_argument_overrides_the_generated_one(
    sdks: Dict[str, ModuleType], server: ScriptedServer, kind: str
) -> None:
    client = _client(sdks[kind], server, max_retries=1)
    server.reply(500, headers=FAST)
    server.reply(201, json=ORDER)

    client.orders.create(item="a", idempotency_key="order-a-attempt-1")

    assert _keys(server) == ["order-a-attempt-1", "order-a-attempt-1"]


def test_the_key_is_an_optional_keyword_only_argument(sdks: Dict[str, ModuleType], server: ScriptedServer) -> None:
    # The spec requires the header, but the client fills it in: callers may leave it out.
    create = _client(sdks["declared"], server).orders.create
    parameter = inspect.signature(create).parameters["idempotency_key"]

    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is not inspect.Parameter.empty


def test_a_declared_header_stays_on_its_operation(sdks: Dict[str, ModuleType], server: ScriptedServer) -> None:
    client = _client(sdks["declared"], server, max_retries=0)
    server.reply(json=ORDER, times=2)

    client.orders.cancel("ord_1")
    client.orders.retrieve("ord_1")

    assert _keys(server) == [None, None]
    assert "idempotency_key" not in inspect.signature(client.orders.cancel).parameters


def test_a_configured_header_goes_on_every_write_but_not_on_reads(
    sdks: Dict[str, ModuleType], server: ScriptedServer
) -> None:
    client = _client(sdks["configured"], server, max_retries=0)
    server.reply(json=ORDER, times=2)

    client.orders.cancel("ord_1")
    client.orders.retrieve("ord_1")

    cancel_key, retrieve_key = _keys(server)
    assert cancel_key is not None and retrieve_key is None
    assert "idempotency_key" in inspect.signature(client.orders.cancel).parameters
    assert "idempotency_key" not in inspect.signature(client.orders.retrieve).parameters


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["declared", "configured"])
async def test_async_client_sends_a_fresh_key_per_call_and_reuses_it_on_retries(
    sdks: Dict[str, ModuleType], server: ScriptedServer, kind: str
) -> None:
    async with _async_client(sdks[kind], server, max_retries=1) as client:
        server.reply(503, headers=FAST)
        server.reply(201, json=ORDER, times=3)

        await client.orders.create(item="a")
        await client.orders.create(item="b")
        await client.orders.with_raw_response.create(item="c", idempotency_key="mine")

    first, retried, second, mine = _keys(server)
    assert first == retried and first is not None
    assert second not in (None, first)
    assert mine == "mine"


def test_express_declares_no_idempotency_header() -> None:
    import avara

    with avara.Avara(api_key="k") as client:
        assert "idempotency_key" not in inspect.signature(client.express.create).parameters
