"""The budget ceiling (subsidieplafond, Awb 4:25-4:27) and its ledger.

Every movement of money against a ceiling is one ledger entry, written by `_entry` after the
year's budget row is locked, whichever way the money goes: a commitment waits for a
concurrent release and the other way round, so the sums a check reads are never stale. Rows
are locked in year order, so two grants over the same years cannot deadlock.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum

from kern.money import euro
from subsidie.choices import LedgerKind
from subsidie.models import LedgerEntry, SchemeBudget


class CeilingReached(ValidationError):
    pass


REFUSE_ADVICE = (
    "Wijs de aanvraag af omdat het plafond bereikt is (artikel 4:25 Algemene wet bestuursrecht)."
)

# A founded objection that needs money the ceiling no longer has waits for room (a higher
# ceiling, a release) instead of going above it (Awb 4:25 lid 2 binds the revision as well).
OBJECTION_ADVICE = (
    "Er is geen ruimte voor het nieuwe besluit. Zorg eerst voor ruimte onder het plafond, "
    "bijvoorbeeld met een hoger plafond, en beslis dan op het bezwaar."
)


def lock(scheme, amounts, advice=REFUSE_ADVICE):
    """Locks the ceilings of the years in `amounts` ([(year, amount)]) and checks each year
    has room for its amount; returns the locked budgets by year. `advice`: what the decision
    maker can do where a year has no room."""
    budgets = {
        budget.year: budget
        for budget in SchemeBudget.objects.select_for_update()
        .filter(scheme=scheme, year__in=[year for year, _ in amounts])
        .order_by("year")
    }
    for year, amount in amounts:
        budget = budgets.get(year)
        if budget is None:
            raise ValidationError(f"Er is geen subsidieplafond voor {year} vastgesteld.")
        left = available(budget)
        if amount > left:
            raise CeilingReached(
                f"Het subsidieplafond voor {year} is bereikt: er is nog {euro(left)} "
                f"beschikbaar en dit besluit vraagt {euro(amount)}. {advice}"
            )
    return budgets


def commit(actor, budgets, amounts, *, award=None, description=""):
    """Books commitments on budgets the caller locked with `lock`, and checked: by `lock`
    itself, or by reading `available` while holding the lock."""
    return [
        _entry(actor, budgets[year], LedgerKind.COMMITMENT, amount, award, description)
        for year, amount in amounts
    ]


@transaction.atomic
def release_to_budget(actor, scheme, year, amount, description, award=None):
    """Gives an amount back to a year's ceiling (expired vouchers, a revoked award, a lower
    settlement)."""
    budget = lock(scheme, [(year, Decimal(0))])[year]
    return _entry(actor, budget, LedgerKind.RELEASE, amount, award, description)


def _entry(actor, budget, kind, amount, award, description):
    return LedgerEntry.objects.create(
        budget=budget,
        kind=kind,
        amount=amount,
        award=award,
        description=description,
        created_by=actor,
    )


def room_in_budget(scheme, year):
    """What is left under a year's ceiling, read without a lock (for pages and ranking)."""
    return available(SchemeBudget.objects.filter(scheme=scheme, year=year).first())


def available(budget):
    """What is left under one year's ceiling: the ceiling less commitments plus releases."""
    if budget is None:
        return Decimal(0)
    totals = budget.entries.aggregate(
        committed=Sum("amount", filter=Q(kind=LedgerKind.COMMITMENT), default=Decimal(0)),
        released=Sum("amount", filter=Q(kind=LedgerKind.RELEASE), default=Decimal(0)),
    )
    return budget.ceiling - totals["committed"] + totals["released"]


def budget_overview(scheme):
    """(budget, used, left) for each year's ceiling."""
    overview = []
    for budget in scheme.budgets.all():
        left = available(budget)
        overview.append((budget, budget.ceiling - left, left))
    return overview
