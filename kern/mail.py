"""E-mail to users. Sent from Celery tasks, never inside a request's transaction."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kern.models import Hearing, Location, Objection, Organisation, Referral


def send(subject, template, context, recipients):
    """Renders in the site's language: tasks run outside any request."""
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=subject,
            message=render_to_string(template, context),
            from_email=None,
            recipient_list=recipients,
        )


def site_url(path):
    """The address of a page of this site, for e-mails and letters."""
    return settings.SITE_URL.rstrip("/") + path


def password_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return site_url(path)


def send_welcome(user_id):
    user = get_user_model().objects.get(pk=user_id)
    context = {"user": user, "link": password_link(user)}
    subject = render_to_string("registration/welcome_subject.txt", context).strip()
    send(subject, "registration/welcome_email.txt", context, [user.email])


_HEARING_SUBJECTS = {
    "started": "Reageer op ons voornemen: {title}",
    "responded": "Zienswijze ontvangen: {title}",
}


def send_hearing(hearing_id, kind):
    """`started` goes to the organisation, `responded` to whoever sent the intention."""
    hearing = Hearing.objects.select_related("organisation", "started_by").get(pk=hearing_id)
    if kind == "started":
        recipients = _members(hearing.organisation)
    else:
        recipients = sorted({hearing.started_by.email} - {""})
    context = {
        "hearing": hearing,
        "link": site_url(reverse("hearing_detail", args=[hearing.pk])),
    }
    subject = _HEARING_SUBJECTS[kind].format(title=hearing.title)
    send(subject, f"kern/mail/hearing_{kind}.txt", context, recipients)


_OBJECTION_SUBJECTS = {
    "received": "Wij hebben uw bezwaar ontvangen ({reference})",
    "hearing_planned": "Uitnodiging hoorzitting over uw bezwaar ({reference})",
    "extended": "Wij hebben meer tijd nodig voor uw bezwaar ({reference})",
    "decided": "Beslissing op uw bezwaar ({reference})",
}


def send_objection(objection_id, kind):
    """To the organisation that objected; parents get their letters by post."""
    objection = Objection.objects.select_related("organisation").get(pk=objection_id)
    recipients = {objection.organisation.contact_email} - {""}
    context = {
        "objection": objection,
        "link": site_url(reverse("objection_list")),
    }
    subject = _OBJECTION_SUBJECTS[kind].format(reference=objection.reference)
    send(subject, f"kern/mail/objection_{kind}.txt", context, sorted(recipients))


def send_objection_term_warnings(today, ending):
    """Everyone who handles objections hears which decision terms end within a week."""
    if not ending:
        return
    handlers = (
        get_user_model()
        .objects.filter(groups__permissions__codename="handle_objection", is_active=True)
        .distinct()
    )
    context = {
        "objections": [
            (objection, site_url(reverse("objection_detail", args=[objection.pk])))
            for objection in ending
        ],
        "today": today,
        "queue": site_url(reverse("objection_list")),
    }
    send(
        f"{len(ending)} beslistermijn(en) voor bezwaren lopen binnen een week af",
        "kern/mail/objection_term_warning.txt",
        context,
        sorted({user.email for user in handlers} - {""}),
    )


def _members(organisation):
    members = organisation.memberships.values_list("user__email", flat=True)
    return sorted({organisation.contact_email, *members} - {""})


def send_offer_reminder(organisation_id, location_ids):
    organisation = Organisation.objects.get(pk=organisation_id)
    context = {
        "organisation": organisation,
        "locations": Location.objects.filter(pk__in=location_ids, organisation=organisation),
        "link": site_url(reverse("organisation_detail", args=[organisation.pk])),
    }
    send(
        "Kloppen uw vrije plekken nog? Werk het aanbod bij",
        "kern/mail/offer_reminder.txt",
        context,
        _members(organisation),
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
        "kern/mail/referral.txt",
        context | {"kind": kind},
        _members(organisation),
    )
