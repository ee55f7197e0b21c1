"""Accountability reports: opened for every award year by the award's tier, filled in and
submitted by the recipient, reviewed by the municipality; reminders and overdue reports on
Celery beat."""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kern import transitions
from kern.money import quantity
from kern.permissions import require
from kern.validators import validate_upload
from subsidie.choices import AccountabilityTier, AwardState, BudgetLineKind
from subsidie.models import Award
from subsidie.services import awards
from verantwoording import tasks
from verantwoording.choices import Measure, ReportState
from verantwoording.models import (
    Report,
    ReportAttachment,
    ReportCost,
    ReportDistrict,
    ReportFigure,
)

# Awards that still owe their reports.
RUNNING = (AwardState.GRANTED, AwardState.ACTIVE, AwardState.REPORT_DUE)
REMIND_BEFORE = (timedelta(weeks=4), timedelta(weeks=1))

_PLANNED = {
    Measure.PUPILS: "pupils_per_week",
    Measure.HOURS: "hours_per_week",
    Measure.WEEKS: "weeks_per_year",
    Measure.VOLUNTEERS: "volunteers",
    Measure.PAID_SUPERVISORS: "paid_supervisors",
}


def open_reports():
    """Every award that must report gets one report per calendar year of its period (the
    last one settles the whole award). Returns how many reports were opened."""
    running = (
        Award.objects.filter(state__in=RUNNING)
        .exclude(tier=AccountabilityTier.DIRECT)
        .filter(reports__isnull=True)
        .select_related("application__scheme")
    )
    return sum(len(open_for(award)) for award in running)


@transaction.atomic
def open_for(award):
    application = award.application
    years = range(award.period_start.year, award.period_end.year + 1)
    opened = []
    for year in years:
        report, created = Report.objects.get_or_create(
            award=award,
            year=year,
            defaults={
                "tier": award.tier,
                "due_date": awards.report_due(application.scheme, year),
                "is_final": year == years[-1],
            },
        )
        if created:
            _fill(report, application)
            opened.append(report)
    return opened


@transaction.atomic
def request_evidence(award, due):
    """A direct-settlement award drawn in the sample shows what it did, as a report."""
    report = Report.objects.create(
        award=award, year=award.period_end.year, tier=award.tier, due_date=due, is_final=True
    )
    _fill(report, award.application)
    _mail_on_commit(report, "evidence")
    return report


def _fill(report, application):
    ReportFigure.objects.bulk_create(
        ReportFigure(report=report, measure=measure, planned=getattr(application, field) or 0)
        for measure, field in _PLANNED.items()
    )
    districts = {location.district for location in application.locations.all() if location.district}
    ReportDistrict.objects.bulk_create(
        ReportDistrict(report=report, district=district) for district in districts
    )
    if report.needs_financial_report:
        ReportCost.objects.bulk_create(
            ReportCost(report=report, budget_line=line)
            for line in application.budget_lines.filter(kind=BudgetLineKind.COST)
        )


def _editable(actor, report):
    require(actor, "verantwoording.act_for_report", report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.is_editable:
        raise ValidationError(
            "Deze verantwoording is ingediend. U kunt haar alleen aanpassen als de gemeente "
            "daarom vraagt."
        )
    return report


@transaction.atomic
def save_report(
    actor,
    report,
    *,
    summary,
    school_cooperation,
    all_supervisors_have_vog,
    figures,
    districts,
    costs,
):
    """figures: {measure: (realised, explanation)}; districts: {row id: pupils}; costs:
    {row id: realised}. Saved as they are, also incomplete: submitting checks them."""
    report = _editable(actor, report)
    report.summary = summary
    report.school_cooperation = school_cooperation
    report.all_supervisors_have_vog = all_supervisors_have_vog
    report.save()
    for figure in report.figures.all():
        figure.realised, figure.explanation = figures.get(figure.measure, (None, ""))
        figure.save()
    for row in report.districts.all():
        row.pupils = districts.get(row.pk)
        row.save()
    for row in report.costs.all():
        row.realised = costs.get(row.pk)
        row.save()
    return report


@transaction.atomic
def add_attachment(actor, report, uploaded, description, is_auditor_statement=False):
    report = _editable(actor, report)
    content_type = validate_upload(uploaded)
    return ReportAttachment.objects.create(
        report=report,
        file=uploaded,
        original_name=Path(uploaded.name).name[:200],
        content_type=content_type,
        description=description,
        is_auditor_statement=is_auditor_statement,
        uploaded_by=actor,
    )


def completeness_errors(report):
    """What must be there before the report can be submitted, in plain Dutch."""
    limit = report.award.application.scheme.deviation_percentage
    errors = []
    for figure in report.figures.all():
        deviation = figure.deviation()
        if deviation is None:
            errors.append(f"Vul in hoeveel {figure.get_measure_display()} het werkelijk waren.")
        elif deviation > limit and not figure.explanation.strip():
            errors.append(
                f"{figure.get_measure_display().capitalize()}: u wijkt meer dan {limit}% af van "
                f"het plan ({quantity(figure.planned)} gepland, {quantity(figure.realised)} "
                "gerealiseerd). "
                "Leg uit waarom."
            )
    if any(row.pupils is None for row in report.districts.all()):
        errors.append("Vul per wijk in hoeveel leerlingen u bereikte (0 mag).")
    if report.tier == AccountabilityTier.DIRECT and not report.attachments.exists():
        errors.append(
            "Voeg het bewijs toe waar de gemeente om vroeg, bijvoorbeeld presentielijsten."
        )
    if report.needs_financial_report:
        if any(row.realised is None for row in report.costs.all()):
            errors.append("Vul in het financieel verslag elke kostenpost in.")
        if not report.attachments.filter(is_auditor_statement=True).exists():
            errors.append("Voeg de verklaring van de accountant toe.")
    return errors


@transaction.atomic
def submit_report(actor, report):
    report = _editable(actor, report)
    errors = completeness_errors(report)
    if errors:
        raise ValidationError(errors)
    transitions.run(actor, report, "submit", actor, timezone.now())
    _mail_on_commit(report, "submitted")
    return report


@transaction.atomic
def request_changes(actor, report, message):
    return _review(actor, report, "request_changes", message)


@transaction.atomic
def accept_report(actor, report):
    return _review(actor, report, "accept")


@transaction.atomic
def reject_report(actor, report, message):
    return _review(actor, report, "reject", message)


def _review(actor, report, name, message=None):
    require(actor, "verantwoording.review_report")
    if message is not None and not message.strip():
        raise ValidationError("Schrijf wat de organisatie moet weten.")
    report = Report.objects.select_for_update().get(pk=report.pk)
    args = () if message is None else (message,)
    transitions.run(actor, report, name, *args, reason=message or "")
    _mail_on_commit(report, name)
    return report


def expect_reports(today):
    """Daily: an award whose period has ended is now accounted for and then settled."""
    ended = Award.objects.filter(
        state__in=(AwardState.GRANTED, AwardState.ACTIVE), period_end__lt=today
    )
    for pk in ended.values_list("pk", flat=True):
        with transaction.atomic():
            award = Award.objects.select_for_update().get(pk=pk)
            transitions.run(None, award, "expect_report", reason="De subsidieperiode is voorbij.")


def mark_overdue(today):
    """Daily: reports past their due date are overdue; the reviewers are told."""
    late = Report.objects.filter(state=ReportState.DUE, due_date__lt=today)
    marked = []
    for pk in late.values_list("pk", flat=True):
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=pk)
            transitions.run(None, report, "become_overdue", reason="Niet op tijd ingediend.")
            marked.append(report)
    if marked:
        transaction.on_commit(lambda: tasks.send_overdue_mail.delay([r.pk for r in marked]))
    return marked


def remind(today):
    """Daily: four weeks and one week before the due date the recipient is reminded."""
    due = Report.objects.filter(
        state__in=(ReportState.DUE, ReportState.CHANGES_REQUESTED),
        due_date__in=[today + before for before in REMIND_BEFORE],
    ).exclude(reminded_on=today)
    reminded = list(due.values_list("pk", flat=True))
    due.update(reminded_on=today)
    for pk in reminded:
        tasks.send_report_mail.delay(pk, "reminder")
    return reminded


def _mail_on_commit(report, kind):
    transaction.on_commit(lambda: tasks.send_report_mail.delay(report.pk, kind))
