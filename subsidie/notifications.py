"""E-mails about applications. Sent from Celery tasks, never inside a request's transaction."""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse

from kern import roles
from kern.mail import send, site_url
from subsidie.choices import ApplicationState
from subsidie.models import Application, InformationRequest

_APPLICATION_SUBJECTS = {
    "receipt": "Ontvangstbevestiging van uw aanvraag {reference}",
    "information_request": "Vul uw aanvraag {reference} aan",
    "decision": "Besluit op uw aanvraag {reference}",
    "advance_paid": "Voorschot betaald voor uw subsidie {reference}",
    "repair_reminder": "Herinnering: vul uw aanvraag {reference} aan",
    "term_extended": "Wij hebben meer tijd nodig voor uw aanvraag {reference}",
}


def send_application_mail(application_id, kind):
    application = Application.objects.select_related("scheme", "organisation", "created_by").get(
        pk=application_id
    )
    recipients = {application.organisation.contact_email, application.created_by.email} - {""}
    context = {
        "application": application,
        "request": application.information_requests.first(),
        "decision": application.decisions.first(),
        "transition": application.transitions.last(),
        "link": site_url(reverse("application_detail", args=[application.pk])),
    }
    subject = _APPLICATION_SUBJECTS[kind].format(reference=application.reference)
    send(subject, f"subsidie/mail/{kind}.txt", context, sorted(recipients))


def send_term_warnings(today):
    """Daily: reviewers hear which decision terms end within a week; applicants are
    reminded two days before their repair term ends."""
    _warn_reviewers(Application.objects.decision_terms_ending(today + timedelta(days=7)), today)
    reminders = InformationRequest.objects.filter(
        answered_at__isnull=True,
        application__state=ApplicationState.INCOMPLETE,
        due_date=today + timedelta(days=2),
    ).values_list("application_id", flat=True)
    for application_id in reminders:
        send_application_mail(application_id, "repair_reminder")


def _warn_reviewers(applications, today):
    applications = applications.select_related("assigned_reviewer").order_by("decision_due")
    by_reviewer = defaultdict(list)
    everyone = list(get_user_model().objects.filter(groups__name=roles.REVIEWER, is_active=True))
    for application in applications:
        for reviewer in (
            [application.assigned_reviewer] if application.assigned_reviewer else everyone
        ):
            by_reviewer[reviewer].append(application)
    for reviewer, items in by_reviewer.items():
        context = {
            "reviewer": reviewer,
            "applications": [
                (item, site_url(reverse("review_detail", args=[item.pk]))) for item in items
            ],
            "today": today,
            "queue": site_url(reverse("review_queue")),
        }
        send(
            f"{len(items)} beslistermijn(en) lopen binnen een week af",
            "subsidie/mail/term_warning.txt",
            context,
            [reviewer.email],
        )


def send_repair_lapsed(application_id):
    """The reviewer is told to decide (see `reviewer_addresses`)."""
    application = Application.objects.select_related("assigned_reviewer", "organisation").get(
        pk=application_id
    )
    context = {
        "application": application,
        "link": site_url(reverse("review_detail", args=[application.pk])),
    }
    send(
        f"Hersteltermijn verstreken: besluit over {application.reference}",
        "subsidie/mail/repair_lapsed.txt",
        context,
        reviewer_addresses(application),
    )


def reviewer_addresses(application):
    """The application's reviewer, or every active reviewer while none is assigned."""
    return roles.addresses(roles.REVIEWER, application.assigned_reviewer)
