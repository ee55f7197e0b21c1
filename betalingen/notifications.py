"""Finance is warned before a payment term (Awb 4:87) ends. Sent from a Celery beat task."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse

from betalingen import services
from kern import roles
from kern.mail import send, site_url

WARN_AHEAD = timedelta(weeks=1)


def send_payment_term_warnings(today):
    items = services.at_risk(today + WARN_AHEAD)
    if not items:
        return 0
    finance = get_user_model().objects.filter(groups__name=roles.FINANCE, is_active=True)
    recipients = sorted({user.email for user in finance} - {""})
    context = {
        "items": items,
        "today": today,
        "link": site_url(reverse("payment_overview")),
    }
    send(
        f"{len(items)} betaling(en): de betaaltermijn loopt binnen een week af",
        "betalingen/mail/payment_term_warning.txt",
        context,
        recipients,
    )
    return len(items)
