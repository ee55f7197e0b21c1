"""E-mail about hearings and objections. Sent from Celery tasks, never inside a request's
transaction."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from besluiten.models import Hearing, Objection
from kern.mail import members, send, site_url

_HEARING_SUBJECTS = {
    "started": "Reageer op ons voornemen: {title}",
    "responded": "Zienswijze ontvangen: {title}",
}


def send_hearing(hearing_id, kind):
    """`started` goes to the organisation, `responded` to whoever sent the intention."""
    hearing = Hearing.objects.select_related("organisation", "started_by").get(pk=hearing_id)
    if kind == "started":
        recipients = members(hearing.organisation)
    else:
        recipients = sorted({hearing.started_by.email} - {""})
    context = {
        "hearing": hearing,
        "link": site_url(reverse("hearing_detail", args=[hearing.pk])),
    }
    subject = _HEARING_SUBJECTS[kind].format(title=hearing.title)
    send(subject, f"besluiten/mail/hearing_{kind}.txt", context, recipients)


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
    send(subject, f"besluiten/mail/objection_{kind}.txt", context, sorted(recipients))


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
        "besluiten/mail/objection_term_warning.txt",
        context,
        sorted({user.email for user in handlers} - {""}),
    )
