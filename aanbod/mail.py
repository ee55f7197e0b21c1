"""E-mail about the public offer and referrals. Sent from Celery tasks."""

from django.urls import reverse

from aanbod.models import Referral
from kern.mail import members, send, site_url
from kern.models import Location, Organisation


def send_offer_reminder(organisation_id, location_ids):
    organisation = Organisation.objects.get(pk=organisation_id)
    context = {
        "organisation": organisation,
        "locations": Location.objects.filter(pk__in=location_ids, organisation=organisation),
        "link": site_url(reverse("organisation_detail", args=[organisation.pk])),
    }
    send(
        "Kloppen uw vrije plekken nog? Werk het aanbod bij",
        "aanbod/mail/offer_reminder.txt",
        context,
        members(organisation),
    )


_REFERRAL_SUBJECTS = {
    "sent": "Een leerling is naar u doorverwezen",
    "accepted": "Uw doorverwijzing is aangenomen",
    "declined": "Uw doorverwijzing is afgewezen",
    "withdrawn": "Een doorverwijzing naar u is ingetrokken",
}


def send_referral(referral_id, kind):
    """No child's name in the mail: the link leads to the referral behind the login."""
    referral = Referral.objects.select_related("referrer", "location__organisation").get(
        pk=referral_id
    )
    to_receiver = kind in ("sent", "withdrawn")
    organisation = referral.location.organisation if to_receiver else referral.referrer
    context = {
        "referral": referral,
        "organisation": organisation,
        "link": site_url(reverse("referral_detail", args=[referral.pk])),
    }
    send(
        _REFERRAL_SUBJECTS[kind],
        "aanbod/mail/referral.txt",
        context | {"kind": kind},
        members(organisation),
    )
