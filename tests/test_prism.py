"""The generated SDK against Prism mocking spec/express.yaml.

Prism validates every request against the spec (a wrong body, path or header gets a 4xx and an
`sl-violations` header) and answers with the spec's examples, so these tests check that the SDK and the
spec agree in both directions.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Type

import pytest

import avara
from .payloads import CUSTOMER_ID, OPERATIONS, USER_ID, Operation, operation_named

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def api(prism: str) -> Iterator[Any]:
    with avara.Avara(api_key="prism-key", base_url=prism, max_retries=0) as client:
        yield client


def assert_example_customer(customer: Any) -> None:
    """The ExpressCustomer built from the spec's examples, as a model."""
    assert customer.express_customer_id == CUSTOMER_ID
    assert customer.express_customer_name == "Northside Imaging"
    assert customer.is_active is True
    assert customer.user_count == 3
    assert isinstance(customer.user_count, int)
    assert customer.created_at == datetime(2025, 1, 15, 10, 30, tzinfo=timezone.utc)
    assert customer.updated_at == datetime(2025, 1, 16, 8, 0, tzinfo=timezone.utc)
    assert (
        customer.created_at.tzinfo is not None
        and customer.updated_at.tzinfo is not None
    )
    assert customer.created_by_api_key_id == "6f1c2a9e-8d4b-4c1e-9a77-2f5b8e3d1c40"
    assert customer.created_by_user_id == "usr_fedcba9876543210fedcba9876543210"
    assert customer.metadata == {"region": "us-east"}


def test_create(api: Any) -> None:
    assert_example_customer(
        api.express.create(
            express_customer_name="Northside Imaging", metadata={"region": "us"}
        )
    )


def test_retrieve(api: Any) -> None:
    assert_example_customer(api.express.retrieve(CUSTOMER_ID))


def test_update_name(api: Any) -> None:
    assert_example_customer(
        api.express.update(CUSTOMER_ID, express_customer_name="Northside Imaging West")
    )


def test_update_clears_metadata_with_none(api: Any) -> None:
    assert_example_customer(api.express.update(CUSTOMER_ID, metadata=None))


def test_deactivate(api: Any) -> None:
    assert_example_customer(api.express.deactivate(CUSTOMER_ID))


def test_reactivate(api: Any) -> None:
    assert_example_customer(api.express.reactivate(CUSTOMER_ID))


def test_users_add(api: Any) -> None:
    result = api.express.users.add(CUSTOMER_ID, user_id=USER_ID)

    assert (result.success, result.message) == (True, "User added to Express customer")


def test_users_remove(api: Any) -> None:
    result = api.express.users.remove(CUSTOMER_ID, user_id=USER_ID)

    assert (result.success, result.message) == (
        True,
        "User removed from Express customer",
    )


def test_list_page_and_auto_pagination(api: Any) -> None:
    first = api.express.list(limit=20)

    assert first.has_more is False
    assert first.cursor == "eyJpZCI6ImN1c18yIn0="
    assert first.has_next_page() is False
    for customer in first.express_customers:
        assert_example_customer(customer)
    customers = list(api.express.list(limit=20))
    assert len(customers) == len(first.express_customers) >= 1
    assert_example_customer(customers[0])


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_raw_response_of_a_request_prism_accepts(
    api: Any, operation: Operation
) -> None:
    raw = operation.call(api.express.with_raw_response)

    assert "sl-violations" not in raw.headers
    assert raw.status_code == operation.status
    assert raw.http_request.method == operation.method
    assert raw.http_request.url.path == operation.path
    assert raw.retries_taken == 0
    assert raw.parse() is not None


@pytest.mark.parametrize(
    ("operation_name", "status", "error_class"),
    [
        ("express.retrieve", 404, avara.NotFoundError),
        ("express.create", 400, avara.BadRequestError),
        ("express.list", 401, avara.AuthenticationError),
        ("express.update", 403, avara.PermissionDeniedError),
        ("express.deactivate", 409, avara.ConflictError),
        ("express.users.add", 422, avara.UnprocessableEntityError),
        ("express.users.remove", 429, avara.RateLimitError),
        ("express.reactivate", 500, avara.InternalServerError),
    ],
)
def test_error_response_raises_its_error_class(
    api: Any, operation_name: str, status: int, error_class: Type[Exception]
) -> None:
    operation = operation_named(operation_name)

    with pytest.raises(avara.APIStatusError) as raised:
        operation.call(api.express, extra_headers={"Prefer": f"code={status}"})

    assert type(raised.value) is error_class
    assert raised.value.status_code == status
    assert set(raised.value.body) == {"error", "message"}
    assert str(raised.value) == f"Error code: {status} - {raised.value.body!r}"


def test_not_found_error_carries_the_spec_example(api: Any) -> None:
    with pytest.raises(avara.NotFoundError) as raised:
        api.express.retrieve(CUSTOMER_ID, extra_headers={"Prefer": "code=404"})

    assert raised.value.body == {
        "error": "not_found",
        "message": "Express customer not found",
    }
    assert str(raised.value) == (
        "Error code: 404 - {'error': 'not_found', 'message': 'Express customer not found'}"
    )


def test_readme_example_runs(
    prism: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = README.read_text(encoding="utf-8")
    section = readme.split("## Using the generated client", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.setenv("AVARA_API_KEY", "prism-key")
    monkeypatch.setenv("AVARA_BASE_URL", prism)

    exec(compile(example, "README.md", "exec"), {})

    printed = capsys.readouterr().out
    assert f"{CUSTOMER_ID} 2025-01-15 10:30:00+00:00" in printed
    assert "Northside Imaging" in printed
