from celery import shared_task
from django.utils import timezone

from vouchers import services


@shared_task
def check_import(batch_id):
    services.check(batch_id)


@shared_task
def run_import(batch_id):
    services.run_import(batch_id)


@shared_task
def expire_vouchers():
    services.expire_vouchers(timezone.localdate())
