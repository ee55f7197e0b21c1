"""Terms the Awb sets that the system watches on Celery beat, tried with a moved clock: a
lapsed repair term (4:15), the decision term on objections (7:10) and the payment term
after a grant (4:87)."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten import tasks as core_tasks
from besluiten.models import Hearing
from besluiten.services import objections
from betalingen import services as payments
from betalingen import tasks as payment_tasks
from kern import roles
from subsidie import tasks as application_tasks
from subsidie.choices import ApplicationState
from subsidie.services import decisions, revocations
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from tests.subsidie.helpers import incomplete, proposed, refused

pytestmark = pytest.mark.django_db


def _at(day):
    """A moment at 07:00 on `day`, when the daily jobs run."""
    return timezone.make_aware(datetime.combine(day, time(7)))


def test_after_a_lapsed_repair_term_the_decision_term_runs_again(
    django_capture_on_commit_callbacks,
):
    application = incomplete(days=3)
    application.refresh_from_db()
    suspended_since, due = application.suspended_since, application.decision_due
    repair_due = application.information_requests.get().due_date

    with time_machine.travel(_at(repair_due), tick=False):
        application_tasks.send_term_warnings()
    application.refresh_from_db()
    assert application.suspended_since == suspended_since  # the last day still counts

    mail.outbox.clear()
    with (
        time_machine.travel(_at(repair_due + timedelta(days=1)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        application_tasks.send_term_warnings()
        application.refresh_from_db()
        reviewer = verify_second_factor(Client(), application.assigned_reviewer)
        page = reviewer.get(reverse("review_detail", args=[application.pk])).content.decode()
        assert "Beoordelen met wat er is" in page
        decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
        detail = decider.get(reverse("review_detail", args=[application.pk])).content.decode()
        assert "Buiten behandeling stellen" in detail
        reviewer.post(reverse("review_as_is", args=[application.pk]))

    assert application.suspended_since is None
    assert application.decision_due == due + timedelta(days=4)  # the 3 days and the last one
    lapsed = application.transitions.get(transition="repair_term_lapsed")
    assert lapsed.actor is None and "de beslistermijn loopt weer" in lapsed.reason
    told = next(m for m in mail.outbox if m.subject.startswith("Hersteltermijn verstreken"))
    assert told.to == [application.assigned_reviewer.email]
    assert "buiten behandeling stellen" in told.body
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_REVIEW


def test_objection_terms_are_warned_a_week_ahead():
    application = refused()
    refusal = decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    handler = StaffFactory(role=roles.REVIEWER)
    objection = objections.register(
        handler, refusal, received_on=timezone.localdate(), grounds="Onterecht."
    )

    mail.outbox.clear()
    with time_machine.travel(_at(objection.decision_due - timedelta(days=8)), tick=False):
        core_tasks.send_objection_term_warnings()
    assert not mail.outbox
    with time_machine.travel(_at(objection.decision_due - timedelta(days=6)), tick=False):
        core_tasks.send_objection_term_warnings()

    warning = mail.outbox[-1]
    assert handler.email in warning.to and objection.reference in warning.body
    assert "7:10" in warning.body


def test_finance_is_warned_before_the_payment_term_ends():
    application = proposed()
    decision = decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    advance = application.award.advances.order_by("due_date").first()
    pay_by = max(advance.due_date, timezone.localdate(decision.decided_at)) + timedelta(weeks=6)
    finance = StaffFactory(role=roles.FINANCE)

    mail.outbox.clear()
    with time_machine.travel(_at(pay_by - timedelta(days=8)), tick=False):
        payment_tasks.send_payment_term_warnings()
    assert not mail.outbox
    with time_machine.travel(_at(pay_by - timedelta(days=3)), tick=False):
        payment_tasks.send_payment_term_warnings()
        client = verify_second_factor(Client(), finance)
        overview = client.get(reverse("payment_overview")).content.decode()
        home = client.get(reverse("home")).content.decode()

    warning = mail.outbox[-1]
    assert finance.email in warning.to and decision.reference in warning.body
    assert f"{pay_by:%-d}" in warning.body and "4:87" in warning.body
    assert "Betaaltermijn loopt af" in overview and decision.reference in overview
    assert "loopt de betaaltermijn" in home


def test_lapsed_advances_of_a_revoked_award_are_not_at_risk():
    application = proposed()
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    award = application.award
    hearing = revocations.intend_revocation(StaffFactory(role=roles.REVIEWER), award, "Gestopt.")
    Hearing.objects.filter(pk=hearing.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    revocations.revoke(StaffFactory(role=roles.DECISION_MAKER), award)
    latest = max(advance.due_date for advance in award.advances.all())
    assert payments.at_risk(latest + timedelta(weeks=52)) == []
