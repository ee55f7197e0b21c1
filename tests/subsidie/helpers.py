"""Moves an application through the workflow with the services, for tests of later steps."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from besluiten.models import Hearing
from besluiten.services import hearings, objections
from kern import roles
from subsidie.choices import Outcome
from subsidie.services import applications, reviews
from tests.factories import ApplicationFactory, MembershipFactory, StaffFactory


def in_review(**kwargs):
    application = ApplicationFactory(**kwargs)
    MembershipFactory(organisation=application.organisation, user=application.created_by)
    applications.submit_application(application.created_by, application)
    applications.start_review(StaffFactory(role=roles.REVIEWER), application)
    application.refresh_from_db()
    return application


def incomplete(message="Stuur de begroting per locatie.", days=14):
    """In review, then asked to repair: the term ends `days` from today."""
    application = in_review()
    applications.request_information(
        StaffFactory(role=roles.REVIEWER),
        application,
        message,
        timezone.localdate() + timedelta(days=days),
    )
    return application


def proposed(amount=None, outcome=Outcome.GRANT, proposer=None, **kwargs):
    application = in_review(**kwargs)
    proposer = proposer or StaffFactory(role=roles.REVIEWER)
    reviews.propose(
        proposer, application, outcome, amount or application.requested_amount, "Motivering."
    )
    application.refresh_from_db()
    return application


def heard(application, response=""):
    """The proposed refusal sent to the applicant, who responds or lets the term pass."""
    hearing = reviews.send_intention(StaffFactory(role=roles.REVIEWER), application)
    if response:
        hearings.respond(application.created_by, hearing, response)
    else:
        Hearing.objects.filter(pk=hearing.pk).update(
            due_date=timezone.localdate() - timedelta(days=1)
        )
    hearing.refresh_from_db()
    return hearing


def refused(**kwargs):
    """In review, refusal proposed and heard without a response: ready to decide."""
    application = proposed(outcome=Outcome.REJECT, **kwargs)
    heard(application)
    return application


def hold_objection_hearing(handler, objection, report="Verslag van de hoorzitting."):
    """Planned yesterday for an hour ago, so its report can be recorded now."""
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        objections.plan_hearing(
            handler, objection, timezone.now() + timedelta(hours=23), "Stadhuis"
        )
    return objections.record_hearing(handler, objection, report)
