"""The municipality's overview per scheme and year: the ceiling and what was granted, paid
and is still free; pupils reached against the plan, per district; where the reports stand.
Every figure is a sum in the database, so the page and the records cannot disagree."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from subsidie.choices import AdvanceState, LedgerKind, SchemeKind
from subsidie.models import Advance, Award, SchemeBudget
from verantwoording.choices import Measure, RecoveryState, ReportState, SettlementState
from verantwoording.models import Recovery, Report, ReportDistrict, ReportFigure, Settlement
from verantwoording.services.settlements import shares

ZERO = Decimal(0)
SCHEME = "award__application__scheme"
# An award whose locations lie in no known district is counted here; an award over several
# districts is split evenly over them, exact to the cent.
UNKNOWN_DISTRICT = "wijk onbekend"
# Readers of the page and the workbook would otherwise take a district's share as exact.
DISTRICT_SPLIT_NOTE = (
    "Heeft een subsidie plekken in meer wijken, dan telt elke wijk voor een gelijk deel. "
    f"Plekken zonder bekende wijk staan onder ‘{UNKNOWN_DISTRICT}’."
)


@dataclass
class SchemeYear:
    scheme: object
    ceiling: Decimal
    granted: Decimal
    advanced: Decimal = ZERO
    settled: Decimal = ZERO
    recovered: Decimal = ZERO
    reports: dict = field(default_factory=dict)
    pupils_planned: Decimal = ZERO
    pupils_reached: Decimal = ZERO
    districts: list = field(default_factory=list)
    # (district, granted, settled) of the awards whose period ended in the year.
    money_by_district: list = field(default_factory=list)

    @property
    def remaining(self):
        return self.ceiling - self.granted


def overview(year):
    budgets = (
        SchemeBudget.objects.filter(year=year)
        .exclude(scheme__kind=SchemeKind.VOUCHERS)
        .select_related("scheme")
        .annotate(
            committed=Sum(
                "entries__amount", filter=Q(entries__kind=LedgerKind.COMMITMENT), default=ZERO
            ),
            released=Sum(
                "entries__amount", filter=Q(entries__kind=LedgerKind.RELEASE), default=ZERO
            ),
        )
        .order_by("scheme__name")
    )
    rows = {
        budget.scheme_id: SchemeYear(
            budget.scheme, budget.ceiling, budget.committed - budget.released
        )
        for budget in budgets
    }
    _add_advances(rows, year)
    _add_settlements(rows, year)
    _add_reports(rows, year)
    return list(rows.values())


def _add_settlements(rows, year):
    """Settled and paid back (after a settlement or a revocation) for the awards whose
    period ended in the year."""
    decided = Settlement.objects.filter(state=SettlementState.DECIDED, award__period_end__year=year)
    for entry in decided.values(SCHEME).annotate(total=Sum("amount")):
        if entry[SCHEME] in rows:
            rows[entry[SCHEME]].settled = entry["total"]
    paid_back = Recovery.objects.filter(
        state=RecoveryState.PAID, decision__application__award__period_end__year=year
    )
    scheme = "decision__application__scheme"
    for entry in paid_back.values(scheme).annotate(total=Sum("amount")):
        if entry[scheme] in rows:
            rows[entry[scheme]].recovered = entry["total"]
    by_district = defaultdict(lambda: defaultdict(lambda: [ZERO, ZERO]))
    awards = Award.objects.filter(period_end__year=year).select_related("settlement")
    for award in awards.prefetch_related("application__locations__district"):
        names = sorted(
            {loc.district.name for loc in award.application.locations.all() if loc.district}
        ) or [UNKNOWN_DISTRICT]
        decision = getattr(award, "settlement", None)
        final = decision.amount if decision and decision.state == SettlementState.DECIDED else ZERO
        for name, granted, settled in zip(
            names,
            shares(award.amount, [1] * len(names)),
            shares(final, [1] * len(names)) if final else [ZERO] * len(names),
            strict=True,
        ):
            sums = by_district[award.application.scheme_id][name]
            sums[0] += granted
            sums[1] += settled
    for scheme_id, districts in by_district.items():
        if scheme_id in rows:
            rows[scheme_id].money_by_district = [
                (name, granted, settled) for name, (granted, settled) in sorted(districts.items())
            ]


def _add_advances(rows, year):
    paid = (
        Advance.objects.filter(state=AdvanceState.PAID, due_date__year=year)
        .values(SCHEME)
        .annotate(total=Sum("amount"))
    )
    for entry in paid:
        if entry[SCHEME] in rows:
            rows[entry[SCHEME]].advanced = entry["total"]


def _add_reports(rows, year):
    scheme = SCHEME
    for entry in Report.objects.filter(year=year).values(scheme, "state").annotate(n=Count("pk")):
        if entry[scheme] in rows:
            rows[entry[scheme]].reports[ReportState(entry["state"]).label] = entry["n"]
    pupils = (
        ReportFigure.objects.filter(report__year=year, measure=Measure.PUPILS)
        .values(f"report__{scheme}")
        .annotate(planned=Sum("planned"), reached=Sum("realised"))
    )
    for entry in pupils:
        row = rows.get(entry[f"report__{scheme}"])
        if row:
            row.pupils_planned, row.pupils_reached = entry["planned"], entry["reached"] or ZERO
    districts = defaultdict(list)
    reached = (
        ReportDistrict.objects.filter(report__year=year)
        .values(f"report__{scheme}", "district__name")
        .annotate(pupils=Sum("pupils"))
        .order_by("district__name")
    )
    for entry in reached:
        districts[entry[f"report__{scheme}"]].append(
            (entry["district__name"], entry["pupils"] or 0)
        )
    for scheme_id, row in rows.items():
        row.districts = districts.get(scheme_id, [])
