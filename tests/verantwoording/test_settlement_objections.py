"""A founded objection against a lower settlement (Awb 7:11) raises it through HTTP, and the
money follows: the recovery is lowered or cancelled, what is owed on top is a final payment in
the next batch, the amount released under the ceiling is committed again, and the register
shows the new settled amount."""

from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten.choices import DecisionKind, ObjectionOutcome
from besluiten.services import objections
from betalingen import services as payments
from kern import roles
from subsidie.choices import LedgerKind
from subsidie.models import LedgerEntry, SchemeBudget
from subsidie.services.budget import room_in_budget
from tests.concurrency import at_once
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from tests.pdf import stored_text
from tests.subsidie.helpers import hold_objection_hearing
from tests.verantwoording.helpers import settled_lower
from verantwoording.choices import RecoveryState
from verantwoording.services import settlements

pytestmark = pytest.mark.django_db


def _objection_heard(settlement):
    objection = objections.register(
        StaffFactory(role=roles.REVIEWER),
        settlement.decision,
        received_on=timezone.localdate(),
        grounds="Wij gaven meer uit dan u rekent.",
    )
    return hold_objection_hearing(StaffFactory(role=roles.REVIEWER), objection)


def _decide(objection, amount, outcome=ObjectionOutcome.PARTLY_FOUNDED):
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    url = reverse("objection_decide", args=[objection.pk])
    assert "vast te stellen bedrag" in decider.get(url).content.decode()
    return decider.post(
        url, {"outcome": outcome, "reasoning": "De bonnen tellen mee.", "nieuw-amount": amount}
    )


def _room(award):
    years = [tranche.year for tranche in award.tranches.all()]
    return sum(room_in_budget(award.application.scheme, year) for year in years)


def _register_row(award):
    rows = Client().get(reverse("subsidy_register_json")).json()
    rows = rows["subsidies"] if isinstance(rows, dict) else rows
    return next(row for row in rows if row["besluit"] == award.decision.reference)


def test_a_partly_founded_objection_lowers_the_open_recovery():
    settlement = settled_lower("20000")
    award, recovery = settlement.award, settlement.recovery
    assert recovery.amount == Decimal("10000.00") and recovery.state == RecoveryState.OPEN
    before = _room(award)
    objection = _objection_heard(settlement)

    response = _decide(objection, "25.000,00")

    assert response.status_code == 302
    recovery.refresh_from_db()
    award.refresh_from_db()
    assert recovery.amount == Decimal("5000.00") and recovery.state == RecoveryState.OPEN
    assert award.settled_amount == Decimal("25000.00")
    assert _room(award) == before - Decimal("5000.00")
    assert Decimal(str(_register_row(award)["vastgesteld"])) == Decimal("25000.00")
    assert not settlement.payments.exists()
    revised = award.application.decisions.get(replaces=settlement.decision)
    assert revised.kind == DecisionKind.SETTLE and revised.amount == Decimal("25000.00")
    letter = stored_text(revised.document)
    assert settlement.decision.reference in letter and "€ 5.000,00" in letter
    assert "De bonnen tellen mee." in letter
    page = verify_second_factor(Client(), StaffFactory(role=roles.REVIEWER))
    detail = page.get(reverse("settlement_detail", args=[settlement.pk])).content.decode()
    assert revised.reference in detail


def test_raised_above_what_was_paid_back_the_recovery_lapses_and_the_rest_is_paid():
    """Paid back first, then founded in full: the recipient gets the difference in a batch."""
    settlement = settled_lower("20000")
    settlements.record_repayment(
        StaffFactory(role=roles.FINANCE), settlement.recovery, timezone.localdate()
    )
    objection = _objection_heard(settlement)

    _decide(objection, "30000", ObjectionOutcome.FOUNDED)

    payment = settlement.payments.get()
    revised = settlement.award.application.decisions.get(replaces=settlement.decision)
    assert payment.amount == Decimal("10000.00") and payment.decision == revised
    items = payments.due_items(timezone.localdate() + timedelta(days=1))
    item = next(item for item in items if item.key == f"final:{payment.pk}")
    assert item.amount == Decimal("10000.00") and item.reference == revised.reference
    settlement.recovery.refresh_from_db()
    assert settlement.recovery.state == RecoveryState.PAID


def test_raised_to_the_award_an_open_recovery_is_cancelled():
    settlement = settled_lower("20000")
    objection = _objection_heard(settlement)

    _decide(objection, "30000", ObjectionOutcome.FOUNDED)

    settlement.recovery.refresh_from_db()
    assert settlement.recovery.state == RecoveryState.CANCELLED
    assert settlement.recovery.amount == Decimal("10000.00")  # what it was, kept as history
    assert not settlement.payments.exists()
    revised = settlement.award.application.decisions.get(replaces=settlement.decision)
    assert "vervalt" in stored_text(revised.document)


def test_without_room_under_the_ceiling_the_decision_maker_is_told_and_nothing_changes():
    settlement = settled_lower("20000")
    award = settlement.award
    SchemeBudget.objects.filter(scheme=award.application.scheme).update(ceiling=Decimal(0))
    objection = _objection_heard(settlement)

    response = _decide(objection, "25000")

    assert "geen ruimte voor het nieuwe besluit" in response.content.decode()
    award.refresh_from_db()
    objection.refresh_from_db()
    assert objection.is_open and award.settled_amount == Decimal("20000.00")
    assert not award.application.decisions.filter(replaces=settlement.decision).exists()
    settlement.recovery.refresh_from_db()
    assert settlement.recovery.amount == Decimal("10000.00")


def test_a_lower_or_equal_amount_is_refused_with_the_range():
    settlement = settled_lower("20000")
    objection = _objection_heard(settlement)

    response = _decide(objection, "20000")

    assert "meer dan € 20.000,00" in response.content.decode()
    objection.refresh_from_db()
    assert objection.is_open


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_decision_makers_deciding_one_objection_raise_the_settlement_once(postgres):
    settlement = settled_lower("20000")
    objection = _objection_heard(settlement)
    deciders = [StaffFactory(role=roles.DECISION_MAKER) for _ in range(2)]

    decided, refused = at_once(
        [
            partial(
                objections.decide,
                decider,
                objection,
                ObjectionOutcome.PARTLY_FOUNDED,
                "Terecht.",
                {"amount": Decimal("25000")},
            )
            for decider in deciders
        ]
    )

    assert (len(decided), len(refused)) == (1, 1)
    application = settlement.award.application
    assert application.decisions.filter(replaces=settlement.decision).count() == 1
    settlement.recovery.refresh_from_db()
    assert settlement.recovery.amount == Decimal("5000.00")
    again = LedgerEntry.objects.filter(
        award=settlement.award, kind=LedgerKind.COMMITMENT, description__startswith="Vaststelling"
    )
    assert [entry.amount for entry in again] == [Decimal("5000.00")]
