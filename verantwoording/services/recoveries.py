"""Recovering the advances of a revoked award (terugvordering, Awb 4:57): the revocation
letter announces a decision of its own for what was already paid; a decision maker takes it
here, and finance follows it up as any recovery."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, Q, Sum
from django.utils import timezone

from besluiten.choices import DecisionKind
from kern import transitions
from kern.permissions import require
from subsidie.choices import AdvanceState, AwardState
from subsidie.models import Award
from subsidie.services import applications, decisions, revocations
from verantwoording.choices import RecoveryState
from verantwoording.letters import revoked_payment_sections
from verantwoording.models import Recovery
from verantwoording.services.settlements import payment_due, recovery_limit


def owed_after_revocation():
    """Revoked awards with advances paid and no recovery decided yet, the oldest first."""
    return (
        Award.objects.filter(state=AwardState.REVOKED)
        .annotate(
            paid_total=Sum(
                "advances__amount",
                filter=Q(advances__state=AdvanceState.PAID),
                output_field=DecimalField(),
            )
        )
        .filter(paid_total__gt=0)
        .exclude(application__decisions__kind=DecisionKind.RECOVER)
        .select_related("application__organisation", "decision")
        .prefetch_related("advances")
        .order_by("pk")
    )


@transaction.atomic
def recover_after_revocation(actor, award):
    """The decision to pay back what was advanced on a revoked award, and its recovery."""
    require(actor, "verantwoording.decide_settlement")
    award = Award.objects.select_for_update().select_related("application").get(pk=award.pk)
    if award.state != AwardState.REVOKED:
        raise ValidationError(
            "Terugvorderen na intrekking kan alleen bij een ingetrokken subsidie."
        )
    if award.application.decisions.filter(kind=DecisionKind.RECOVER).exists():
        raise ValidationError("Voor deze subsidie is de terugvordering al besloten.")
    paid = award.paid
    if paid <= Decimal(0):
        raise ValidationError(
            "Van deze subsidie is niets betaald: er valt niets terug te vorderen."
        )
    moment = timezone.now()  # one clock reading for the letter's date and the terms
    today = timezone.localdate(moment)
    limit = recovery_limit(award.revocation, today, "ingetrokken")
    due_date = payment_due(today)
    # No hearing of its own: the revocation it follows was heard (Awb 4:8), and a decision on
    # a sum owed that can be objected to and fully undone may go without one (Awb 4:12).
    decision = decisions.record_decision(
        actor,
        award.application,
        "De subsidie is ingetrokken. Wat u als voorschot ontving, was daarom niet verschuldigd.",
        moment,
        None,
        sections=revoked_payment_sections(paid, due_date),
        kind=DecisionKind.RECOVER,
        amount=paid,
        proposed_by=None,
    )
    recovery = Recovery.objects.create(
        decision=decision, amount=paid, due_date=due_date, limit_date=limit
    )
    applications.mail_on_commit(award.application, "decision")
    return recovery


@transaction.atomic
def undo_revocation_on_objection(actor, revocation, objection):
    """Awb 7:11: a founded objection against a revocation takes the recovery that followed
    it with it: an open one is cancelled, one written off needs nothing more. One already
    paid back is refused: the advances it returned would have to be paid again, which a
    new grant decision does, not this correction."""
    award = revocation.subject.award
    recovery = (
        Recovery.objects.select_for_update()
        .filter(
            decision__kind=DecisionKind.RECOVER,
            decision__in=award.application.decisions.filter(decided_at__gt=revocation.decided_at),
        )
        .first()
    )
    if recovery is not None and recovery.state == RecoveryState.PAID:
        raise ValidationError(
            f"De terugvordering na deze intrekking ({recovery.decision.reference}) is al "
            "terugbetaald. Herroepen zet de subsidie terug zonder dat geld: neem daarvoor een "
            "nieuw besluit op de aanvraag."
        )
    if recovery is not None and recovery.state == RecoveryState.OPEN:
        reason = f"Vervallen: de intrekking is herroepen na bezwaar {objection.reference}."
        transitions.run(actor, recovery, "cancel", timezone.localdate(), reason, reason=reason)
    return revocations.undo_on_objection(
        actor, revocation, objection, recovery_lapsed=recovery is not None
    )
