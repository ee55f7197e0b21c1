"""After a revocation the advances already paid are recovered in a decision of its own
(Awb 4:57), as the revocation letter announces; finance follows it up as any recovery."""

from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten.choices import DecisionKind, ObjectionOutcome
from besluiten.services import objections
from kern import roles, terms
from subsidie.choices import AwardState
from tests.concurrency import at_once
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from tests.pdf import stored_text
from tests.subsidie.helpers import hold_objection_hearing
from tests.verantwoording.helpers import granted, in_days, revoked
from verantwoording.choices import RecoveryState
from verantwoording.models import Recovery
from verantwoording.services import monitoring, recoveries, settlements

pytestmark = pytest.mark.django_db


def _client(role):
    return verify_second_factor(Client(), StaffFactory(role=role))


def test_a_decision_maker_recovers_what_was_advanced_on_a_revoked_award():
    award = revoked()
    paid = award.paid
    assert paid > 0
    decider = _client(roles.DECISION_MAKER)
    queue = decider.get(reverse("settlement_queue")).content.decode()
    assert "1 ingetrokken subsidie met betaalde voorschotten wacht op een besluit" in queue
    listed = decider.get(reverse("recovery_list")).content.decode()
    assert f"€ {paid:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") in listed
    page = reverse("recover_after_revocation", args=[award.pk])
    assert award.decision.reference in listed and f'href="{page}"' in listed
    assert "Ja, € " in decider.get(page).content.decode()

    response = decider.post(page)

    recovery = Recovery.objects.get()
    assert response["Location"] == reverse("recovery_detail", args=[recovery.pk])
    assert (recovery.amount, recovery.state, recovery.settlement) == (
        paid,
        RecoveryState.OPEN,
        None,
    )
    decision = recovery.decision
    assert (decision.kind, decision.amount) == (DecisionKind.RECOVER, paid)
    assert recovery.due_date == terms.after(timezone.localdate(), weeks=6)
    assert recovery.limit_date.year == timezone.localdate().year + 5
    text = stored_text(decision.document).replace("\n", " ")
    assert f"Terugvordering van uw subsidie {award.decision.reference}" in text
    assert "trokken wij de subsidie" in text and "4:57" in text
    assert "Omdat de subsidie is ingetrokken" in text and "bezwaar" in text
    detail = decider.get(response["Location"]).content.decode()
    assert decision.reference in detail and "intrekking" in detail
    assert award.decision.reference not in decider.get(reverse("recovery_list")).content.decode()

    # A second click, or a colleague with the page still open: no second decision.
    again = decider.post(page, follow=True)
    assert "al besloten" in again.content.decode()
    assert Recovery.objects.count() == 1 and award.application.decisions.count() == 3

    # Finance follows it up as any recovery.
    settlements.record_repayment(StaffFactory(role=roles.FINANCE), recovery, timezone.localdate())
    recovery.refresh_from_db()
    assert recovery.state == RecoveryState.PAID
    [row] = monitoring.overview(award.period_end.year)
    assert row.recovered == paid  # the monitoring counts it as paid back
    workbook = decider.get(reverse("recovery_list") + "?formaat=xlsx")
    assert workbook.status_code == 200


def test_only_a_decision_maker_recovers_and_only_what_was_paid_on_a_revoked_award():
    unpaid = revoked(paid=False)
    with pytest.raises(ValidationError, match="niets betaald"):
        recoveries.recover_after_revocation(StaffFactory(role=roles.DECISION_MAKER), unpaid)
    running = granted("20000")
    with pytest.raises(ValidationError, match="ingetrokken subsidie"):
        recoveries.recover_after_revocation(StaffFactory(role=roles.DECISION_MAKER), running)
    assert (
        _client(roles.DECISION_MAKER)
        .get(reverse("recover_after_revocation", args=[running.pk]))
        .status_code
        == 404
    )

    award = revoked()
    with pytest.raises(PermissionDenied):
        recoveries.recover_after_revocation(StaffFactory(role=roles.REVIEWER), award)
    reviewer = _client(roles.REVIEWER)
    assert "Wacht op een besluitvormer" in reviewer.get(reverse("recovery_list")).content.decode()
    assert reviewer.post(reverse("recover_after_revocation", args=[award.pk])).status_code == 403
    with in_days(5 * 366 + 1), pytest.raises(ValidationError, match="vijf jaar"):
        recoveries.recover_after_revocation(StaffFactory(role=roles.DECISION_MAKER), award)
    assert not Recovery.objects.exists()
    assert list(recoveries.owed_after_revocation()) == [award]
    assert award.paid == Decimal(recoveries.owed_after_revocation().get().paid_total)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_decision_makers_at_once_take_one_recovery_decision(postgres):
    award = revoked()
    deciders = [StaffFactory(role=roles.DECISION_MAKER) for _ in range(4)]
    made, refused = at_once(
        [partial(recoveries.recover_after_revocation, decider, award) for decider in deciders]
    )

    assert (len(made), len(refused)) == (1, 3)
    assert Recovery.objects.count() == 1
    assert award.application.decisions.filter(kind=DecisionKind.RECOVER).count() == 1


def test_finance_sees_an_objection_against_the_recovery_and_what_came_of_it():
    award = revoked()
    recovery = recoveries.recover_after_revocation(StaffFactory(role=roles.DECISION_MAKER), award)
    objection = objections.register(
        StaffFactory(role=roles.REVIEWER),
        recovery.decision,
        received_on=timezone.localdate(),
        grounds="Wij hebben het geld besteed vóór de intrekking.",
    )
    finance = _client(roles.FINANCE)
    page = reverse("recovery_detail", args=[recovery.pk])
    shown = _text(finance.get(page))
    assert f"{objection.reference}</a> tegen dit besluit" in shown and "beslissen vóór" in shown

    hold_objection_hearing(StaffFactory(role=roles.REVIEWER), objection)
    objections.decide(
        StaffFactory(role=roles.DECISION_MAKER),
        objection,
        ObjectionOutcome.FOUNDED,
        "De kosten waren gemaakt vóór de intrekking.",
    )

    shown = _text(finance.get(page))
    assert "gegrond" in shown and "Vorder niet meer terug dan het besluit op het bezwaar" in shown


def _text(response):
    return response.content.decode().replace("\n", " ")


def _objection_against(revocation):
    objection = objections.register(
        StaffFactory(role=roles.REVIEWER),
        revocation,
        received_on=timezone.localdate(),
        grounds="Wij zijn nooit gestopt.",
    )
    hold_objection_hearing(StaffFactory(role=roles.REVIEWER), objection)
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    response = decider.post(
        reverse("objection_decide", args=[objection.pk]),
        {"outcome": ObjectionOutcome.FOUNDED, "reasoning": "De activiteiten liepen door."},
    )
    objection.refresh_from_db()
    return objection, response


def test_a_founded_objection_against_the_revocation_cancels_the_open_recovery():
    """Awb 7:11 through HTTP: the award stands again with what was paid on it, and the
    recovery of those advances lapses with the revocation."""
    award = revoked()
    recovery = recoveries.recover_after_revocation(StaffFactory(role=roles.DECISION_MAKER), award)

    objection, _ = _objection_against(award.revocation)

    assert not objection.is_open
    award.refresh_from_db()
    recovery.refresh_from_db()
    assert award.state == AwardState.ACTIVE  # an advance was paid
    assert recovery.state == RecoveryState.CANCELLED
    assert objection.reference in recovery.closing
    reinstated = award.application.decisions.get(kind=DecisionKind.REINSTATE_AWARD)
    assert "u hoeft niets terug te betalen" in stored_text(reinstated.document)


def test_a_recovery_already_paid_back_keeps_the_revocation_and_says_why():
    award = revoked()
    recovery = recoveries.recover_after_revocation(StaffFactory(role=roles.DECISION_MAKER), award)
    settlements.record_repayment(StaffFactory(role=roles.FINANCE), recovery, timezone.localdate())

    objection, response = _objection_against(award.revocation)

    assert "is al terugbetaald" in response.content.decode() and objection.is_open
    award.refresh_from_db()
    assert award.state == AwardState.REVOKED
