from celery import shared_task
from django.utils import timezone

from subsidie import notifications


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_application_mail(application_id, kind):
    notifications.send_application_mail(application_id, kind)


@shared_task
def send_term_warnings():
    notifications.send_term_warnings(timezone.localdate())
