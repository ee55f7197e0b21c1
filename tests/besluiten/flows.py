"""One decision of each kind of the grant cycle, taken through its own service; each returns
the decision record."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from besluiten.models import Hearing
from kern import roles
from subsidie.services import advances, decisions, revocations
from tests.factories import StaffFactory
from tests.subsidie.helpers import incomplete, proposed, refused
from tests.verantwoording.helpers import due_for_settlement, reported, revoked
from verantwoording.services import recoveries, settlements


def _decider():
    return StaffFactory(role=roles.DECISION_MAKER)


def grant():
    return decisions.decide(_decider(), proposed())


def refusal():
    return decisions.decide(_decider(), refused())


def not_processed():
    application = incomplete(days=1)
    application.information_requests.update(due_date=timezone.localdate() - timedelta(days=1))
    return decisions.declare_not_processed(_decider(), application)


def revocation():
    application = proposed()
    decisions.decide(_decider(), application)
    hearing = revocations.intend_revocation(_decider(), application.award, "Gestopt.")
    Hearing.objects.filter(pk=hearing.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    return revocations.revoke(_decider(), application.award)


def lowered_advances():
    application = proposed(amount=Decimal("30000"), requested_amount=Decimal("30000"))
    decisions.decide(_decider(), application)
    return advances.lower_remaining(_decider(), application.award, Decimal("100"), "Minder.")


def settlement():
    award = due_for_settlement("30000")
    reported(award)
    lines = [(line.eligible, line.reason) for line in settlements.draft_lines(award)]
    proposal = settlements.propose(StaffFactory(role=roles.REVIEWER), award, lines)
    return settlements.decide(_decider(), proposal)


def recovery():
    return recoveries.recover_after_revocation(_decider(), revoked()).decision


GRANT_CYCLE = {
    "grant": grant,
    "reject": refusal,
    "not_processed": not_processed,
    "revoke": revocation,
    "lower": lowered_advances,
    "settle": settlement,
    "recover": recovery,
}
