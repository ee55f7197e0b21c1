"""Celery tasks: thin wrappers that call the services (imported in the task body, because
the services schedule these tasks)."""

from celery import shared_task
from django.utils import timezone


@shared_task
def check_import(batch_id):
    from vouchers.services import passholder_import

    passholder_import.check(batch_id)


@shared_task
def run_import(batch_id):
    from vouchers.services import passholder_import

    passholder_import.run_import(batch_id)


@shared_task
def expire_vouchers():
    from vouchers.services import issuing

    issuing.expire_vouchers(timezone.localdate())
