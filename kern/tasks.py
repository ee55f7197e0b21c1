from celery import shared_task

from kern import mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_welcome_mail(user_id):
    mail.send_welcome(user_id)
