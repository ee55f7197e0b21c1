"""A founded objection against a partly granted amount (Awb 7:11) raises the grant through
HTTP: the difference is committed under the ceiling, split over the award's years, paid as
one more advance in the next batch, and the register shows the new amount; without room
under the ceiling the decision maker is told so and nothing changes."""

from datetime import timedelta
from decimal import Decimal

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
from subsidie.services import decisions
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from tests.pdf import stored_text
from tests.subsidie.helpers import hold_objection_hearing, proposed

pytestmark = pytest.mark.django_db


def _partly_granted():
    application = proposed(amount=Decimal("20000"), requested_amount=Decimal("30000"))
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    application.refresh_from_db()
    return application.award


def _decide_objection(award, amount, outcome=ObjectionOutcome.PARTLY_FOUNDED):
    objection = objections.register(
        StaffFactory(role=roles.REVIEWER),
        award.decision,
        received_on=timezone.localdate(),
        grounds="Wij hebben het hele bedrag nodig.",
    )
    hold_objection_hearing(StaffFactory(role=roles.REVIEWER), objection)
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    url = reverse("objection_decide", args=[objection.pk])
    assert "te verlenen bedrag" in decider.get(url).content.decode()
    response = decider.post(
        url, {"outcome": outcome, "reasoning": "De begroting klopt.", "nieuw-amount": amount}
    )
    objection.refresh_from_db()
    return objection, response


def _committed(award):
    return sum(
        entry.amount
        for entry in LedgerEntry.objects.filter(award=award, kind=LedgerKind.COMMITMENT)
    )


def test_the_grant_is_raised_and_the_difference_committed_and_paid():
    award = _partly_granted()
    tranches = dict(award.tranches.values_list("year", "amount"))
    assert _committed(award) == Decimal("20000.00")

    objection, response = _decide_objection(award, "25.000,00")

    assert response.status_code == 302 and not objection.is_open
    award.refresh_from_db()
    assert award.amount == Decimal("25000.00")
    assert _committed(award) == Decimal("25000.00")
    raised = dict(award.tranches.values_list("year", "amount"))
    assert sum(raised.values()) == Decimal("25000.00") and raised.keys() == tranches.keys()
    extra = award.advances.order_by("-number").first()
    assert extra.amount == Decimal("5000.00") and extra.due_date == timezone.localdate()
    items = payments.due_items(timezone.localdate() + timedelta(days=1))
    assert f"advance:{extra.pk}" in [item.key for item in items]
    new = award.application.decisions.get(replaces=award.decision)
    assert new.kind == DecisionKind.GRANT and new.amount == Decimal("25000.00")
    letter = stored_text(new.document)
    assert award.decision.reference in letter and "€ 25.000,00" in letter
    assert "De begroting klopt." in letter
    rows = Client().get(reverse("subsidy_register_json")).json()
    rows = rows["subsidies"] if isinstance(rows, dict) else rows
    row = next(row for row in rows if row["besluit"] == award.decision.reference)
    assert Decimal(str(row["bedrag"])) == Decimal("25000.00")


def test_a_second_objection_cannot_raise_the_replaced_grant_again():
    award = _partly_granted()
    _decide_objection(award, "25000")
    assert not decisions.raisable(award.decision)
    new = award.application.decisions.get(replaces=award.decision)
    assert decisions.raisable(new)  # the grant in force can still be objected to


def test_without_room_under_the_ceiling_nothing_is_committed():
    award = _partly_granted()
    SchemeBudget.objects.filter(scheme=award.application.scheme).update(ceiling=Decimal("20000"))
    advances = award.advances.count()

    objection, response = _decide_objection(award, "30000", ObjectionOutcome.FOUNDED)

    assert "geen ruimte voor het nieuwe besluit" in response.content.decode()
    assert objection.is_open
    award.refresh_from_db()
    assert award.amount == Decimal("20000.00") and _committed(award) == Decimal("20000.00")
    assert award.advances.count() == advances
    assert not award.application.decisions.filter(replaces=award.decision).exists()


def test_more_than_was_asked_is_refused():
    award = _partly_granted()

    objection, response = _decide_objection(award, "30000,01")

    assert "hooguit het aangevraagde bedrag (€ 30.000,00)" in response.content.decode()
    assert objection.is_open
