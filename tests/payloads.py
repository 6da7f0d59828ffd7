"""Wire-format (camelCase) bodies the scripted server answers with, and a table of the API's operations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

CUSTOMER_ID = "cus_0123456789abcdef0123456789abcdef"
USER_ID = "usr_0123456789abcdef0123456789abcdef"


def customer(**overrides: Any) -> Dict[str, Any]:
    """An ExpressCustomer as the API sends it; keyword arguments replace or add wire fields."""
    body: Dict[str, Any] = {
        "createdAt": "2025-01-15T10:30:00Z",
        "expressCustomerId": CUSTOMER_ID,
        "expressCustomerName": "Northside Imaging",
        "isActive": True,
        "updatedAt": "2025-01-16T08:00:00+02:00",
        "userCount": 3,
        "createdByApiKeyId": "6f1c2a9e-8d4b-4c1e-9a77-2f5b8e3d1c40",
        "createdByUserId": "usr_fedcba9876543210fedcba9876543210",
        "metadata": {"region": "us-east"},
    }
    body.update(overrides)
    return body


def page(
    ids: List[str], *, has_more: Optional[bool], cursor: Optional[str]
) -> Dict[str, Any]:
    """An ExpressCustomerList; `None` leaves `hasMore` / `cursor` out."""
    body: Dict[str, Any] = {
        "expressCustomers": [customer(expressCustomerId=i) for i in ids]
    }
    if has_more is not None:
        body["hasMore"] = has_more
    if cursor is not None:
        body["cursor"] = cursor
    return body


@dataclass(frozen=True)
class Operation:
    """One API operation: how to call it and what request it makes.

    `call(express, **options)` calls it on `client.express` (or on `client.express.with_raw_response`)
    for the customer CUSTOMER_ID; `call_for(express, customer_id, **options)` names another customer.
    """

    name: str
    invoke: Callable[..., Any]  # (express, customer_id, **options)
    method: str
    path_template: str  # "{id}" stands for the percent-encoded customer id
    reply: Any
    status: int = 200

    @property
    def takes_customer_id(self) -> bool:
        return "{id}" in self.path_template

    @property
    def path(self) -> str:
        return self.path_for(CUSTOMER_ID)

    def path_for(self, encoded_id: str) -> str:
        return self.path_template.replace("{id}", encoded_id)

    def call(self, express: Any, **options: Any) -> Any:
        return self.invoke(express, CUSTOMER_ID, **options)

    def call_for(self, express: Any, customer_id: str, **options: Any) -> Any:
        return self.invoke(express, customer_id, **options)

    def __str__(self) -> str:
        return self.name


USER_RESULT = {"success": True, "message": "User added to Express customer"}

OPERATIONS = [
    Operation(
        "express.create",
        lambda express, _, **kw: express.create(
            express_customer_name="Northside Imaging", **kw
        ),
        "POST",
        "/v1/express",
        customer(),
        status=201,
    ),
    Operation(
        "express.retrieve",
        lambda express, id, **kw: express.retrieve(id, **kw),
        "GET",
        "/v1/express/{id}",
        customer(),
    ),
    Operation(
        "express.update",
        lambda express, id, **kw: express.update(
            id, express_customer_name="Renamed", **kw
        ),
        "PATCH",
        "/v1/express/{id}",
        customer(),
    ),
    Operation(
        "express.list",
        lambda express, _, **kw: express.list(**kw),
        "GET",
        "/v1/express",
        page([CUSTOMER_ID], has_more=False, cursor=None),
    ),
    Operation(
        "express.deactivate",
        lambda express, id, **kw: express.deactivate(id, **kw),
        "POST",
        "/v1/express/{id}/deactivate",
        customer(isActive=False),
    ),
    Operation(
        "express.reactivate",
        lambda express, id, **kw: express.reactivate(id, **kw),
        "POST",
        "/v1/express/{id}/reactivate",
        customer(),
    ),
    Operation(
        "express.users.add",
        lambda express, id, **kw: express.users.add(id, user_id=USER_ID, **kw),
        "POST",
        "/v1/express/{id}/users",
        USER_RESULT,
    ),
    Operation(
        "express.users.remove",
        lambda express, id, **kw: express.users.remove(id, user_id=USER_ID, **kw),
        "DELETE",
        "/v1/express/{id}/users",
        USER_RESULT,
    ),
]

# The operations whose path holds `express_customer_id`.
PATH_OPERATIONS = [op for op in OPERATIONS if op.takes_customer_id]


def operation_named(name: str) -> Operation:
    return next(op for op in OPERATIONS if op.name == name)
