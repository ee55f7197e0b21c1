from celery import shared_task
from django.utils import timezone

from subsidie import notifications


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_application_mail(application_id, kind):
    notifications.send_application_mail(application_id, kind)


@shared_task
def send_term_warnings():
    """Daily: lapsed repair terms end their suspension first, then the warnings go out."""
    from subsidie.services import applications  # the services import this module

    today = timezone.localdate()
    applications.resume_lapsed_terms(today)
    notifications.send_term_warnings(today)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_repair_lapsed_mail(application_id):
    notifications.send_repair_lapsed(application_id)
