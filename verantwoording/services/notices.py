"""Meldingsplicht: the recipient reports a change in the activities; a reviewer handles it,
and a decision maker may lower the advances still to be paid."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kern import transitions
from kern.permissions import require
from subsidie.models import Award
from subsidie.services import advances
from verantwoording import tasks
from verantwoording.models import Notice
from verantwoording.services.reports import RUNNING


@transaction.atomic
def report_change(actor, award, message):
    require(actor, "verantwoording.act_for_award", award)
    if award.state not in RUNNING:
        raise ValidationError("Deze subsidie loopt niet meer: u hoeft niets te melden.")
    if not message.strip():
        raise ValidationError("Schrijf wat er verandert.")
    award = Award.objects.select_for_update().get(pk=award.pk)  # two clicks, one notice
    if award.notices.filter(message=message.strip(), handled_at__isnull=True).exists():
        raise ValidationError("Deze melding heeft de gemeente al. Zij neemt contact met u op.")
    notice = Notice.objects.create(award=award, message=message.strip(), reported_by=actor)
    transitions.record(actor, award, "report_change", award.state, f"Melding: {notice.message}")
    transaction.on_commit(lambda: tasks.send_notice_mail.delay(notice.pk))
    return notice


@transaction.atomic
def handle(actor, notice, handling, lower_by=None):
    """Records what the municipality does with the notice; with `lower_by`, the unpaid
    advances go down by that amount in a decision of their own."""
    require(actor, "verantwoording.handle_notice")
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.handled_at:
        raise ValidationError("Deze melding is al afgehandeld.")
    if not handling.strip():
        raise ValidationError("Schrijf wat de gemeente met de melding doet.")
    decision = None
    if lower_by:
        decision = advances.lower_remaining(actor, notice.award, lower_by, handling.strip())
    notice.handling = handling.strip()
    notice.handled_by = actor
    notice.handled_at = timezone.now()
    notice.save()
    return decision
