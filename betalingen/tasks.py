from celery import shared_task
from django.utils import timezone

from betalingen import notifications


@shared_task
def send_payment_term_warnings():
    notifications.send_payment_term_warnings(timezone.localdate())
