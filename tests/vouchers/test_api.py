import json
from datetime import timedelta
from decimal import Decimal

import psycopg
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kern.choices import MemberRole
from kern.models import Membership, TransitionLog
from tests.factories import EnrolmentFactory, MembershipFactory, ProviderFactory
from tests.vouchers.helpers import START
from vouchers.models import Voucher
from vouchers.services import api_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(active_enrolment):
    enrolment, staff, _ = active_enrolment
    return api_keys.create_api_token(staff, enrolment.admission.provider)


@pytest.fixture
def other_key():
    provider = ProviderFactory()
    admin = MembershipFactory(organisation=provider, role=MemberRole.ADMIN).user
    return api_keys.create_api_token(admin, provider)


def _get(path, key=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return Client().get(f"/api/v1{path}", **headers)


def _post(path, body, key=None, idempotency="k1"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    if idempotency:
        headers["HTTP_IDEMPOTENCY_KEY"] = idempotency
    return Client().post(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", **headers
    )


def _check(code, key):
    return _post("/vouchers/check", {"code": code}, key, idempotency=None)


def _calls(enrolment):
    """One request per path and method in the schema, as the provider's system makes it."""
    day = (START + timedelta(days=1)).isoformat()
    return {
        ("/me", "get"): lambda key: _get("/me", key),
        ("/vouchers/check", "post"): lambda key: _check(enrolment.voucher.code, key),
        ("/enrolments", "get"): lambda key: _get("/enrolments", key),
        ("/enrolments/{enrolment_id}/sessions", "post"): lambda key: _post(
            f"/enrolments/{enrolment.pk}/sessions", {"day": day, "hours": "1.5"}, key
        ),
    }


def _schema():
    return Client().get("/api/v1/openapi.json").json()


def test_the_schema_is_served_and_every_operation_is_tested(active_enrolment):
    enrolment, _, _ = active_enrolment
    schema = _schema()
    assert schema["openapi"].startswith("3.")
    operations = {
        (path.removeprefix("/api/v1"), method)
        for path, item in schema["paths"].items()
        for method in item
    }
    assert operations == set(_calls(enrolment))


def test_errors_are_problem_details_in_the_schema_and_in_the_answers(active_enrolment):
    enrolment, _, _ = active_enrolment
    for item in _schema()["paths"].values():
        for operation in item.values():
            assert operation["security"] == [{"ProviderKey": []}]
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"]
    response = _get("/me", "niet-geldig")
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Niet aangemeld",
        "status": 401,
        "detail": "Geen geldige API-sleutel.",
    }


@pytest.mark.parametrize("wrong", [None, "niet-geldig", "Basic abc"])
def test_every_operation_refuses_a_missing_or_wrong_key(active_enrolment, wrong):
    enrolment, _, _ = active_enrolment
    for call in _calls(enrolment).values():
        response = call(wrong)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"


def test_a_revoked_key_or_one_whose_maker_left_stops_working(active_enrolment, key):
    enrolment, staff, _ = active_enrolment
    assert _get("/me", key).status_code == 200
    Membership.objects.filter(user=staff).delete()
    assert _get("/me", key).status_code == 401
    token = enrolment.admission.provider.api_tokens.get()
    token.revoked_at = token.created_at
    token.save()
    assert _get("/me", key).status_code == 401


def test_me_and_voucher_check(active_enrolment, key, other_key):
    enrolment, _, _ = active_enrolment
    assert _get("/me", key).json()["provider"] == "Stichting Huiswerkhuis"
    mine = _check(enrolment.voucher.code.lower(), key).json()
    assert mine == {
        "code": enrolment.voucher.code,
        "usable": True,
        "enrolled_here": True,
        "child": "Sara Voorbeeld",
        "balance": "300.00",
        "enrolment": enrolment.pk,
    }
    theirs = _check(enrolment.voucher.code, other_key).json()
    assert theirs == {"code": enrolment.voucher.code, "usable": True, "enrolled_here": False}
    assert _check("AAAA-BBBB-CCC", key).json()["usable"] is False


def test_enrolments_lists_only_the_providers_own(active_enrolment, key, other_key):
    enrolment, _, _ = active_enrolment
    page = _get("/enrolments", key).json()
    assert page["count"] == 1
    assert page["items"] == [
        {
            "id": enrolment.pk,
            "child": "Sara Voorbeeld",
            "location": enrolment.location.name,
            "state": "active",
            "balance": "300.00",
        }
    ]
    assert _get("/enrolments", other_key).json() == {"items": [], "count": 0}


def test_enrolments_come_in_pages(active_enrolment, key):
    enrolment, _, _ = active_enrolment
    for _ in range(3):
        EnrolmentFactory(admission=enrolment.admission, active=True)
    first = _get("/enrolments?limit=2", key).json()
    rest = _get("/enrolments?limit=2&offset=2", key).json()
    assert first["count"] == rest["count"] == 4
    assert len(first["items"]) == 2 and len(rest["items"]) == 2
    assert {item["id"] for item in first["items"] + rest["items"]} == set(
        enrolment.admission.enrolments.values_list("pk", flat=True)
    )


def test_recording_a_session_is_idempotent(active_enrolment, key):
    enrolment, _, _ = active_enrolment
    path = f"/enrolments/{enrolment.pk}/sessions"
    body = {"day": (START + timedelta(days=1)).isoformat(), "hours": "1.5"}
    first = _post(path, body, key)
    assert first.status_code == 201
    assert first.json()["amount"] == "12.00" and first.json()["balance"] == "288.00"
    replay = _post(path, body, key)
    assert replay.status_code == 200 and replay.json()["id"] == first.json()["id"]
    assert enrolment.sessions.count() == 1
    other_day = {**body, "day": (START + timedelta(days=2)).isoformat()}
    assert _post(path, other_day, key).status_code == 422  # same key, other session
    assert _post(path, body, key, idempotency=None).status_code == 400
    assert _post(path, {"day": "gisteren"}, key, idempotency="k2").status_code == 400
    too_much = {"day": (START + timedelta(days=3)).isoformat(), "hours": "8"}
    for index in range(5):
        _post(
            path,
            {**too_much, "day": (START + timedelta(days=3 + index)).isoformat()},
            key,
            f"m{index}",
        )
    refused = _post(path, {**too_much, "day": (START + timedelta(days=9)).isoformat()}, key, "last")
    assert refused.status_code == 422 and "niet genoeg" in refused.json()["detail"]


def test_a_booking_through_the_api_names_the_key_on_the_session_and_its_log_line(
    active_enrolment, key
):
    enrolment, staff, _ = active_enrolment
    body = {"day": (START + timedelta(days=1)).isoformat(), "hours": "1"}
    assert _post(f"/enrolments/{enrolment.pk}/sessions", body, key).status_code == 201
    token = enrolment.admission.provider.api_tokens.get()
    session = enrolment.sessions.get()
    assert session.api_token == token and session.recorded_by == staff
    line = TransitionLog.objects.filter(object_id=enrolment.voucher.pk).latest("pk")
    assert (line.transition, line.actor, line.api_key) == ("session", staff, key[:8])
    assert line.reason == "begeleiding: € -8,00"


def test_another_providers_enrolment_is_not_found(active_enrolment, other_key):
    enrolment, _, _ = active_enrolment
    body = {"day": START.isoformat(), "hours": "1"}
    assert _post(f"/enrolments/{enrolment.pk}/sessions", body, other_key).status_code == 404
    assert enrolment.sessions.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_booking_is_four_statements_and_opens_no_transaction(postgres, active_enrolment, key):
    """Round trips are what a booking costs under load: the key, its creator's membership,
    one read and one write, each committed by itself, so no BEGIN, lock or COMMIT travels
    between them; from the second booking on a connection, read and write are prepared
    (benchmarks/redeem_sessions.py measures the rest)."""
    enrolment, _, _ = active_enrolment
    path = f"/enrolments/{enrolment.pk}/sessions"
    ContentType.objects.get_for_model(Voucher)  # cached once per process
    open_transactions = []

    def observe(execute, sql, params, many, context):
        status = connection.connection.info.transaction_status
        open_transactions.append(status != psycopg.pq.TransactionStatus.IDLE)
        return execute(sql, params, many, context)

    for index, key_name in enumerate(("eerste", "tweede")):
        body = {"day": (START + timedelta(days=1 + index)).isoformat(), "hours": "1"}
        open_transactions.clear()
        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(observe):
            assert _post(path, body, key, idempotency=key_name).status_code == 201
        statements = [query["sql"].split(None, 3)[:3] for query in queries]
        assert statements == [
            ["SELECT", '"vouchers_apitoken"."id",', '"vouchers_apitoken"."provider_id",'],
            ["SELECT", '"kern_membership"."organisation_id"', "AS"],
            ["SELECT", 'e."id",', 'e."voucher_id",'],
            ["WITH", "changed", "AS"],
        ]
        assert open_transactions == [False] * 4
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone() == (2,)  # planned once for this connection's next bookings
    voucher = enrolment.voucher
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("284.00")
    assert sum(entry.amount for entry in voucher.entries.all()) == voucher.balance
    assert TransitionLog.objects.filter(object_id=voucher.pk, transition="session").count() == 2


@pytest.mark.parametrize(
    "hours",
    ["NaN", "sNaN", "-NaN", "Infinity", "1e-999999", "1e999999", "1.255", "0", "-1", "", None],
)
def test_odd_hours_get_a_problem_400_and_book_nothing(active_enrolment, key, hours):
    enrolment, _, _ = active_enrolment
    body = {"day": (START + timedelta(days=1)).isoformat(), "hours": hours}
    response = _post(f"/enrolments/{enrolment.pk}/sessions", body, key)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert enrolment.sessions.count() == 0


def test_deeply_nested_or_broken_json_gets_a_problem_400(active_enrolment, key):
    enrolment, _, _ = active_enrolment
    path = f"/api/v1/enrolments/{enrolment.pk}/sessions"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_IDEMPOTENCY_KEY": "n1"}
    for body in ("[" * 100_000 + "]" * 100_000, '{"day": ', "\xff\xfe"):
        response = Client().post(path, body, content_type="application/json", **headers)
        assert response.status_code == 400, body[:10]
        assert response["Content-Type"] == "application/problem+json"


def test_identical_hours_written_differently_replay_the_first_booking(active_enrolment, key):
    enrolment, _, _ = active_enrolment
    path = f"/enrolments/{enrolment.pk}/sessions"
    day = (START + timedelta(days=1)).isoformat()
    first = _post(path, {"day": day, "hours": "1.5"}, key, idempotency="r1")
    again = _post(path, {"day": day, "hours": 1.50}, key, idempotency="r1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]


def test_unknown_paths_wrong_methods_and_crashes_answer_as_problems(active_enrolment, key):
    missing = _get("/bestaat-niet", key)
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert missing.json()["status"] == 404
    wrong = Client().delete("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert wrong.status_code == 405
    assert wrong["Content-Type"] == "application/problem+json"
    assert "GET" in wrong["Allow"]


def test_a_crash_answers_as_a_problem_without_details(active_enrolment, key, monkeypatch):
    def crash(*args):
        raise RuntimeError("geheim detail")

    monkeypatch.setattr(api_keys, "voucher_check", crash)
    client = Client(raise_request_exception=False)
    response = client.post(
        "/api/v1/vouchers/check",
        json.dumps({"code": "X"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "geheim" not in response.content.decode()
