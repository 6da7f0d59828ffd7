"""Responses become lenient pydantic v2 models with snake_case attributes; non-JSON success bodies stay text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pydantic
import pytest

from .scripted_server import ScriptedServer
from .payloads import CUSTOMER_ID, USER_ID, customer, page


def test_response_becomes_pydantic_model_with_snake_case_attributes(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json=customer())

    result = client.express.retrieve(CUSTOMER_ID)

    assert isinstance(result, pydantic.BaseModel)
    assert result.express_customer_id == CUSTOMER_ID
    assert result.express_customer_name == "Northside Imaging"
    assert result.is_active is True
    assert result.user_count == 3
    assert result.created_by_api_key_id == "6f1c2a9e-8d4b-4c1e-9a77-2f5b8e3d1c40"
    assert result.created_by_user_id == "usr_fedcba9876543210fedcba9876543210"
    assert result.metadata == {"region": "us-east"}


def test_model_dump_by_alias_gives_wire_names(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json=customer())

    result = client.express.retrieve(CUSTOMER_ID)

    dumped = result.model_dump(by_alias=True)
    assert dumped["expressCustomerId"] == CUSTOMER_ID
    assert dumped["isActive"] is True
    assert dumped["userCount"] == 3


def test_datetimes_are_timezone_aware(client: Any, server: ScriptedServer) -> None:
    server.reply(
        json=customer(
            createdAt="2025-01-15T10:30:00Z", updatedAt="2025-01-16T08:00:00+02:00"
        )
    )

    result = client.express.retrieve(CUSTOMER_ID)

    assert result.created_at == datetime(2025, 1, 15, 10, 30, tzinfo=timezone.utc)
    assert result.created_at.tzinfo is not None
    assert result.updated_at.utcoffset() == timedelta(hours=2)


def test_unknown_fields_are_kept_as_attributes_and_in_dump(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json=customer(tier="gold", region={"name": "us-east"}))

    result = client.express.retrieve(CUSTOMER_ID)

    assert result.tier == "gold"
    assert result.region == {"name": "us-east"}
    assert result.model_dump()["tier"] == "gold"
    assert result.model_dump(by_alias=True)["region"] == {"name": "us-east"}


def test_model_fields_set_tells_missing_from_null(
    client: Any, server: ScriptedServer
) -> None:
    body = customer(createdAt=None)
    del body["metadata"]
    server.reply(json=body)

    result = client.express.retrieve(CUSTOMER_ID)

    assert result.created_at is None
    assert result.metadata is None
    assert "created_at" in result.model_fields_set
    assert "metadata" not in result.model_fields_set


DECLARED_IN_CUSTOMER = {
    "created_at",
    "express_customer_id",
    "express_customer_name",
    "is_active",
    "updated_at",
    "user_count",
    "created_by_api_key_id",
    "created_by_user_id",
}


@pytest.mark.parametrize(
    "user_count",
    [3, "three"],  # a body that validates, and one decoded leniently
)
def test_model_fields_set_holds_only_the_declared_fields_present(
    client: Any, server: ScriptedServer, user_count: object
) -> None:
    body = customer(futureField={"nested": 1}, userCount=user_count)
    del body["metadata"]
    server.reply(json=body)

    result = client.express.retrieve(CUSTOMER_ID)

    assert result.model_fields_set == DECLARED_IN_CUSTOMER
    # The undeclared key is still there, as in the official client, only not "set".
    assert result.futureField == {"nested": 1}
    assert result.model_extra == {"futureField": {"nested": 1}}
    assert result.model_dump()["futureField"] == {"nested": 1}
    assert result.model_dump(exclude_unset=True)["futureField"] == {"nested": 1}


def test_model_fields_set_of_page_items_holds_only_declared_fields(
    client: Any, server: ScriptedServer
) -> None:
    body = page([CUSTOMER_ID], has_more=False, cursor=None)
    body["expressCustomers"][0]["futureField"] = "x"
    body["futureTotal"] = 1
    server.reply(json=body)

    listed = client.express.list()
    item = listed.express_customers[0]

    assert item.model_fields_set == DECLARED_IN_CUSTOMER | {"metadata"}
    assert item.futureField == "x"
    assert "futureTotal" not in listed.model_fields_set
    assert listed.futureTotal == 1


def test_missing_required_field_does_not_raise(
    client: Any, server: ScriptedServer
) -> None:
    body = customer()
    del body["expressCustomerName"], body["isActive"]
    server.reply(json=body)

    result = client.express.retrieve(CUSTOMER_ID)

    assert result.express_customer_name is None
    assert result.is_active is None
    assert result.express_customer_id == CUSTOMER_ID


def test_created_response_is_parsed(client: Any, server: ScriptedServer) -> None:
    server.reply(201, json=customer(expressCustomerName="New Customer"))

    result = client.express.create(express_customer_name="New Customer")

    assert result.express_customer_name == "New Customer"


def test_user_operations_return_result_models(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(json={"success": True, "message": "User added to Express customer"})
    server.reply(json={"success": False})

    added = client.express.users.add(CUSTOMER_ID, user_id=USER_ID)
    removed = client.express.users.remove(CUSTOMER_ID, user_id=USER_ID)

    assert (added.success, added.message) == (True, "User added to Express customer")
    assert (removed.success, removed.message) == (False, None)


def test_non_json_success_response_is_returned_as_text(
    client: Any, server: ScriptedServer
) -> None:
    server.reply(200, body="customer is fine", headers={"Content-Type": "text/plain"})

    result = client.express.retrieve(CUSTOMER_ID)

    assert result == "customer is fine"
