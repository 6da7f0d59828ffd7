"""What goes on the wire: method and path, headers, JSON bodies with wire names, query strings, extras."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import avara

from .scripted_server import ScriptedServer
from .payloads import CUSTOMER_ID, OPERATIONS, USER_ID, Operation, customer, page


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_each_operation_sends_its_method_and_path(
    client: Any, server: ScriptedServer, operation: Operation
) -> None:
    server.reply(json=operation.reply)

    operation.call(client.express)

    assert (server.last_request.method, server.last_request.path) == (
        operation.method,
        operation.path,
    )


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_requests_send_bearer_api_key_and_accept_json(
    client: Any, server: ScriptedServer, operation: Operation
) -> None:
    server.reply(json=operation.reply)

    operation.call(client.express)

    assert server.last_request.headers["authorization"] == "Bearer test-key"
    assert server.last_request.headers["accept"] == "application/json"


def test_user_agent_names_the_client_and_the_version(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json=customer())

    client.express.retrieve(CUSTOMER_ID)

    assert server.last_request.headers["user-agent"] == (
        f"Avara/Python {avara.__version__}"
    )


@pytest.mark.parametrize(
    "operation", [op for op in OPERATIONS if op.method != "GET"], ids=str
)
def test_non_get_requests_send_content_type_json_even_without_body(
    client: Any, server: ScriptedServer, operation: Operation
) -> None:
    server.reply(json=operation.reply)

    operation.call(client.express)

    assert server.last_request.headers["content-type"] == "application/json"


def test_create_sends_wire_names_in_json_body(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(201, json=customer())

    client.express.create(
        express_customer_name="Northside Imaging", metadata={"region": "us-east"}
    )

    assert server.last_request.json == {
        "expressCustomerName": "Northside Imaging",
        "metadata": {"region": "us-east"},
    }


def test_keyword_left_out_is_absent_from_body(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(201, json=customer())

    client.express.create(express_customer_name="Northside Imaging")

    assert server.last_request.json == {"expressCustomerName": "Northside Imaging"}


def test_update_without_fields_sends_empty_object(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json=customer())

    client.express.update(CUSTOMER_ID)

    assert server.last_request.json == {}


def test_none_passed_explicitly_is_sent_as_json_null(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json=customer(metadata=None))

    client.express.update(CUSTOMER_ID, metadata=None)

    assert server.last_request.json == {"metadata": None}


def test_users_add_and_remove_send_user_id_in_json_body(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json={"success": True}, times=2)

    client.express.users.add(CUSTOMER_ID, user_id=USER_ID)
    client.express.users.remove(CUSTOMER_ID, user_id=USER_ID)

    assert [(r.method, r.json) for r in server.requests] == [
        ("POST", {"userId": USER_ID}),
        ("DELETE", {"userId": USER_ID}),
    ]


def test_list_without_arguments_sends_no_query(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json=page([], has_more=False, cursor=None))

    client.express.list()

    assert server.last_request.query_string == ""


@pytest.mark.parametrize(("limit", "sent"), [(2.5, "2.5"), (20, "20")])
def test_list_sends_query_values_as_given(
    client: Any, server: ScriptedServer, limit: float, sent: str
) -> None:
    server.reply(json=page([], has_more=False, cursor=None))

    client.express.list(limit=limit, cursor="eyJpZCI6ImN1c18xIn0=")

    assert server.last_request.query == {
        "limit": [sent],
        "cursor": ["eyJpZCI6ImN1c18xIn0="],
    }


def test_boolean_query_values_are_sent_as_true_and_false(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json=page([], has_more=False, cursor=None))

    client.express.list(extra_query={"archived": False, "dryRun": True})

    assert server.last_request.query == {"archived": ["false"], "dryRun": ["true"]}


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_every_method_takes_keyword_only_extras_and_timeout(
    client: Any, operation: Operation
) -> None:
    method = _method_of(client, operation.name)
    parameters = inspect.signature(method).parameters

    for name in ("extra_headers", "extra_query", "extra_body", "timeout"):
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY, name


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_extra_headers_and_extra_query_are_sent(
    client: Any, server: ScriptedServer, operation: Operation
) -> None:
    server.reply(json=operation.reply)

    operation.call(
        client.express, extra_headers={"X-Trace": "t-1"}, extra_query={"dryRun": "true"}
    )

    assert server.last_request.headers["x-trace"] == "t-1"
    assert server.last_request.query["dryRun"] == ["true"]


def test_extra_body_is_merged_into_json_body(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(201, json=customer())

    client.express.create(
        express_customer_name="Northside Imaging", extra_body={"tier": "gold"}
    )

    assert server.last_request.json == {
        "expressCustomerName": "Northside Imaging",
        "tier": "gold",
    }


def _method_of(client: Any, dotted: str) -> Any:
    target = client
    for attribute in dotted.split("."):
        target = getattr(target, attribute)
    return target
