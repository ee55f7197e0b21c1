"""Money never moves by accident: a batch holds only what is due by its execution date, on a
bank day, and is made only after finance saw the count and the total."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from betalingen import bankdays
from betalingen import services as payments
from betalingen.models import PaymentBatch
from kern import roles
from subsidie.models import Advance
from subsidie.services import decisions
from tests.factories import SchemeFactory, StaffFactory
from tests.subsidie.helpers import proposed

pytestmark = pytest.mark.django_db


@pytest.fixture
def advances():
    """A large award: four quarterly advances from 1 January next year."""
    application = proposed(
        scheme=SchemeFactory(max_amount=Decimal("200000")),
        amount=Decimal("130000"),
        requested_amount=Decimal("130000"),
    )
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    return list(Advance.objects.order_by("due_date"))


@pytest.mark.parametrize(
    ("day", "next_one"),
    [
        (date(2026, 11, 27), date(2026, 11, 30)),  # Friday → Monday
        (date(2026, 12, 24), date(2026, 12, 28)),  # Christmas and Boxing Day
        (date(2027, 3, 25), date(2027, 3, 30)),  # Good Friday and Easter Monday
        (date(2027, 4, 30), date(2027, 5, 3)),  # 1 May is a Saturday anyway
        (date(2027, 12, 31), date(2028, 1, 3)),  # New Year's Day
    ],
)
def test_the_next_bank_day_skips_weekends_and_target2_closing_days(day, next_one):
    assert bankdays.next_bank_day(day) == next_one


def _first_due(advances):
    return bankdays.bank_day_from(advances[0].due_date)


def test_the_page_proposes_the_next_bank_day_and_lists_only_what_is_due_by_then(
    staff_client, advances
):
    client, _ = staff_client(roles.FINANCE)
    page = client.get(reverse("payment_overview")).content.decode()
    tomorrow = bankdays.next_bank_day(timezone.localdate())
    assert f'value="{tomorrow:%Y-%m-%d}"' in page
    for advance in advances:  # only what falls due by tomorrow is offered
        assert (f'value="advance:{advance.pk}"' in page) == (advance.due_date <= tomorrow)
    day = _first_due(advances)
    page = client.get(reverse("payment_overview"), {"execution_date": day}).content.decode()
    due = [advance for advance in advances if advance.due_date <= day]
    later = [advance for advance in advances if advance.due_date > day]
    assert due and later
    for advance in due:
        assert f'value="advance:{advance.pk}"' in page
    for advance in later:
        assert f'value="advance:{advance.pk}"' not in page


def test_a_batch_is_made_only_after_the_count_and_total_were_shown(staff_client, advances):
    client, _ = staff_client(roles.FINANCE)
    day = _first_due(advances)
    data = {"execution_date": day.isoformat(), "item": [f"advance:{advances[0].pk}"]}
    confirm = client.post(reverse("payment_overview"), data).content.decode()
    assert "1 betaling, samen" in confirm and "32500" in confirm.replace(".", "")
    assert not PaymentBatch.objects.exists()
    made = client.post(reverse("payment_overview"), {**data, "bevestigd": "ja"})
    batch = PaymentBatch.objects.get()
    assert made["Location"] == reverse("payment_batch", args=[batch.pk])
    # The same confirmation sent twice (a double click, a page left open) makes nothing more.
    again = client.post(reverse("payment_overview"), {**data, "bevestigd": "ja"}, follow=True)
    assert PaymentBatch.objects.count() == 1
    assert "Bekijk de lijst opnieuw" in again.content.decode()


def test_an_item_due_after_the_execution_date_never_enters_a_batch(advances):
    finance = StaffFactory(role=roles.FINANCE)
    day = _first_due(advances)
    keys = [f"advance:{advance.pk}" for advance in advances]
    with pytest.raises(ValidationError, match="pas later te betalen"):
        payments.create_batch(finance, keys, day)
    assert not PaymentBatch.objects.exists()
    assert {advance.state for advance in Advance.objects.all()} == {"due"}


@pytest.mark.parametrize("offset", [-1, "weekend"])
def test_the_execution_date_is_never_in_the_past_nor_on_a_closed_day(advances, offset):
    finance = StaffFactory(role=roles.FINANCE)
    today = timezone.localdate()
    if offset == "weekend":
        day = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    else:
        day = today + timedelta(days=offset)
    with pytest.raises(ValidationError):
        payments.create_batch(finance, [f"advance:{advances[0].pk}"], day)
    assert not PaymentBatch.objects.exists()
