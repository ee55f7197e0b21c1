"""Celery tasks: thin wrappers that call the services (imported in the task body, because
the services schedule these tasks)."""

from celery import shared_task
from django.utils import timezone


# Acknowledged after the work (CELERY_TASK_ACKS_LATE) and handed out again when the worker
# dies mid-task: the services pick a batch up where it was, and write in one transaction.
@shared_task(reject_on_worker_lost=True)
def check_import(batch_id):
    from vouchers.services import passholder_import

    passholder_import.check(batch_id)


@shared_task(reject_on_worker_lost=True)
def run_import(batch_id):
    from vouchers.services import passholder_import

    passholder_import.run_import(batch_id)


@shared_task
def expire_vouchers():
    from vouchers.services import issuing

    issuing.expire_vouchers(timezone.localdate())


@shared_task
def fail_stuck_imports():
    from vouchers.services import passholder_import

    passholder_import.fail_stuck_imports()


@shared_task
def apply_retention():
    from vouchers.services import retention

    retention.apply_retention()


@shared_task(reject_on_worker_lost=True)
def print_letters(run_id, part):
    from vouchers.services import printing

    printing.print_part(run_id, part)


@shared_task
def fail_stuck_print_runs():
    from vouchers.services import printing

    printing.fail_stuck_runs()


@shared_task
def send_parent_mail(enrolment_id, kind):
    from vouchers import notifications

    notifications.send_parent_mail(enrolment_id, kind)


@shared_task(reject_on_worker_lost=True)
def decide_refusals(actor_id, terms_id):
    from django.contrib.auth import get_user_model

    from vouchers.models import VoucherTerms
    from vouchers.services import issuing

    actor = get_user_model().objects.get(pk=actor_id)
    issuing.decide_refusals(actor, VoucherTerms.objects.get(pk=terms_id))
