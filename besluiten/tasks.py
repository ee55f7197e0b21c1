from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from besluiten import mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_hearing_mail(hearing_id, kind):
    mail.send_hearing(hearing_id, kind)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_objection_mail(objection_id, kind):
    mail.send_objection(objection_id, kind)


@shared_task
def send_objection_term_warnings():
    from besluiten.services import objections  # the services import this module for mails

    today = timezone.localdate()
    ending = objections.terms_ending(today + timedelta(weeks=1)).select_related("organisation")
    mail.send_objection_term_warnings(today, list(ending))
