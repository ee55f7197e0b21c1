"""Taking decisions: four-eyes, the ceiling, the stored letter, and the award it creates.

The budget ceiling is guarded here. Granting locks the scheme's budget rows for the award's
years (see `budget.lock`), sums the ledger and refuses what does not fit; a concurrent
grant waits for the lock and then sees the new entries.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from besluiten.choices import DecisionKind, HearingPurpose
from besluiten.models import Decision
from besluiten.services import decisions as taking
from besluiten.services import hearings
from kern import transitions
from kern.money import euro
from kern.permissions import require
from subsidie import letters
from subsidie.choices import AwardState, Outcome
from subsidie.models import Award
from subsidie.services import awards, budget
from subsidie.services.applications import lock, mail_on_commit


@transaction.atomic
def decide(actor, application, hearing_answer=""):
    """Takes the proposed decision: four-eyes above the threshold, ceiling for grants, and
    for a refusal the hearing first; `hearing_answer` says what was done with a response."""
    require(actor, "subsidie.decide_application")
    application = lock(application)
    _check_four_eyes(actor, application)
    hearing = _refusal_hearing(application, hearing_answer)
    # One clock reading for the whole decision: the letter, the award and its advances all
    # speak of the same day, also when the decision is taken just before midnight.
    moment = timezone.now()
    plan = awards.plan_for(application, moment)
    # The ceiling is checked (and its rows locked) before the letter is written, so a
    # refused grant leaves no document behind.
    budgets = budget.lock(application.scheme, plan.tranches) if plan else None
    change = "grant" if plan else "reject"
    transitions.run(actor, application, change, reason=application.proposal_reasoning)
    hearings.close(application, HearingPurpose.REFUSAL, "Besluit genomen.")
    decision = record_decision(
        actor,
        application,
        application.proposal_reasoning,
        moment,
        plan,
        hearing=hearing,
        hearing_answer=hearing_answer.strip(),
    )
    if plan:
        awards.create_award(actor, application, decision, plan, budgets)
    mail_on_commit(application, "decision")
    return decision


def _refusal_hearing(application, answer):
    if application.proposed_outcome != Outcome.REJECT:
        return None
    return heard(application, HearingPurpose.REFUSAL, answer)


def heard(subject, purpose, answer):
    """The hearing an adverse decision rests on; a response needs an answer in the letter."""
    hearing = hearings.require_over(subject, purpose)
    if hearing.response and not answer.strip():
        raise ValidationError(
            "De organisatie heeft gereageerd op het voornemen. Schrijf wat u met die reactie "
            "doet; dat komt in de besluitbrief."
        )
    return hearing


def _check_four_eyes(actor, application):
    amount = application.proposed_amount or application.requested_amount or Decimal(0)
    if amount >= application.scheme.four_eyes_from and application.proposed_by_id == actor.pk:
        raise ValidationError(
            f"Dit besluit gaat over {euro(amount)}: vanaf "
            f"{euro(application.scheme.four_eyes_from)} neemt een andere besluitvormer het "
            "besluit dan degene die het voorstelde."
        )


@transaction.atomic
def declare_not_processed(actor, application):
    """Awb 4:5: the repair term passed without the missing information."""
    require(actor, "subsidie.decide_application")
    application = lock(application)
    request = application.information_requests.filter(answered_at__isnull=True).first()
    reasoning = (
        f"Wij vroegen u op {timezone.localtime(request.requested_at):%d-%m-%Y} om uw aanvraag "
        f"aan te vullen vóór {request.due_date:%d-%m-%Y}: {request.message} Wij hebben de "
        "aanvulling niet op tijd ontvangen. Daarom nemen wij uw aanvraag niet in behandeling "
        "(artikel 4:5 Algemene wet bestuursrecht)."
        if request
        else ""
    )
    transitions.run(actor, application, "declare_not_processed", reason=reasoning)
    application.proposed_outcome = Outcome.NOT_PROCESSED
    decision = record_decision(actor, application, reasoning, timezone.now(), plan=None)
    mail_on_commit(application, "decision")
    return decision


def record_decision(actor, application, reasoning, moment, plan, sections=(), **extra):
    """sections: the letter's own part of a decision taken elsewhere (a settlement); extra:
    the hearing and hearing_answer of an adverse decision, what a revision replaces, or the
    kind and amount where they are not the proposal's."""
    fields = {
        "kind": application.proposed_outcome,
        "amount": application.decision_amount,
        "proposed_by": application.proposed_by,
    }
    decision = Decision(
        **(fields | extra),
        subject=application,
        reference=_reference(application, moment),
        reasoning=reasoning,
        decided_by=actor,
        decided_at=moment,
    )
    return taking.take(
        decision, lambda decision: letters.decision_letter(decision, plan=plan, sections=sections)
    )


def reasoning_after(objection, original, what=""):
    """Awb 7:11: why a decision replaces `original`: the objection, what changes (`what`,
    continuing the sentence) and the reasons of the decision on the objection."""
    return (
        f"Na uw bezwaar ({objection.reference}) herroepen wij ons besluit {original.reference}"
        f"{what}. {objection.reasoning}"
    )


def record_replacement(actor, application, original, objection, reasoning, moment, plan, **extra):
    """The decision on the (locked) `application` that replaces `original` after
    `objection`, with its letter; `original` keeps its own."""
    return record_decision(
        actor,
        application,
        reasoning,
        moment,
        plan,
        replaces=original,
        objection_reference=objection.reference,
        **extra,
    )


@transaction.atomic
def revise_on_objection(actor, original, objection, data):
    """Awb 7:11: a founded objection against a refusal: the grant that replaces it, within
    the ceiling like any grant; the refusal and its letter stay as they were."""
    require(actor, "subsidie.decide_application")
    application = lock(original.subject)
    if application.decisions.filter(replaces=original).exists():
        raise ValidationError("Dit besluit is al vervangen.")
    amount = data.get("amount")
    if amount is None:
        raise ValidationError("Vul het bedrag in van het nieuwe besluit.")
    if application.requested_amount and amount > application.requested_amount:
        raise ValidationError("U kunt niet meer verlenen dan is aangevraagd.")
    reasoning = reasoning_after(objection, original)
    moment = timezone.now()
    if not (application.period_start and application.period_end):
        raise ValidationError("De aanvraag heeft geen periode: verlenen kan zo niet.")
    application.proposed_outcome, application.proposed_amount = Outcome.GRANT, amount
    plan = awards.plan_for(application, moment)
    budgets = budget.lock(application.scheme, plan.tranches, advice=budget.OBJECTION_ADVICE)
    transitions.run(
        actor, application, "grant_on_objection", actor, amount, reasoning, reason=reasoning
    )
    decision = record_replacement(actor, application, original, objection, reasoning, moment, plan)
    awards.create_award(actor, application, decision, plan, budgets)
    mail_on_commit(application, "decision")
    return decision


RAISABLE_STATES = (AwardState.GRANTED, AwardState.ACTIVE, AwardState.REPORT_DUE)


def raisable(decision):
    """A grant below what was asked, still in force, on an award not settled or revoked."""
    application = decision.subject
    award = getattr(application, "award", None)
    return (
        award is not None
        and award.state in RAISABLE_STATES
        and decision.amount < (application.requested_amount or Decimal(0))
        and taking.latest(application, [DecisionKind.GRANT]) == decision
    )


@transaction.atomic
def raise_on_objection(actor, original, objection, data):
    """Awb 7:11: a founded objection against a partly granted amount. A higher grant replaces
    it; the difference is committed under the ceiling lock (refused where the ceiling has no
    room) and paid as one more advance in the next batch. The old grant and its letter stay."""
    require(actor, "subsidie.decide_application")
    application = lock(original.subject)
    award = Award.objects.select_for_update().get(application=application)
    if not raisable(original):
        raise ValidationError("Dit besluit is al vervangen of kan niet meer hoger worden.")
    amount = data.get("amount")
    if amount is None or not award.amount < amount <= application.requested_amount:
        raise ValidationError(
            f"Vul het nieuwe bedrag in: meer dan {euro(award.amount)} en hooguit het "
            f"aangevraagde bedrag ({euro(application.requested_amount)})."
        )
    raised = amount - award.amount
    parts = awards.split_by_year(raised, award.period_start, award.period_end)
    budgets = budget.lock(application.scheme, parts, advice=budget.OBJECTION_ADVICE)
    moment = timezone.now()
    reasoning = reasoning_after(
        objection,
        original,
        f": wij verlenen {euro(amount)} in plaats van {euro(original.amount)}",
    )
    plan = awards.raise_award(
        actor, award, raised, parts, budgets, moment, f"Verhoogd na bezwaar: {original.reference}"
    )
    decision = record_replacement(
        actor,
        application,
        original,
        objection,
        reasoning,
        moment,
        plan,
        kind=DecisionKind.GRANT,
        amount=amount,
        proposed_by=None,
    )
    mail_on_commit(application, "decision")
    return decision


def _reference(application, moment):
    """BS-<year in Den Haag>-<application>-<how many decisions it has had, this one too>."""
    year = timezone.localdate(moment).year
    return f"BS-{year}-{application.pk:05d}-{application.decisions.count() + 1}"
