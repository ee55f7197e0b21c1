"""Revoking an award (intrekking, Awb 4:48): the organisation is heard first (Awb 4:8);
unpaid advances lapse and their amount goes back under the ceiling. What was already paid
is recovered in a decision of its own (terugvordering, Awb 4:57)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from besluiten.choices import DecisionKind, HearingPurpose
from besluiten.services import hearings
from kern import transitions
from kern.money import euro
from kern.permissions import require
from subsidie.choices import AdvanceState, AwardState
from subsidie.models import Award
from subsidie.models.awards import REVOCABLE_STATES
from subsidie.services import advances as advances_service
from subsidie.services import budget
from subsidie.services.applications import mail_on_commit
from subsidie.services.decisions import (
    heard,
    reasoning_after,
    record_decision,
    record_replacement,
)


def lock(award):
    return Award.objects.select_for_update().select_related("application__scheme").get(pk=award.pk)


@transaction.atomic
def intend_revocation(actor, award, reasons):
    require(actor, "subsidie.handle_application")
    award = lock(award)
    if not reasons.strip():
        raise ValidationError("Schrijf waarom u de subsidie wilt intrekken.")
    if award.state not in REVOCABLE_STATES:
        raise ValidationError("Deze subsidie kan niet meer worden ingetrokken.")
    application = award.application
    return hearings.start(
        actor,
        award,
        application.organisation,
        HearingPurpose.REVOCATION,
        title=f"intrekking van uw subsidie {award.decision.reference} ({application.title})",
        intention=f"Wij zijn van plan de subsidie van {euro(award.amount)} in te trekken "
        "(artikel 4:48 Algemene wet bestuursrecht).",
        reasons=reasons.strip(),
        days=application.scheme.hearing_term_days,
    )


@transaction.atomic
def revoke(actor, award, hearing_answer=""):
    """After the hearing: the award is revoked, unpaid advances lapse, their amount is
    released to the budget of the latest years first, and the letter goes out."""
    require(actor, "subsidie.decide_application")
    award = lock(award)
    hearing = heard(award, HearingPurpose.REVOCATION, hearing_answer)
    advances = list(award.advances.select_for_update())
    if any(advance.state == AdvanceState.BATCHED for advance in advances):
        raise ValidationError(
            "Een voorschot van deze subsidie zit in een betaalbatch. Wacht tot die betaald is, "
            "of laat financiën het voorschot eruit halen."
        )
    transitions.run(actor, award, "revoke", reason=hearing.reasons)
    unpaid = Decimal(0)
    for advance in advances:
        if advance.state == AdvanceState.DUE:
            transitions.run(actor, advance, "cancel", reason="Subsidie ingetrokken.")
            unpaid += advance.amount
    advances_service.release_unpaid(
        actor, award, unpaid, f"Ingetrokken: {award.decision.reference}"
    )
    hearings.close(award, HearingPurpose.REVOCATION, "Besluit genomen.")
    decision = record_decision(
        actor,
        award.application,
        hearing.reasons,
        timezone.now(),
        None,
        kind=DecisionKind.REVOKE,
        amount=award.amount,
        proposed_by=hearing.started_by,
        hearing=hearing,
        hearing_answer=hearing_answer.strip(),
    )
    mail_on_commit(award.application, "decision")
    return decision


@transaction.atomic
def undo_on_objection(actor, revocation, objection, recovery_lapsed=False):
    """Awb 7:11: a founded objection against a revocation. The award stands again with
    the advances that had lapsed, their amount committed again under the ceiling lock (none
    of it where the ceiling has no room left); the revocation and its letter stay. A recovery
    decided after it is refused here, unless the caller (verantwoording, where recoveries
    are kept) let it lapse in the same transaction: `recovery_lapsed`."""
    require(actor, "subsidie.decide_application")
    application = revocation.subject
    award = lock(application.award)
    if (
        award.state != AwardState.REVOKED
        or application.decisions.filter(replaces=revocation).exists()
    ):
        raise ValidationError("Deze intrekking is al herroepen.")
    recovered = application.decisions.filter(
        kind=DecisionKind.RECOVER, decided_at__gt=revocation.decided_at
    ).first()
    if recovered and not recovery_lapsed:
        raise ValidationError(
            f"Na deze intrekking is al besloten tot terugvordering ({recovered.reference}). "
            "Herzie eerst dat besluit."
        )
    lapsed = [
        advance
        for advance in award.advances.select_for_update()
        if advance.state == AdvanceState.CANCELLED
    ]
    parts = advances_service.unpaid_parts(award, sum((a.amount for a in lapsed), Decimal(0)))
    budgets = budget.lock(application.scheme, parts, advice=budget.OBJECTION_ADVICE)
    reasoning = reasoning_after(objection, revocation, " om uw subsidie in te trekken")
    if recovered:
        reasoning += (
            f" Daarmee vervalt ook ons besluit {recovered.reference} om de voorschotten terug "
            "te vorderen: u hoeft niets terug te betalen."
        )
    transitions.run(actor, award, "reinstate", reason=reasoning)
    for advance in lapsed:
        transitions.run(actor, advance, "restore", reason=reasoning)
    budget.commit(
        actor,
        budgets,
        parts,
        award=award,
        description=f"Intrekking herroepen: {revocation.reference}",
    )
    decision = record_replacement(
        actor,
        application,
        revocation,
        objection,
        reasoning,
        timezone.now(),
        None,
        kind=DecisionKind.REINSTATE_AWARD,
        amount=award.amount,
        proposed_by=None,
    )
    mail_on_commit(application, "decision")
    return decision
