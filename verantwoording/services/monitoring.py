"""The municipality's overview per scheme and year: the ceiling and what was granted, paid
and is still free; pupils reached against the plan, per district; where the reports stand.
Every figure is a sum in the database, so the page and the records cannot disagree."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from subsidie.choices import AdvanceState, LedgerKind, SchemeKind
from subsidie.models import Advance, SchemeBudget
from verantwoording.choices import Measure, ReportState
from verantwoording.models import Report, ReportDistrict, ReportFigure

ZERO = Decimal(0)
SCHEME = "award__application__scheme"


@dataclass
class SchemeYear:
    scheme: object
    ceiling: Decimal
    granted: Decimal
    advanced: Decimal = ZERO
    reports: dict = field(default_factory=dict)
    pupils_planned: Decimal = ZERO
    pupils_reached: Decimal = ZERO
    districts: list = field(default_factory=list)

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
    _add_reports(rows, year)
    return list(rows.values())


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
