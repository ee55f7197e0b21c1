"""Assessing and deciding: reviews, ranking, proposals, decisions, awards and the budget.

The budget ceiling is guarded here. Granting locks the scheme's budget rows for the award's
years (always in year order, so two grants cannot deadlock), sums the ledger and refuses
what does not fit; a concurrent grant waits for the lock and then sees the new entries.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from subsidie import letters, roles, services
from subsidie.choices import (
    AccountabilityTier,
    AllocationMethod,
    ApplicationState,
    LedgerKind,
    Outcome,
)
from subsidie.models import (
    Advance,
    Application,
    Award,
    AwardTranche,
    CriterionScore,
    Decision,
    LedgerEntry,
    Review,
    SchemeBudget,
)
from subsidie.money import euro
from subsidie.roles import require_role

CENT = Decimal("0.01")


class CeilingReached(ValidationError):
    pass


# --- reviews and ranking ------------------------------------------------------------------


@transaction.atomic
def save_review(actor, application, advice, recommendation, scores):
    """scores: {criterion: score}; one review per reviewer, replaced when saved again."""
    require_role(actor, roles.REVIEWER)
    if application.state != ApplicationState.IN_REVIEW:
        raise ValidationError("U kunt alleen een aanvraag beoordelen die in behandeling is.")
    for criterion, score in scores.items():
        if not 0 <= score <= criterion.max_score:
            raise ValidationError(
                f"Geef voor ‘{criterion}’ een score van 0 tot {criterion.max_score}."
            )
    review, _ = Review.objects.update_or_create(
        application=application,
        reviewer=actor,
        defaults={"advice": advice, "recommendation": recommendation},
    )
    review.scores.all().delete()
    CriterionScore.objects.bulk_create(
        CriterionScore(review=review, criterion=criterion, score=score)
        for criterion, score in scores.items()
    )
    return review


@dataclass
class RankedApplication:
    application: Application
    score: Decimal
    cumulative: Decimal
    fits: bool


def ranking(scheme):
    """Reviewed applications by average weighted score; the allocation follows this order
    until the first year's ceiling is used up."""
    applications = (
        Application.objects.filter(
            scheme=scheme,
            state__in=[ApplicationState.IN_REVIEW, ApplicationState.PROPOSED],
        )
        .select_related("organisation")
        .prefetch_related("reviews__scores__criterion")
    )
    scored = [(application, _average_score(application)) for application in applications]
    scored.sort(key=lambda pair: (-pair[1], pair[0].complete_at or timezone.now()))
    available = room_in_budget(scheme, _first_year(scheme))
    cumulative, ranked = Decimal(0), []
    for application, score in scored:
        cumulative += application.requested_amount or 0
        ranked.append(RankedApplication(application, score, cumulative, cumulative <= available))
    return ranked


def _average_score(application):
    reviews = list(application.reviews.all())
    if not reviews:
        return Decimal(0)
    total = sum(Decimal(review.weighted_score) for review in reviews)
    return (total / len(reviews)).quantize(CENT)


def _first_year(scheme):
    return timezone.localtime(scheme.closes_at).year


# --- proposals ---------------------------------------------------------------------------


@transaction.atomic
def propose(actor, application, outcome, amount, reasoning):
    require_role(actor, roles.REVIEWER, roles.DECISION_MAKER)
    application = services.lock(application)
    if outcome == Outcome.GRANT:
        _check_grant_proposal(application, amount)
    return services.apply_transition(
        application, actor, application.propose, actor, outcome, amount, reasoning, reason=reasoning
    )


def _check_grant_proposal(application, amount):
    if amount is None or amount <= 0:
        raise ValidationError("Vul het bedrag in dat u wilt verlenen.")
    if amount > application.requested_amount:
        raise ValidationError("U kunt niet meer verlenen dan is aangevraagd.")
    scheme = application.scheme
    if scheme.allocation == AllocationMethod.RANKING:
        if scheme.is_open(timezone.now()):
            raise ValidationError(
                "Bij deze regeling wordt gerangschikt: stel pas een besluit voor als de "
                "aanvraagperiode voorbij is."
            )
        ranked = {entry.application.pk: entry for entry in ranking(scheme)}
        if not ranked.get(application.pk, RankedApplication(None, 0, 0, False)).fits:
            raise ValidationError(
                "Deze aanvraag valt in de rangschikking buiten het subsidieplafond. Stel een "
                "afwijzing voor."
            )


@transaction.atomic
def return_to_review(actor, application, reason):
    require_role(actor, roles.DECISION_MAKER)
    application = services.lock(application)
    return services.apply_transition(
        application, actor, application.return_to_review, reason=reason
    )


# --- decisions ---------------------------------------------------------------------------


@transaction.atomic
def decide(actor, application):
    """Takes the proposed decision: four-eyes above the threshold, ceiling for grants."""
    require_role(actor, roles.DECISION_MAKER)
    application = services.lock(application)
    _check_four_eyes(actor, application)
    granting = application.proposed_outcome == Outcome.GRANT
    # The ceiling is checked (and its rows locked) before the letter is written, so a
    # refused grant leaves no document behind.
    plan = _award_plan(application, timezone.now()) if granting else None
    budgets = _locked_budgets(application.scheme, plan.tranches) if granting else None
    change = application.grant if granting else application.reject
    services.apply_transition(application, actor, change, reason=application.proposal_reasoning)
    decision = _record_decision(actor, application, application.proposal_reasoning)
    if granting:
        _award(actor, application, decision, plan, budgets)
    services.mail_on_commit(application, "decision")
    return decision


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
    require_role(actor, roles.DECISION_MAKER)
    application = services.lock(application)
    request = application.information_requests.filter(answered_at__isnull=True).first()
    reasoning = (
        f"Wij vroegen u op {timezone.localtime(request.requested_at):%d-%m-%Y} om uw aanvraag "
        f"aan te vullen vóór {request.due_date:%d-%m-%Y}: {request.message} Wij hebben de "
        "aanvulling niet op tijd ontvangen. Daarom nemen wij uw aanvraag niet in behandeling "
        "(artikel 4:5 Algemene wet bestuursrecht)."
        if request
        else ""
    )
    services.apply_transition(
        application, actor, application.declare_not_processed, reason=reasoning
    )
    application.proposed_outcome = Outcome.NOT_PROCESSED
    decision = _record_decision(actor, application, reasoning)
    services.mail_on_commit(application, "decision")
    return decision


def _record_decision(actor, application, reasoning):
    moment = timezone.now()
    decision = Decision(
        application=application,
        reference=f"BS-{moment:%Y}-{application.pk:05d}-{application.decisions.count() + 1}",
        outcome=application.proposed_outcome,
        amount=application.decision_amount,
        reasoning=reasoning,
        proposed_by=application.proposed_by,
        decided_by=actor,
        decided_at=moment,
    )
    content = letters.decision_letter(decision, plan=_award_plan(application, moment))
    letters.attach(decision, content)
    decision.save()
    return decision


# --- awards, budget and advances ----------------------------------------------------------


@dataclass
class AwardPlan:
    tranches: list
    advances: list
    tier: str
    report_due: list


def _award_plan(application, moment):
    if application.decision_amount is None:
        return None
    scheme, amount = application.scheme, application.decision_amount
    start, end = application.period_start, application.period_end
    return AwardPlan(
        tranches=split_by_year(amount, start, end),
        advances=advance_schedule(amount, start, end, timezone.localdate(moment), scheme),
        tier=tier_for(amount, scheme),
        report_due=[
            date(year + 1, 1, 1) + timedelta(weeks=13) for year in range(start.year, end.year + 1)
        ],
    )


def _award(actor, application, decision, plan, budgets):
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
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            budget=budgets[year],
            kind=LedgerKind.COMMITMENT,
            amount=amount,
            award=award,
            created_by=actor,
        )
        for year, amount in plan.tranches
    )
    Advance.objects.bulk_create(
        Advance(award=award, number=number, due_date=due, amount=amount)
        for number, (due, amount) in enumerate(plan.advances, start=1)
    )
    return award


def _locked_budgets(scheme, tranches):
    """Locks the ceilings of the award's years, in year order, and checks each has room."""
    budgets = {
        budget.year: budget
        for budget in SchemeBudget.objects.select_for_update()
        .filter(scheme=scheme, year__in=[year for year, _ in tranches])
        .order_by("year")
    }
    for year, amount in tranches:
        budget = budgets.get(year)
        if budget is None:
            raise ValidationError(f"Er is geen subsidieplafond voor {year} vastgesteld.")
        available = _available(budget)
        if amount > available:
            raise CeilingReached(
                f"Het subsidieplafond voor {year} is bereikt: er is nog {euro(available)} "
                f"beschikbaar en dit besluit vraagt {euro(amount)}. Wijs de aanvraag af omdat "
                "het plafond bereikt is (artikel 4:25 Algemene wet bestuursrecht)."
            )
    return budgets


@transaction.atomic
def commit_to_budget(actor, scheme, year, amount, description):
    """Takes an amount from a year's ceiling outside the grant flow (vouchers); refuses what
    does not fit. The caller's transaction holds the lock until it commits."""
    budget = _locked_budgets(scheme, [(year, amount)])[year]
    return LedgerEntry.objects.create(
        budget=budget,
        kind=LedgerKind.COMMITMENT,
        amount=amount,
        description=description,
        created_by=actor,
    )


def room_in_budget(scheme, year, lock=False):
    """What is left under a year's ceiling; with lock=True the row stays locked."""
    budgets = SchemeBudget.objects.filter(scheme=scheme, year=year)
    return _available((budgets.select_for_update() if lock else budgets).first())


def release_to_budget(actor, scheme, year, amount, description):
    budget = SchemeBudget.objects.get(scheme=scheme, year=year)
    return LedgerEntry.objects.create(
        budget=budget,
        kind=LedgerKind.RELEASE,
        amount=amount,
        description=description,
        created_by=actor,
    )


def _available(budget):
    if budget is None:
        return Decimal(0)
    totals = budget.entries.aggregate(
        committed=Sum("amount", filter=Q(kind=LedgerKind.COMMITMENT), default=Decimal(0)),
        released=Sum("amount", filter=Q(kind=LedgerKind.RELEASE), default=Decimal(0)),
    )
    return budget.ceiling - totals["committed"] + totals["released"]


def budget_overview(scheme):
    return [
        (budget, budget.ceiling - _available(budget), _available(budget))
        for budget in scheme.budgets.all()
    ]


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
