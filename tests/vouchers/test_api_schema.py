"""Schemathesis generates requests from the generated OpenAPI document and checks that no
answer is a server error or contradicts the document (status, content type, body, headers,
and that the key is really required)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from vouchers.api import api
from vouchers.services import api_keys

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def keep_connection():
    """Django's own test client keeps the test's database connection open across a
    request; schemathesis calls the WSGI application directly, so do the same here."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def key(active_enrolment, keep_connection):
    enrolment, staff, _ = active_enrolment
    return api_keys.create_api_token(staff, enrolment.admission.provider)


@schema.parametrize()
@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_answer_contradicts_the_schema(case, key):
    # Two checks judge leniency, not contradiction, and are left out: a booking the schema
    # allows may still be refused for the business (a day outside the school year, too
    # little balance: a documented 422), and unknown query parameters are ignored, as most
    # APIs do, rather than refused.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"},
        excluded_checks=[
            schemathesis.checks.positive_data_acceptance,
            schemathesis.checks.negative_data_rejection,
        ],
    )


# Values a generator rarely tries but a client's rounding or parsing produces.
ODD_HOURS = ["NaN", "sNaN", "-NaN", "Infinity", "-Infinity", "1e-999999", "1e999999", "1.005"]


@pytest.mark.parametrize("hours", ODD_HOURS)
def test_odd_hours_get_a_documented_answer(hours, key, active_enrolment):
    enrolment, _, _ = active_enrolment
    operation = schema["/api/v1/enrolments/{enrolment_id}/sessions"]["POST"]
    case = operation.Case(
        path_parameters={"enrolment_id": enrolment.pk},
        headers={"Idempotency-Key": f"odd-{hours}"},
        body={"day": enrolment.voucher.terms.school_year_start.isoformat(), "hours": hours},
    )
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 400
    case.validate_response(
        response,
        headers={"Authorization": f"Bearer {key}"},
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )
    assert enrolment.sessions.count() == 0
