from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from kern import mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_welcome_mail(user_id):
    mail.send_welcome(user_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_hearing_mail(hearing_id, kind):
    mail.send_hearing(hearing_id, kind)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_objection_mail(objection_id, kind):
    mail.send_objection(objection_id, kind)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_offer_reminder(organisation_id, location_ids):
    mail.send_offer_reminder(organisation_id, location_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_referral_mail(referral_id, kind):
    mail.send_referral(referral_id, kind)


@shared_task
def remind_out_of_date_offer():
    from kern import offer  # the offer imports this module for its mails

    offer.remind_out_of_date()


@shared_task
def delete_closed_referrals():
    from kern import referrals  # the services import this module for their mails

    referrals.delete_closed()


@shared_task
def send_objection_term_warnings():
    from kern import objections  # the services import this module for their mails

    today = timezone.localdate()
    ending = objections.terms_ending(today + timedelta(weeks=1)).select_related("organisation")
    mail.send_objection_term_warnings(today, list(ending))
