"""Settling an award (vaststelling, Awb 4:42-4:47): a reviewer proposes the eligible amount
per budget line, never above the line's share of the award and lower only with a reason;
a lower proposal is first sent to the recipient (zienswijze, Awb 4:8); a decision maker
decides, four-eyes as for grants. The decision cancels unpaid advances, releases what is
not settled to the budget, and leaves a final payment or a recovery (Awb 4:57)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from besluiten.choices import DecisionKind, HearingPurpose
from besluiten.services import decisions as taking
from besluiten.services import hearings
from kern import terms, transitions
from kern.audit import save_as
from kern.dates import years_later
from kern.money import euro
from kern.permissions import require
from subsidie.choices import AdvanceState, AwardState, BudgetLineKind
from subsidie.models import Award
from subsidie.services import advances, applications, budget, decisions
from verantwoording.choices import RecoveryState, ReportState, SettlementState
from verantwoording.letters import revised_settlement_sections, settlement_sections
from verantwoording.models import FinalPayment, Recovery, Settlement, SettlementLine

CENT = Decimal("0.01")
# Awb 4:87 for what the municipality still pays; the same term for what it recovers.
PAYMENT_WEEKS = 6
PAYMENT_TERM = timedelta(weeks=PAYMENT_WEEKS)
# Awb 4:57 lid 2: no recovery once five years have passed since the settlement.
RECOVERY_YEARS = 5
# Reports that no longer change: a rejected report is settled too, lower with reasons.
CLOSED_REPORTS = (ReportState.ACCEPTED, ReportState.REJECTED)


@dataclass(frozen=True)
class Balance:
    """The settled amount against what was advanced, and the day it must be evened out."""

    paid: Decimal
    to_pay: Decimal
    to_recover: Decimal
    due_date: date


def balance(settled, paid, decided_on):
    return Balance(
        paid=paid,
        to_pay=max(settled - paid, Decimal(0)),
        to_recover=max(paid - settled, Decimal(0)),
        due_date=payment_due(decided_on),
    )


def payment_due(decided_on):
    """The last day to pay back, a term for the organisation (Algemene termijnenwet)."""
    return terms.after(decided_on, weeks=PAYMENT_WEEKS)


def shares(total, weights):
    """`total` over `weights` in proportion, in whole cents that add up to `total` exactly
    (the largest remainders get the cents left over)."""
    cents = int(total / CENT)
    weight = sum(weights)
    exact = [cents * part / weight for part in weights]
    whole = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - whole[i], reverse=True)
    for index in by_remainder[: cents - sum(whole)]:
        whole[index] += 1
    return [Decimal(value) * CENT for value in whole]


def eligible_share(share, realised, budgeted):
    """A line's share, lowered in proportion where less was spent than budgeted."""
    if realised is None or realised >= budgeted:
        return share
    return (share * realised / budgeted).quantize(CENT, ROUND_HALF_UP)


def final_report(award):
    return award.reports.filter(is_final=True).first()


def readiness_error(award):
    """Why the award cannot be settled now, in plain Dutch; None when it can."""
    if award.state == AwardState.SETTLED:
        return "Deze subsidie is al vastgesteld."
    if award.state != AwardState.REPORT_DUE:
        return (
            "Deze subsidie kan nu niet worden vastgesteld: zij heeft de status "
            f"‘{award.get_state_display()}’. Vaststellen kan als de periode voorbij is."
        )
    if award.reports.exclude(state__in=CLOSED_REPORTS).exists():
        return "Stel vast als elke verantwoording van deze subsidie is beoordeeld."
    return None


def draft_lines(award):
    """The award over its cost lines in proportion to the budget; where the financial report
    shows less spent than budgeted, the line's share is lowered in the same proportion."""
    application = award.application
    costs = list(application.budget_lines.filter(kind=BudgetLineKind.COST))
    if not costs:
        return [
            SettlementLine(description="Activiteiten", awarded=award.amount, eligible=award.amount)
        ]
    report = final_report(award)
    spent = {row.budget_line_id: row.realised for row in report.costs.all()} if report else {}
    lines = []
    for line, share in zip(costs, shares(award.amount, [c.amount for c in costs]), strict=True):
        realised = spent.get(line.pk)
        eligible = eligible_share(share, realised, line.amount)
        lines.append(
            SettlementLine(
                budget_line=line,
                description=line.description,
                awarded=share,
                realised=realised,
                eligible=eligible,
                reason=""
                if eligible == share
                else f"Uitgegeven {euro(realised)} van de begrote {euro(line.amount)}.",
            )
        )
    return lines


def _lock(settlement):
    return Settlement.objects.select_for_update().get(pk=settlement.pk)


def _line_errors(line):
    if line.eligible is None:
        return [f"{line.description}: vul het bedrag in."]
    if line.eligible < 0 or line.eligible > line.awarded:
        return [
            f"{line.description}: het bedrag ligt tussen € 0,00 en wat verleend is "
            f"({euro(line.awarded)})."
        ]
    if line.eligible != line.eligible.quantize(CENT):
        return [f"{line.description}: gebruik hele centen."]
    if line.eligible < line.awarded and not line.reason:
        return [f"{line.description}: schrijf waarom u minder vaststelt dan verleend."]
    return []


@transaction.atomic
def propose(actor, award, entries, reasoning=""):
    """entries: (eligible, reason) for each line of `draft_lines`, in that order. A proposal
    may be changed until it is decided; lowering it below what was heard needs a new hearing."""
    require(actor, "verantwoording.prepare_settlement")
    award = Award.objects.select_for_update().select_related("application").get(pk=award.pk)
    error = readiness_error(award)
    if error:
        raise ValidationError(error)
    settlement = Settlement.objects.select_for_update().filter(award=award).first()
    if settlement and settlement.state != SettlementState.PROPOSED:
        raise ValidationError("Deze subsidie is al vastgesteld.")
    lines = draft_lines(award)
    if len(entries) != len(lines):
        raise ValidationError("Vul elke post in.")
    errors = []
    for line, (eligible, reason) in zip(lines, entries, strict=True):
        line.eligible, line.reason = eligible, (reason or "").strip()
        errors += _line_errors(line)
    if errors:
        raise ValidationError(errors)
    if settlement is None:
        settlement = Settlement(award=award, report=final_report(award), awarded=award.amount)
    settlement.amount = sum((line.eligible for line in lines), Decimal(0))
    settlement.reasoning = reasoning.strip()
    settlement.proposed_by, settlement.proposed_at = actor, timezone.now()
    save_as(actor, settlement)
    settlement.lines.all().delete()
    for line in lines:
        line.settlement = settlement
    SettlementLine.objects.bulk_create(lines)
    _drop_outdated_hearing(settlement)
    transitions.record(
        actor, settlement, "propose", settlement.state, f"Voorstel: {euro(settlement.amount)}"
    )
    return settlement


def _drop_outdated_hearing(settlement):
    """A hearing covers the amount it was held on and anything higher."""
    if settlement.heard_amount is not None and settlement.amount < settlement.heard_amount:
        hearings.close(
            settlement, HearingPurpose.LOWER_SETTLEMENT, "Voorstel verlaagd: opnieuw horen."
        )


@transaction.atomic
def intend(actor, settlement):
    """Sends the lower settlement with its reasons per line to the recipient (Awb 4:8)."""
    require(actor, "verantwoording.prepare_settlement")
    settlement = _lock(settlement)
    if settlement.state != SettlementState.PROPOSED or not settlement.is_lower:
        raise ValidationError(
            "Alleen een voorstel lager dan verleend gaat eerst naar de organisatie."
        )
    application = settlement.award.application
    settlement.heard_amount = settlement.amount
    settlement.save(update_fields=["heard_amount"])
    return hearings.start(
        actor,
        settlement,
        application.organisation,
        HearingPurpose.LOWER_SETTLEMENT,
        title=f"vaststelling van uw subsidie {settlement.award.decision.reference} "
        f"({application.title})",
        intention=f"Wij zijn van plan de subsidie vast te stellen op {euro(settlement.amount)}. "
        f"Wij verleenden {euro(settlement.awarded)} (artikel 4:46 Algemene wet bestuursrecht).",
        reasons=lower_reasons(settlement),
        days=application.scheme.hearing_term_days,
    )


def lower_reasons(settlement):
    lines = [
        f"{line.description}: {euro(line.eligible)} in plaats van {euro(line.awarded)}. "
        f"{line.reason}"
        for line in settlement.lines.all()
        if line.eligible < line.awarded
    ]
    return "\n".join(lines + ([settlement.reasoning] if settlement.reasoning else []))


def _check_four_eyes(actor, settlement):
    limit = settlement.award.application.scheme.four_eyes_from
    if settlement.awarded >= limit and settlement.proposed_by_id == actor.pk:
        raise ValidationError(
            f"Deze subsidie is {euro(settlement.awarded)}: vanaf {euro(limit)} stelt een andere "
            "besluitvormer vast dan degene die het voorstel deed."
        )


@transaction.atomic
def decide(actor, settlement, hearing_answer=""):
    """Takes the settlement decision; for a lower one only after the hearing."""
    require(actor, "verantwoording.decide_settlement")
    settlement = _lock(settlement)
    award = (
        Award.objects.select_for_update()
        .select_related("application__scheme")
        .get(pk=settlement.award_id)
    )
    if settlement.state != SettlementState.PROPOSED:
        raise ValidationError("Deze subsidie is al vastgesteld.")
    _check_four_eyes(actor, settlement)
    hearing = (
        decisions.heard(settlement, HearingPurpose.LOWER_SETTLEMENT, hearing_answer)
        if settlement.is_lower
        else None
    )
    moment = timezone.now()
    owed = _close_advances(actor, award, settlement, timezone.localdate(moment))
    transitions.run(
        actor,
        award,
        "settle",
        settlement.amount,
        reason=f"Vastgesteld op {euro(settlement.amount)}.",
    )
    decision = decisions.record_decision(
        actor,
        award.application,
        _reasoning(settlement),
        moment,
        None,
        sections=settlement_sections(settlement, owed),
        kind=DecisionKind.SETTLE,
        amount=settlement.amount,
        proposed_by=settlement.proposed_by,
        hearing=hearing,
        hearing_answer=hearing_answer.strip(),
    )
    transitions.run(actor, settlement, "decide", decision, reason=decision.reference)
    hearings.close(settlement, HearingPurpose.LOWER_SETTLEMENT, "Besluit genomen.")
    _even_out(settlement, owed, timezone.localdate(moment))
    applications.mail_on_commit(award.application, "decision")
    return decision


def _close_advances(actor, award, settlement, today):
    """No advance is paid after the settlement; what was not settled goes back under the
    ceiling. Returns the balance between the settled amount and what was paid."""
    rows = list(award.advances.select_for_update())
    if any(advance.state == AdvanceState.BATCHED for advance in rows):
        raise ValidationError(
            "Een voorschot van deze subsidie zit in een betaalbatch. Stel vast als die betaald is."
        )
    for advance in rows:
        if advance.state == AdvanceState.DUE:
            transitions.run(actor, advance, "cancel", reason="Vervalt door de vaststelling.")
    if settlement.is_lower:
        advances.release_unpaid(
            actor,
            award,
            settlement.awarded - settlement.amount,
            f"Lager vastgesteld: {award.decision.reference}",
        )
    paid = sum(
        (advance.amount for advance in rows if advance.state == AdvanceState.PAID), Decimal(0)
    )
    return balance(settlement.amount, paid, today)


def _even_out(settlement, owed, today):
    if owed.to_pay:
        FinalPayment.objects.create(
            settlement=settlement, decision=settlement.decision, amount=owed.to_pay, due_date=today
        )
    if owed.to_recover:
        create_recovery(settlement, owed.to_recover, owed.due_date, today)


def create_recovery(settlement, amount, due_date, today):
    limit = recovery_limit(settlement.decision, today, "vastgesteld")
    return Recovery.objects.create(
        decision=settlement.decision,
        settlement=settlement,
        amount=amount,
        due_date=due_date,
        limit_date=limit,
    )


def recovery_limit(decision, today, done):
    """Awb 4:57 lid 2: the last day to recover, five years after the settlement or the
    revocation `decision`; refuses once it has passed (`done`: what that decision did)."""
    limit = years_later(timezone.localdate(decision.decided_at), RECOVERY_YEARS)
    if today > limit:
        raise ValidationError(
            f"Terugvorderen kan niet meer: de subsidie is meer dan vijf jaar geleden {done} "
            "(artikel 4:57 lid 2 Awb)."
        )
    return limit


def _reasoning(settlement):
    report = settlement.report
    basis = (
        f"Wij stellen de subsidie vast op basis van uw verantwoording over {report.year}."
        if report
        else "U hoefde geen verantwoording te sturen: wij stellen de subsidie direct vast."
    )
    return " ".join(part for part in (basis, settlement.reasoning) if part)


def revisable(decision):
    """A settlement below the award, still in force, can be raised after an objection."""
    award = decision.subject.award
    return (
        decision.amount < award.amount
        and award.state == AwardState.SETTLED
        # The one in force: the latest, once an objection replaced one.
        and taking.latest(award.application, [DecisionKind.SETTLE]) == decision
    )


@dataclass(frozen=True)
class Correction:
    """How raising a settlement reaches the money: the recovery lowered (or cancelled) and
    what is paid on top."""

    recovery: Recovery | None
    recovered_before: Decimal
    to_pay: Decimal
    due_date: date


@transaction.atomic
def revise_on_objection(actor, original, objection, data):
    """Awb 7:11: a founded objection against a settlement: a higher amount replaces it. What
    was released under the ceiling for it is committed again (under the lock; refused where
    the ceiling has no room), the open recovery is lowered or cancelled, and what the
    recipient is owed beyond it becomes a final payment in the next batch. The settlement
    and its letter stay as they were."""
    require(actor, "verantwoording.decide_settlement")
    award = Award.objects.select_for_update().select_related("application__scheme")
    award = award.get(pk=original.subject.award.pk)
    settlement = _lock(award.settlement)
    if not revisable(original):
        raise ValidationError("Deze vaststelling is al vervangen.")
    amount = data.get("amount")
    if amount is None or not original.amount < amount <= award.amount:
        raise ValidationError(
            f"Vul het nieuwe vastgestelde bedrag in: meer dan {euro(original.amount)} en "
            f"hooguit het verleende bedrag ({euro(award.amount)})."
        )
    moment = timezone.now()
    today = timezone.localdate(moment)
    raised = amount - original.amount
    reference = original.reference
    parts = advances.unpaid_parts(award, raised)
    budgets = budget.lock(award.application.scheme, parts, advice=budget.OBJECTION_ADVICE)
    budget.commit(
        actor, budgets, parts, award=award, description=f"Vaststelling verhoogd: {reference}"
    )
    reasoning = decisions.reasoning_after(
        objection,
        original,
        f": wij stellen de subsidie vast op {euro(amount)} in plaats van {euro(original.amount)}",
    )
    correction = _correct_recovery(actor, settlement, raised, today, reasoning)
    award.settled_amount = amount
    save_as(actor, award)
    transitions.record(actor, award, "revise_settlement", award.state, reasoning)
    decision = decisions.record_replacement(
        actor,
        award.application,
        original,
        objection,
        reasoning,
        moment,
        None,
        sections=revised_settlement_sections(original.amount, amount, correction),
        kind=DecisionKind.SETTLE,
        amount=amount,
        proposed_by=None,
    )
    if correction.to_pay:
        FinalPayment.objects.create(
            settlement=settlement, decision=decision, amount=correction.to_pay, due_date=today
        )
    applications.mail_on_commit(award.application, "decision")
    return decision


def _correct_recovery(actor, settlement, raised, today, reason):
    """The recovery of a settlement raised by `raised`: an open one is lowered by it, or
    cancelled; what a written-off one did not collect is not paid either; what is left is
    owed to the recipient."""
    recovery = Recovery.objects.select_for_update().filter(settlement=settlement).first()
    if recovery is None or recovery.state == RecoveryState.PAID:
        return Correction(recovery, Decimal(0), raised, payment_due(today))
    before = recovery.amount
    kept = min(raised, before)
    if recovery.state == RecoveryState.OPEN and kept == before:
        transitions.run(actor, recovery, "cancel", today, reason, reason=reason)
    elif recovery.state == RecoveryState.OPEN:
        recovery.amount = before - kept
        save_as(actor, recovery)
        transitions.record(
            actor, recovery, "lower", recovery.state, f"Verlaagd met {euro(kept)}: {reason}"
        )
    return Correction(recovery, before, raised - kept, payment_due(today))


@transaction.atomic
def record_repayment(actor, recovery, received_on, note=""):
    recovery = Recovery.objects.select_for_update().get(pk=recovery.pk)
    return transitions.run(
        actor, recovery, "mark_paid", received_on, note.strip(), reason=note.strip()
    )


@transaction.atomic
def write_off(actor, recovery, reason):
    if not reason.strip():
        raise ValidationError("Schrijf waarom het bedrag niet meer wordt teruggevorderd.")
    recovery = Recovery.objects.select_for_update().get(pk=recovery.pk)
    return transitions.run(
        actor, recovery, "write_off", timezone.localdate(), reason.strip(), reason=reason.strip()
    )
