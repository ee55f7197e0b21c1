from celery import shared_task

from vouchers import services


@shared_task
def check_import(batch_id):
    services.check(batch_id)


@shared_task
def run_import(batch_id):
    services.run_import(batch_id)
