"""What a grant becomes: yearly tranches against the ceilings, advances and the
accountability tier (Regeling OCW-subsidies art. 11-23, with the amounts as scheme data)."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from kern import terms, transitions
from kern.audit import save_as
from kern.money import euro
from subsidie import letters
from subsidie.choices import AccountabilityTier, AdvanceState
from subsidie.models import Advance, Award, AwardTranche
from subsidie.services import budget

CENT = Decimal("0.01")


@dataclass
class AwardPlan:
    tranches: list
    advances: list
    tier: str
    report_due: list


def plan_for(application, moment):
    """What granting the proposed amount at this moment sets in motion; None if nothing is
    granted."""
    if application.decision_amount is None:
        return None
    scheme, amount = application.scheme, application.decision_amount
    start, end = application.period_start, application.period_end
    return AwardPlan(
        tranches=split_by_year(amount, start, end),
        advances=advance_schedule(amount, start, end, timezone.localdate(moment), scheme),
        tier=tier_for(amount, scheme),
        report_due=[report_due(scheme, year) for year in range(start.year, end.year + 1)],
    )


def report_due(scheme, year):
    """The accountability report of a year is due the scheme's weeks after it ended."""
    return terms.after(date(year, 12, 31), weeks=scheme.report_due_weeks)


def create_award(actor, application, decision, plan, budgets):
    """The award with its tranches, budget commitments and advances; the caller holds the
    budget rows locked (`budget.lock`)."""
    award = Award.objects.create(
        application=application,
        decision=decision,
        amount=decision.amount,
        period_start=application.period_start,
        period_end=application.period_end,
        tier=plan.tier,
        obligations=letters.obligations_text(application.scheme, plan.tier),
    )
    AwardTranche.objects.bulk_create(
        AwardTranche(award=award, year=year, amount=amount) for year, amount in plan.tranches
    )
    budget.commit(actor, budgets, plan.tranches, award=award)
    Advance.objects.bulk_create(
        Advance(award=award, number=number, due_date=due, amount=amount)
        for number, (due, amount) in enumerate(plan.advances, start=1)
    )
    return award


def raise_award(actor, award, raised, parts, budgets, moment, reason):
    """An award raised by `raised` after an objection: its tranches by `parts` ([(year,
    amount)]), committed on the `budgets` the caller locked, and paid as one more advance
    from today. The accountability tier stays the one the award's letter set. Returns the
    plan the new letter describes."""
    shares = dict(parts)
    tranches = list(award.tranches.select_for_update().order_by("year"))
    for tranche in tranches:
        tranche.amount += shares.get(tranche.year, Decimal(0))
    AwardTranche.objects.bulk_update(tranches, ["amount"])
    budget.commit(actor, budgets, parts, award=award, description=reason)
    award.amount += raised
    save_as(actor, award)
    transitions.record(actor, award, "raise", award.state, f"Verhoogd met {euro(raised)}: {reason}")
    today = timezone.localdate(moment)
    Advance.objects.create(
        award=award, number=award.advances.count() + 1, due_date=today, amount=raised
    )
    due = award.advances.filter(state=AdvanceState.DUE).order_by("due_date", "number")
    return AwardPlan(
        tranches=[(tranche.year, tranche.amount) for tranche in tranches],
        advances=[(advance.due_date, advance.amount) for advance in due],
        tier=award.tier,
        report_due=[
            report_due(award.application.scheme, year)
            for year in range(award.period_start.year, award.period_end.year + 1)
        ],
    )


def tier_for(amount, scheme):
    if amount < scheme.direct_settlement_below:
        return AccountabilityTier.DIRECT
    if amount < scheme.financial_report_from:
        return AccountabilityTier.ACTIVITY_REPORT
    return AccountabilityTier.FULL


def split_by_year(amount, start, end):
    """The amount over the calendar years of the period, in proportion to the days."""
    spans = [
        (year, (min(end, date(year, 12, 31)) - max(start, date(year, 1, 1))).days + 1)
        for year in range(start.year, end.year + 1)
    ]
    total_days = sum(days for _, days in spans)
    parts = [(amount * days / total_days).quantize(CENT, ROUND_HALF_UP) for _, days in spans]
    parts[-1] = amount - sum(parts[:-1])
    return [(year, part) for (year, _), part in zip(spans, parts, strict=True)]


def advance_schedule(amount, start, end, decided_on, scheme):
    """One advance below the scheme's limit, else equal parts each quarter of the period;
    nothing is paid before the decision (Awb 4:87: within six weeks after it)."""
    if amount < scheme.single_advance_below:
        return [(decided_on, amount)]
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    quarters = max(1, -(-months // 3))
    part = (amount / quarters).quantize(CENT, ROUND_HALF_UP)
    parts = [part] * (quarters - 1) + [amount - part * (quarters - 1)]
    return [
        (max(decided_on, _add_months(start, 3 * index)), value) for index, value in enumerate(parts)
    ]


def _add_months(day, months):
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)
