"""An SDK generated from names no one chose for Python: every name is escaped, and the wire keeps the spec's."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator import naming
from generator.cli import main

from .names_fixtures import generate_names, imported, names_spec
from .scripted_server import ScriptedServer
from .spec_helpers import write_spec


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_names(tmp_path_factory.mktemp("names"))


@pytest.fixture
def sdk(out: Path) -> Iterator[Any]:
    with imported(out, "names_sdk") as module:
        yield module


@pytest.fixture
def client(sdk: Any, server: ScriptedServer) -> Iterator[Any]:
    with sdk.Names(base_url=server.url, max_retries=0) as made:
        yield made


def test_a_resource_named_like_a_client_method_is_escaped_and_the_method_still_works(client: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"a": "x"})
    assert client.copy_.retrieve().a == "x"
    assert server.requests[-1].path == "/copy"
    assert callable(client.copy) and client.with_options(max_retries=1).max_retries == 1
    server.reply(200, json={"b": "y"})
    assert client.with_options_.items.retrieve().b == "y"


def test_query_params_whose_names_collide_in_python_keep_their_wire_names(client: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"count": 3})
    found = client.things.with_raw_response_(
        date_created="d", date_created_lt="l", date_created_gt="g", cast2=1, class_="c", x_api_key="secret"
    )
    assert found.count == 3
    request = server.requests[-1]
    assert request.query == {"DateCreated": ["d"], "DateCreated<": ["l"], "DateCreated>": ["g"], "cast": ["1"], "class": ["c"]}
    assert request.headers["x-api-key"] == "secret"
    # The raw-response accessor of the resource is still there.
    server.reply(200, json={"count": 4})
    assert client.things.with_raw_response.with_raw_response_().parse().count == 4


def test_fields_named_like_builtins_keywords_or_types_decode_through_their_aliases(client: Any, server: ScriptedServer) -> None:
    server.reply(
        200,
        json={"id": "r1", "type": "t", "date": "2024-02-29", "str": "s", "class": "c", "1st": 1, "名前": "n", "naïve": True, "model_config": "m", "": "e"},
    )
    record = client.things.str_("r1")
    assert server.requests[-1].path == "/things/r1"
    assert (record.id, record.type, str(record.date_), record.str_, record.class_) == ("r1", "t", "2024-02-29", "s", "c")
    assert (record.one_st, record.u540d_u524d, record.naive, record.model_config_, record.unnamed) == (1, "n", True, "m", "e")


def test_a_method_named_like_a_sub_resource_does_not_replace_it(client: Any, server: ScriptedServer) -> None:
    server.reply(200, json=["k1"])
    assert client.things.keys.list() == ["k1"]
    server.reply(200, json={"count": 2})
    assert client.things.keys2().count == 2
    assert server.requests[-1].path == "/things/keys-of-things"


def test_a_sub_resource_named_like_its_parent_gets_its_own_module(client: Any, server: ScriptedServer, out: Path) -> None:
    assert {p.name for p in (out / "names_sdk" / "resources" / "users").iterdir()} >= {"users.py", "users2.py", "__init__.py"}
    server.reply(200, json=["u"])
    assert client.users.users.list() == ["u"]
    server.reply(200, json=[{"items": ["i"]}])
    assert client.users.list()[0].items == ["i"]


def test_types_that_differ_only_in_case_get_distinct_file_names(out: Path, sdk: Any) -> None:
    modules = {p.name.casefold() for p in (out / "names_sdk" / "types").glob("*.py")}
    assert {"foo.py", "foo_2.py"} <= modules
    assert importlib.import_module("names_sdk.types.foo").Foo is not importlib.import_module("names_sdk.types.foo_2").Foo2


def test_a_schema_named_like_a_typing_name_does_not_hide_it(sdk: Any) -> None:
    module = importlib.import_module("names_sdk.types.list_2")
    assert module.List2.model_validate({"items": ["a"]}).items == ["a"]


def test_no_types_module_takes_a_name_the_types_package_uses_itself(out: Path, sdk: Any, client: Any, server: ScriptedServer) -> None:
    types = out / "names_sdk" / "types"
    assert {"str2.py", "globals2.py", "lazy_module2.py"} <= {p.name for p in types.glob("*.py")}
    # Every lowercase name the package's __init__ reads is one no module may take.
    tree = ast.parse((types / "__init__.py").read_text(encoding="utf-8"))
    read = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    assert {name for name in read if name.islower() and not name.startswith("_")} <= naming.TYPES_PACKAGE_NAMES
    server.reply(200, json={"scope": {"name": "g"}, "loader": {"name": "l"}})
    assert (client.strings.retrieve().scope.name, sdk.types.Str.__name__) == ("g", "Str")


def test_names_too_long_for_a_file_name_get_shorter_module_names_and_work(out: Path, sdk: Any, client: Any, server: ScriptedServer) -> None:
    longest = max((p for p in (out / "names_sdk").rglob("*.py")), key=lambda p: len(p.name))
    assert len(longest.name) <= 70, longest
    server.reply(200, json={"name": "n"})
    # The attribute and the class keep their whole names; only the files are shorter.
    decoded = getattr(client, "segment" * 50).retrieve()
    assert decoded.name == "n" and isinstance(decoded, getattr(sdk.types, "VeryLong" * 40))


def test_a_types_package_and_a_shared_model_of_one_name_do_not_collide(out: Path, sdk: Any, client: Any, server: ScriptedServer) -> None:
    types = out / "names_sdk" / "types"
    # `things.keys.list` puts its params type in the package types/things/; the schema `Things`
    # therefore lives in types/things2.py.
    assert (types / "things" / "key_list_params.py").is_file() and (types / "things2.py").is_file()
    assert importlib.import_module("names_sdk.types.things2").Things.model_validate({"count": 1}).count == 1
    server.reply(200, json=["k"])
    assert client.things.keys.list(limit=1) == ["k"]
    assert server.requests[-1].query == {"limit": ["1"]}


def test_each_renamed_operation_is_reported_with_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, names_spec())
    assert main(["validate", str(spec)]) == 0
    err = capsys.readouterr().err
    assert "warning: operation things.keys (POST /things/keys-of-things): a sub-resource has that name; this one is keys2 [#/paths/~1things~1keys-of-things/post]" in err


def test_names_that_start_with_a_digit_spell_it_out_rather_than_look_private(client: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"2x": "y"})
    found = client.three_d.two_fa(two_nd="x")
    assert server.requests[-1].query == {"2nd": ["x"]}
    assert isinstance(found, importlib.import_module("names_sdk.types.one_password").OnePassword)
    assert found.two_x == "y"
