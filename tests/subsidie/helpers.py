"""Moves an application through the workflow with the services, for tests of later steps."""

from datetime import timedelta

from django.utils import timezone

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
