from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from config import celery_app
from kern import roles
from subsidie import notifications
from subsidie.models import Application
from subsidie.services import applications
from tests.conftest import verify_second_factor
from tests.factories import ApplicationFactory, MembershipFactory, StaffFactory
from tests.subsidie.helpers import in_review, incomplete

pytestmark = pytest.mark.django_db


def test_decision_term_is_extended_once_with_notice(client, django_capture_on_commit_callbacks):
    application = in_review()
    reviewer = StaffFactory(role=roles.REVIEWER)
    verify_second_factor(client, reviewer)
    due = application.decision_due
    url = reverse("review_extend", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"weeks": "4", "reason": "Wij wachten op advies van de school."})
    application.refresh_from_db()
    assert application.decision_due == due + timedelta(weeks=4)
    assert "Wij wachten op advies van de school." in mail.outbox[-1].body
    assert "4:14" in mail.outbox[-1].body
    line = application.transitions.last()
    assert line.actor == reviewer and "verlengd" in line.reason
    with pytest.raises(ValidationError, match="al een keer verlengd"):
        applications.extend_decision_term(reviewer, application, 2, "nog eens")


def test_term_cannot_be_extended_after_it_ended():
    application = in_review()
    Application.objects.filter(pk=application.pk).update(
        decision_due=timezone.localdate() - timedelta(days=1)
    )
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="voordat de beslistermijn afloopt"):
        applications.extend_decision_term(StaffFactory(role=roles.REVIEWER), application, 2, "x")


def test_reviewers_are_warned_about_terms_ending_within_a_week():
    soon = in_review()
    later = in_review()
    Application.objects.filter(pk=soon.pk).update(
        decision_due=timezone.localdate() + timedelta(days=5)
    )
    mail.outbox.clear()
    notifications.send_term_warnings(timezone.localdate())
    assigned = soon.assigned_reviewer
    warning = next(message for message in mail.outbox if message.to == [assigned.email])
    assert soon.reference in warning.body
    assert later.reference not in warning.body


def test_applicant_is_reminded_two_days_before_the_repair_term_ends():
    incomplete("Stuur de VOG's.", days=2)
    mail.outbox.clear()
    notifications.send_term_warnings(timezone.localdate())
    reminder = next(m for m in mail.outbox if "Herinnering" in m.subject)
    assert "Stuur de VOG's." in reminder.body


# Beat closes "old" connections as it starts, which ends a test wrapped in a transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_beat_loads_the_daily_warning_into_its_database_schedule():
    DatabaseScheduler(app=celery_app)
    celery_app.loader.import_default_modules()  # as a worker starting finds the tasks
    task = PeriodicTask.objects.get(name="termijnwaarschuwingen")
    assert task.task == "subsidie.tasks.send_term_warnings"
    assert task.crontab.hour == "7"
    expiry = PeriodicTask.objects.get(name="vouchers-laten-verlopen")
    assert expiry.task == "vouchers.tasks.expire_vouchers"
    for name, task_name in [
        ("termijnwaarschuwingen-bezwaren", "besluiten.tasks.send_objection_term_warnings"),
        ("termijnwaarschuwingen-betalingen", "betalingen.tasks.send_payment_term_warnings"),
    ]:
        assert PeriodicTask.objects.get(name=name).task == task_name
        assert task_name in celery_app.tasks


def test_the_decision_term_runs_from_the_day_of_receipt_in_den_haag():
    """Awb 4:13: received at 00:30 on New Year's Day in Den Haag (23:30 UTC on 31
    December), the eight weeks run from 1 January, and the reference carries 2027."""
    application = ApplicationFactory()
    MembershipFactory(organisation=application.organisation, user=application.created_by)
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)):
        applications.submit_application(application.created_by, application)
    application.refresh_from_db()
    assert application.decision_due == date(2027, 1, 1) + timedelta(weeks=8)
    assert application.reference.startswith("AV-2027-")
