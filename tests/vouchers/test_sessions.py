import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kern import roles
from kern.models import TransitionLog
from tests.conftest import verify_second_factor
from tests.factories import (
    EnrolmentFactory,
    MembershipFactory,
    ProviderFactory,
    StaffFactory,
)
from tests.vouchers.helpers import START
from vouchers.models import Enrolment, EntryKind, Session, VoucherState
from vouchers.services import declarations, enrolments, sessions

pytestmark = pytest.mark.django_db


def _book(client, enrolment, day, hours="2", key=None):
    return client.post(
        reverse("enrolment_sessions", args=[enrolment.pk]),
        {"day": day.isoformat(), "hours": hours, "key": key or uuid.uuid4().hex},
        follow=True,
    )


@pytest.fixture
def provider_client(active_enrolment):
    enrolment, staff, _ = active_enrolment
    client = Client()
    client.force_login(staff)
    return client


def test_provider_books_hours_and_the_parent_sees_them(active_enrolment, provider_client):
    enrolment, _, parent = active_enrolment
    day = START + timedelta(days=1)
    page = provider_client.get(reverse("enrolment_sessions", args=[enrolment.pk])).content.decode()
    assert "300,00" in page
    _book(provider_client, enrolment, day, "2")
    voucher = enrolment.voucher
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("284.00")
    assert voucher.entries.get(kind=EntryKind.SESSION).amount == Decimal("-16.00")
    parent_client = Client()
    parent_client.force_login(parent)
    assert "284,00" in parent_client.get(reverse("parent_home")).content.decode()


def test_the_same_key_books_once_and_a_day_only_once(active_enrolment, provider_client):
    enrolment, _, _ = active_enrolment
    day = START + timedelta(days=2)
    key = uuid.uuid4().hex
    _book(provider_client, enrolment, day, key=key)
    _book(provider_client, enrolment, day, key=key)  # pressed twice
    assert Session.objects.count() == 1
    again = _book(provider_client, enrolment, day)
    assert "al begeleiding geboekt" in again.content.decode()
    future = _book(provider_client, enrolment, timezone.localdate() + timedelta(days=1))
    assert "niet in de toekomst" in future.content.decode()
    assert Session.objects.count() == 1


def test_balance_never_goes_below_zero_and_exhausts_the_voucher(active_enrolment):
    enrolment, staff, _ = active_enrolment
    day = START
    sessions.record_session(staff, enrolment, day, Decimal("8"), "a")  # 64
    for offset, key in enumerate("bcd", start=1):
        sessions.record_session(staff, enrolment, day + timedelta(days=offset), Decimal("8"), key)
    voucher = enrolment.voucher
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("44.00")
    with pytest.raises(ValidationError, match="niet genoeg"):
        sessions.record_session(staff, enrolment, day + timedelta(days=5), Decimal("6"), "e")
    sessions.record_session(staff, enrolment, day + timedelta(days=5), Decimal("5.5"), "f")
    voucher.refresh_from_db()
    assert voucher.balance == 0 and voucher.state == VoucherState.EXHAUSTED


def test_a_mistake_is_reversed_by_a_correction_never_deleted(active_enrolment, provider_client):
    enrolment, _, _ = active_enrolment
    day = START + timedelta(days=3)
    _book(provider_client, enrolment, day, "2")
    session = Session.objects.get()
    provider_client.post(reverse("session_reverse", args=[session.pk]), {"note": "Verkeerde dag"})
    session.refresh_from_db()
    assert session.reversed_at is not None
    voucher = enrolment.voucher
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("300.00")
    assert [entry.kind for entry in voucher.entries.order_by("pk")] == [
        "issue",
        "session",
        "correction",
    ]
    _book(provider_client, enrolment, day, "1")  # the day can be booked again
    assert Session.objects.filter(reversed_at__isnull=True).count() == 1


def test_other_providers_cannot_book_or_reverse(active_enrolment):
    enrolment, staff, _ = active_enrolment
    stranger = Client()
    stranger.force_login(MembershipFactory(organisation=ProviderFactory()).user)
    assert _book(stranger, enrolment, START).status_code == 404
    session, _ = sessions.record_session(staff, enrolment, START, Decimal("1"), "k")
    response = stranger.post(reverse("session_reverse", args=[session.pk]), {"note": "x"})
    assert response.status_code == 404


def test_a_suspended_provider_books_no_more(active_enrolment, staff_client):
    enrolment, staff, _ = active_enrolment
    officer, _ = staff_client(roles.ADMINISTRATOR)
    admission = enrolment.admission
    refused = officer.post(
        reverse("admission_decide", args=[admission.pk]), {"besluit": "schorsen"}, follow=True
    )
    assert "reden" in refused.content.decode()
    officer.post(
        reverse("admission_decide", args=[admission.pk]),
        {"besluit": "schorsen", "note": "VOG's ontbreken"},
    )
    with pytest.raises(ValidationError, match="geschorst"):
        sessions.record_session(staff, enrolment, START, Decimal("1"), "z")


def test_every_voucher_and_enrolment_change_is_recorded_with_its_actor(active_enrolment):
    enrolment, staff, parent = active_enrolment
    sessions.record_session(staff, enrolment, START, Decimal("1"), "h")
    voucher_history = enrolment.voucher.history.order_by("history_id")
    assert voucher_history.first().history_type == "+"  # issued, with the administrator
    assert voucher_history.first().history_user.groups.filter(name=roles.ADMINISTRATOR).exists()
    # A booking's trail is its ledger line and one transition-log line, not a snapshot.
    booking = TransitionLog.objects.filter(object_id=enrolment.voucher.pk).latest("pk")
    assert (booking.transition, booking.actor, booking.api_key) == ("session", staff, "")
    assert enrolment.voucher.entries.latest("pk").amount == -8
    assert voucher_history.count() == 2  # issue and activation; the booking added none
    steps = [(h.state, h.history_user) for h in enrolment.history.order_by("history_id")]
    assert steps == [("requested", parent), ("accepted", staff), ("active", staff)]


def test_no_booking_before_the_day_the_support_began(active_enrolment, client):
    enrolment, staff, _ = active_enrolment
    Enrolment.objects.filter(pk=enrolment.pk).update(started_on=START + timedelta(days=3))
    with pytest.raises(ValidationError, match="vóór het begin van de begeleiding"):
        sessions.record_session(staff, enrolment, START + timedelta(days=2), Decimal("1"), "v")
    session, _ = sessions.record_session(
        staff, enrolment, START + timedelta(days=3), Decimal("1"), "w"
    )
    assert session.pk


@pytest.mark.parametrize("offset", [-1, "future"])
def test_the_start_day_lies_in_the_school_year_and_not_ahead(household, offset):
    terms, (voucher, _, _) = household
    enrolment = EnrolmentFactory(accepted=True, voucher=voucher, admission__terms=terms)
    staff = MembershipFactory(organisation=enrolment.admission.provider).user
    day = (
        terms.school_year_start - timedelta(days=1)
        if offset == -1
        else timezone.localdate() + timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="begindatum"):
        enrolments.decide_enrolment(staff, enrolment, "start", day=day)


def test_the_provider_enters_the_day_the_support_began(household):
    terms, (voucher, _, _) = household
    enrolment = EnrolmentFactory(accepted=True, voucher=voucher, admission__terms=terms)
    staff = MembershipFactory(organisation=enrolment.admission.provider).user
    provider = Client()
    provider.force_login(staff)
    page = provider.get(reverse("provider_home")).content.decode()
    assert f'id="dag-{enrolment.pk}" name="day"' in page
    began = START + timedelta(days=7)
    provider.post(reverse("enrolment_decide", args=[enrolment.pk, "start"]), {"day": began})
    enrolment.refresh_from_db()
    assert (enrolment.state, enrolment.started_on) == ("active", began)


def test_finance_sees_the_enrolment_period_next_to_each_session(active_enrolment):
    enrolment, staff, _ = active_enrolment
    sessions.record_session(staff, enrolment, START + timedelta(days=1), Decimal("1"), "p")
    declaration = declarations.start_declaration(staff, enrolment.admission, START)
    declarations.submit_declaration(staff, declaration)
    finance = verify_second_factor(Client(), StaffFactory(role=roles.FINANCE))
    page = finance.get(reverse("declaration_review", args=[declaration.pk])).content.decode()
    assert f"vanaf {date_format(START, 'j F Y')}" in page


def test_the_parent_sees_the_day_and_hours_of_each_session(active_enrolment):
    enrolment, staff, parent = active_enrolment
    day = START + timedelta(days=2)
    sessions.record_session(staff, enrolment, day, Decimal("1.5"), "u")
    client = Client()
    client.force_login(parent)
    page = client.get(reverse("parent_home")).content.decode()
    assert f"{date_format(day, 'j F Y')}: begeleiding, 1,50 uur" in page
