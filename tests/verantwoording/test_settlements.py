"""Settlement (vaststelling, Awb 4:42-4:47) through the services: per budget line, never above
the award, lower only with reasons and after the hearing (Awb 4:8), four-eyes, and the
final payment or recovery (Awb 4:57) that evens out the advances."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from besluiten.choices import HearingPurpose
from besluiten.models import Hearing
from besluiten.services import hearings
from kern import roles
from subsidie.choices import AdvanceState, AwardState, LedgerKind
from subsidie.models import LedgerEntry
from tests.factories import SchemeFactory, StaffFactory
from tests.pdf import stored_text
from tests.verantwoording.helpers import due_for_settlement, in_days, reported, settled_lower
from verantwoording.choices import RecoveryState, SettlementState
from verantwoording.models import FinalPayment, Recovery
from verantwoording.services import reports, settlements

pytestmark = pytest.mark.django_db


def _entries(award, **lower):
    """Every draft line as proposed, except those named in `lower`: (amount, reason)."""
    return [
        lower.get(line.description, (line.eligible, line.reason))
        for line in settlements.draft_lines(award)
    ]


def test_a_lower_settlement_waits_for_the_hearing_and_leaves_a_recovery():
    award = due_for_settlement("30000")
    member = reported(award)
    reviewer = StaffFactory(role=roles.REVIEWER)
    decider = StaffFactory(role=roles.DECISION_MAKER)

    with pytest.raises(ValidationError, match="schrijf waarom"):
        settlements.propose(reviewer, award, [(Decimal("25000"), "")])
    settlement = settlements.propose(
        reviewer, award, [(Decimal("25000"), "Twee maanden geen activiteiten.")]
    )
    with pytest.raises(ValidationError, match="Stuur eerst het voornemen"):
        settlements.decide(decider, settlement)
    hearing = settlements.intend(reviewer, settlement)
    assert "Twee maanden geen activiteiten." in hearing.reasons
    with pytest.raises(ValidationError, match="kan nog reageren"):
        settlements.decide(decider, settlement)
    hearings.respond(member, hearing, "Er was een verbouwing; wij haalden het in.")
    with pytest.raises(ValidationError, match="Schrijf wat u met die reactie doet"):
        settlements.decide(decider, settlement)

    decision = settlements.decide(decider, settlement, "Inhalen is niet aangetoond.")

    settlement.refresh_from_db()
    award.refresh_from_db()
    assert settlement.state == SettlementState.DECIDED and award.state == AwardState.SETTLED
    assert settlement.recovery.amount == Decimal("5000.00")
    assert settlement.recovery.state == RecoveryState.OPEN
    assert settlement.recovery.limit_date.year == timezone.localdate().year + 5
    release = LedgerEntry.objects.get(award=award, kind=LedgerKind.RELEASE)
    assert release.amount == Decimal("5000.00")
    text = stored_text(decision.document)
    assert "vast op € 25.000,00" in text
    assert "Twee maanden geen activiteiten." in text
    assert "Inhalen is niet aangetoond." in text
    assert "vorderen wij van u terug" in text


def test_the_draft_lowers_a_line_in_proportion_to_the_costs_not_made():
    scheme = SchemeFactory(financial_report_from=Decimal("30000"))
    award = due_for_settlement("40000", scheme=scheme)
    reported(award, Vrijwilligersvergoedingen=Decimal("30000"))
    (line,) = settlements.draft_lines(award)
    # 40,000 awarded on a budget of 43,000, of which 30,000 was spent.
    assert line.awarded == Decimal("40000.00") and line.eligible == Decimal("27906.98")
    assert "Uitgegeven € 30.000,00 van de begrote € 43.000,00" in line.reason


def test_a_settlement_never_exceeds_the_award_and_needs_a_second_decider_above_the_limit():
    award = due_for_settlement("30000")
    reported(award)
    decider = StaffFactory(role=roles.DECISION_MAKER)
    with pytest.raises(ValidationError, match="tussen"):
        settlements.propose(decider, award, [(Decimal("30000.01"), "")])
    settlement = settlements.propose(decider, award, _entries(award))
    assert not settlement.is_lower
    with pytest.raises(ValidationError, match="andere besluitvormer"):
        settlements.decide(decider, settlement)
    with pytest.raises(PermissionDenied):
        settlements.decide(StaffFactory(role=roles.REVIEWER), settlement)
    settlements.decide(StaffFactory(role=roles.DECISION_MAKER), settlement)
    assert not Recovery.objects.exists() and not FinalPayment.objects.exists()
    with pytest.raises(ValidationError, match="al vastgesteld"):
        settlements.propose(decider, award, _entries(award))


def test_unpaid_advances_lapse_and_the_rest_becomes_a_final_payment():
    award = due_for_settlement("30000", paid=False)
    reported(award)
    settlement = settlements.propose(StaffFactory(role=roles.REVIEWER), award, _entries(award))
    decision = settlements.decide(StaffFactory(role=roles.DECISION_MAKER), settlement)
    assert set(award.advances.values_list("state", flat=True)) == {AdvanceState.CANCELLED}
    settlement.refresh_from_db()
    assert settlement.payments.get().amount == Decimal("30000.00")
    assert "Wij betalen u nog € 30.000,00" in stored_text(decision.document)


def test_lowering_a_heard_proposal_needs_a_new_hearing():
    award = due_for_settlement("30000")
    reported(award)
    reviewer = StaffFactory(role=roles.REVIEWER)
    settlement = settlements.propose(reviewer, award, [(Decimal("28000"), "Minder uren.")])
    settlements.intend(reviewer, settlement)
    Hearing.objects.update(due_date=timezone.localdate() - timedelta(days=1))
    settlements.propose(reviewer, award, [(Decimal("29000"), "Minder uren.")])
    assert Hearing.objects.current(settlement, HearingPurpose.LOWER_SETTLEMENT)
    settlements.propose(reviewer, award, [(Decimal("27000"), "Nog minder uren.")])
    assert Hearing.objects.current(settlement, HearingPurpose.LOWER_SETTLEMENT) is None


def test_an_award_is_settled_only_after_its_period_and_its_reports():
    award = due_for_settlement("30000")
    reviewer = StaffFactory(role=roles.REVIEWER)
    reports.open_for(award)
    with pytest.raises(ValidationError, match="elke verantwoording"):
        settlements.propose(reviewer, award, _entries(award))


def test_a_recovery_is_paid_back_or_written_off_with_a_reason_within_five_years():
    settlement = settled_lower("20000", "Half jaar gestopt.")
    recovery = settlement.recovery
    with pytest.raises(PermissionDenied):
        settlements.record_repayment(
            StaffFactory(role=roles.REVIEWER), recovery, timezone.localdate()
        )
    with pytest.raises(ValidationError, match="Schrijf waarom"):
        settlements.write_off(StaffFactory(role=roles.DECISION_MAKER), recovery, " ")
    settlements.record_repayment(StaffFactory(role=roles.FINANCE), recovery, timezone.localdate())
    recovery.refresh_from_db()
    assert recovery.state == RecoveryState.PAID
    with pytest.raises(ValidationError):
        settlements.write_off(StaffFactory(role=roles.DECISION_MAKER), recovery, "Te laat.")
    settlement.refresh_from_db()
    with in_days(5 * 366 + 1), pytest.raises(ValidationError, match="vijf jaar"):
        settlements.create_recovery(
            settlement, Decimal("1"), timezone.localdate(), timezone.localdate()
        )
