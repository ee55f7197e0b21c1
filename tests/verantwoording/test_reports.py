"""Yearly accountability reports (Awb 4:44-4:46): opened by the award's tier, filled in and
submitted by the recipient through the portal, reviewed by the municipality; reminders and
overdue reports on Celery beat, tried with a moved clock."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kern import roles
from subsidie.choices import AccountabilityTier
from subsidie.services import decisions
from tests.conftest import verify_second_factor
from tests.factories import MembershipFactory, SchemeFactory, StaffFactory
from tests.subsidie.helpers import proposed
from verantwoording import tasks
from verantwoording.choices import Measure, ReportState
from verantwoording.models import Report
from verantwoording.services import reports

pytestmark = pytest.mark.django_db


def _granted(amount, **kwargs):
    application = proposed(amount=Decimal(amount), requested_amount=Decimal(amount), **kwargs)
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    application.refresh_from_db()
    return application


def _answers(report, pupils="30", explanation="", **extra):
    """The report form as a recipient fills it in: the plan met, except the pupils."""
    data = {
        f"realised_{figure.measure}": str(figure.planned).replace(".", ",")
        for figure in report.figures.all()
    }
    data |= {f"explanation_{figure.measure}": "" for figure in report.figures.all()}
    data[f"realised_{Measure.PUPILS}"] = pupils
    data[f"explanation_{Measure.PUPILS}"] = explanation
    data |= {f"district_{row.pk}": "12" for row in report.districts.all()}
    data |= {
        "summary": "Het liep goed.",
        "school_cooperation": "Met het Zuiderpark College.",
        "all_supervisors_have_vog": "on",
    }
    return data | extra


def test_a_report_is_submitted_changed_and_accepted_through_the_web(
    django_capture_on_commit_callbacks,
):
    application = _granted("30000", pupils_per_week=30)
    tasks.watch_reports()
    report = Report.objects.get(award=application.award)
    assert report.tier == AccountabilityTier.ACTIVITY_REPORT and report.is_final
    assert report.due_date == datetime(report.year + 1, 3, 31).date()  # 13 weeks after the year
    member = Client()
    member.force_login(application.created_by)
    assert (
        reverse("report_edit", args=[report.pk])
        in member.get(reverse("report_list")).content.decode()
    )
    url = reverse("report_edit", args=[report.pk])

    refused = member.post(
        url, _answers(report, pupils="20", indienen="1"), follow=True
    ).content.decode()
    assert "u wijkt meer dan 10% af van het plan" in refused and "Leg uit waarom" in refused
    report.refresh_from_db()
    assert report.state == ReportState.DUE
    assert report.figures.get(measure=Measure.PUPILS).realised == Decimal("20")  # kept

    explained = _answers(
        report, pupils="20", explanation="De bibliotheek was 6 weken dicht.", indienen="1"
    )
    with django_capture_on_commit_callbacks(execute=True):
        member.post(url, explained)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.submitted_by == application.created_by
    assert any("ontvangen" in message.subject for message in mail.outbox)

    reviewer = verify_second_factor(Client(), StaffFactory(role=roles.REVIEWER))
    review = reverse("report_review", args=[report.pk])
    page = reviewer.get(review).content.decode()
    assert "De bibliotheek was 6 weken dicht." in page and "33%" in page
    no_message = reviewer.post(review, {"besluit": "aanpassen", "message": ""}, follow=True)
    assert "Schrijf wat de organisatie moet weten." in no_message.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(review, {"besluit": "aanpassen", "message": "Vul de wijken per locatie in."})
    report.refresh_from_db()
    assert report.state == ReportState.CHANGES_REQUESTED
    assert "Vul de wijken per locatie in." in mail.outbox[-1].body
    assert "Vul de wijken per locatie in." in member.get(url).content.decode()

    member.post(url, explained)
    reviewer.post(review, {"besluit": "goedkeuren", "message": ""})
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    steps = [line.transition for line in report.transitions.order_by("at", "pk")]
    assert steps == ["submit", "request_changes", "submit", "accept"]
    stranger = Client()
    stranger.force_login(MembershipFactory().user)
    assert stranger.get(url).status_code == 404


def test_a_full_report_needs_the_costs_and_the_auditors_statement():
    scheme = SchemeFactory(financial_report_from=Decimal("20000"))
    application = _granted("30000", scheme=scheme)
    reports.open_reports()
    report = Report.objects.get(award=application.award)
    assert report.needs_financial_report and report.costs.exists()
    member = Client()
    member.force_login(application.created_by)
    url = reverse("report_edit", args=[report.pk])
    member.post(url, _answers(report, indienen="1"))
    errors = reports.completeness_errors(report)
    assert "Vul in het financieel verslag elke kostenpost in." in errors
    assert "Voeg de verklaring van de accountant toe." in errors

    member.post(
        reverse("report_attachment_add", args=[report.pk]),
        {
            "file": SimpleUploadedFile(
                "verklaring.pdf", b"%PDF-1.4 accountant", content_type="application/pdf"
            ),
            "description": "Controleverklaring 2027",
            "is_auditor_statement": "on",
        },
    )
    costs = {f"cost_{row.pk}": "1.250,50" for row in report.costs.all()}
    member.post(url, _answers(report, indienen="1", **costs))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert {row.realised for row in report.costs.all()} == {Decimal("1250.50")}


def test_small_awards_are_settled_directly_without_a_report():
    application = _granted("10000")
    assert application.award.tier == AccountabilityTier.DIRECT
    assert reports.open_reports() == 0


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(6, 30)))


def test_recipients_are_reminded_and_late_reports_are_flagged(django_capture_on_commit_callbacks):
    application = _granted("30000")
    reports.open_reports()
    report = Report.objects.get(award=application.award)
    reviewer = StaffFactory(role=roles.REVIEWER)
    for before in (timedelta(weeks=4), timedelta(weeks=1)):
        mail.outbox.clear()
        with time_machine.travel(_at(report.due_date - before), tick=False):
            tasks.watch_reports()
            tasks.watch_reports()  # a second run the same day sends nothing more
        reminders = [m for m in mail.outbox if m.subject.startswith("Herinnering")]
        assert len(reminders) == 1 and application.organisation.contact_email in reminders[0].to

    mail.outbox.clear()
    with (
        time_machine.travel(_at(report.due_date + timedelta(days=1)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.watch_reports()
    report.refresh_from_db()
    assert report.state == ReportState.OVERDUE
    overdue = next(m for m in mail.outbox if "te laat" in m.subject)
    assert reviewer.email in overdue.to and application.award.decision.reference in overdue.body
    line = report.transitions.get(transition="become_overdue")
    assert line.actor is None


def test_a_report_is_reviewed_only_once_it_is_submitted():
    application = _granted("30000")
    reports.open_reports()
    report = Report.objects.get(award=application.award)
    with pytest.raises(ValidationError, match="Dit kan niet bij een verantwoording"):
        reports.accept_report(StaffFactory(role=roles.REVIEWER), report)
    with pytest.raises(Exception, match="U hoort niet bij deze organisatie"):
        reports.submit_report(MembershipFactory().user, report)
