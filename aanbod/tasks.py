from celery import shared_task

from aanbod import mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_offer_reminder(organisation_id, location_ids):
    mail.send_offer_reminder(organisation_id, location_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_referral_mail(referral_id, kind):
    mail.send_referral(referral_id, kind)


@shared_task
def remind_out_of_date_offer():
    from aanbod.services import offer  # the offer imports this module for its mails

    offer.remind_out_of_date()


@shared_task
def delete_closed_referrals():
    from aanbod.services import referrals  # the services import this module for their mails

    referrals.delete_closed()
