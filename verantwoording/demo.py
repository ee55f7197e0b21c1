"""The demo's grants owe their reports (kern.demo runs this after the grants); the one whose
period has ended has its report sent as planned and accepted, ready to settle."""

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from subsidie.choices import AwardState
from verantwoording.choices import ReportState
from verantwoording.models import Report
from verantwoording.services import reports


def load_reports(data):
    reports.open_reports()
    reports.expect_reports(timezone.localdate())
    reviewer = get_user_model().objects.get(username="beoordelaar")
    due = Report.objects.filter(
        award__state=AwardState.REPORT_DUE, state__in=(ReportState.DUE, ReportState.OVERDUE)
    ).select_related("award__application__created_by")
    for report in due:
        _as_planned(report)
        reports.submit_report(report.award.application.created_by, report)
        reports.accept_report(reviewer, report)


def _as_planned(report):
    report.figures.update(realised=F("planned"))
    report.districts.update(pupils=12)
    for row in report.costs.select_related("budget_line"):
        row.realised = row.budget_line.amount
        row.save()
