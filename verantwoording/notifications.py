"""E-mails about accountability reports. Sent from Celery tasks."""

from django.urls import reverse

from kern import roles
from kern.mail import send, site_url
from verantwoording.models import Notice, Report

_SUBJECTS = {
    "reminder": "Herinnering: stuur uw verantwoording {year} vóór {due}",
    "submitted": "Wij hebben uw verantwoording {year} ontvangen",
    "request_changes": "Pas uw verantwoording {year} aan",
    "accept": "Uw verantwoording {year} is goedgekeurd",
    "reject": "Uw verantwoording {year} is afgekeurd",
    "evidence": "Steekproef: laat zien wat u deed met uw subsidie (vóór {due})",
}


def send_report_mail(report_id, kind):
    """To the recipient: its contact and whoever submitted."""
    report = Report.objects.select_related("award__application__organisation").get(pk=report_id)
    application = report.award.application
    recipients = {application.organisation.contact_email, application.created_by.email}
    if report.submitted_by:
        recipients.add(report.submitted_by.email)
    context = {
        "report": report,
        "application": application,
        "link": site_url(reverse("report_edit", args=[report.pk])),
    }
    subject = _SUBJECTS[kind].format(year=report.year, due=f"{report.due_date:%d-%m-%Y}")
    send(subject, f"verantwoording/mail/{kind}.txt", context, sorted(recipients - {""}))


def send_overdue_mail(report_ids):
    reports = Report.objects.filter(pk__in=report_ids).select_related(
        "award__application__organisation", "award__application__assigned_reviewer"
    )
    context = {
        "reports": [
            (report, site_url(reverse("report_review", args=[report.pk]))) for report in reports
        ],
        "queue": site_url(reverse("report_queue")),
    }
    send(
        f"{len(report_ids)} verantwoording(en) te laat",
        "verantwoording/mail/overdue.txt",
        context,
        roles.addresses(roles.REVIEWER),
    )


def send_notice_mail(notice_id):
    """The application's reviewer hears of it, or every reviewer while none is assigned."""
    notice = Notice.objects.select_related("award__application__assigned_reviewer").get(
        pk=notice_id
    )
    application = notice.award.application
    context = {
        "notice": notice,
        "application": application,
        "link": site_url(reverse("notice_handle", args=[notice.pk])),
    }
    send(
        f"Melding: activiteiten van {application.reference} gaan niet door zoals gepland",
        "verantwoording/mail/notice.txt",
        context,
        roles.addresses(roles.REVIEWER, application.assigned_reviewer),
    )
