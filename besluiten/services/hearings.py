"""Hearing an organisation before an adverse decision (zienswijze, Awb 4:7-4:12).

The app that takes the decision starts the hearing (checking its own permission and holding
its record's lock), asks `require_over` before deciding and `close`s the hearing with the
decision. The organisation's members respond through `respond`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from besluiten import tasks
from besluiten.models import Hearing
from kern import terms, transitions
from kern.pdf import day
from kern.permissions import require


def start(actor, subject, organisation, purpose, *, title, intention, reasons, days):
    """Sends the intended decision; the term ends `days` from today (Awb 4:8)."""
    if Hearing.objects.current(subject, purpose):
        raise ValidationError("De organisatie is hier al over gehoord of kan nog reageren.")
    hearing = Hearing.objects.create(
        subject=subject,
        organisation=organisation,
        purpose=purpose,
        title=title,
        intention=intention,
        reasons=reasons,
        due_date=terms.after(timezone.localdate(), days=days),
        started_by=actor,
    )
    transitions.record(
        actor, subject, "hear", subject.state, f"Voornemen verstuurd: {hearing.intention}"
    )
    transaction.on_commit(lambda: tasks.send_hearing_mail.delay(hearing.pk, "started"))
    return hearing


@transaction.atomic
def respond(actor, hearing, response):
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    require(actor, "kern.act_for_organisation", hearing.organisation)
    if not response.strip():
        raise ValidationError("Schrijf uw reactie.")
    if not hearing.is_open:
        raise ValidationError(
            "U kunt niet meer reageren: de termijn is voorbij, u heeft al gereageerd of de "
            "gemeente heeft het voornemen ingetrokken."
        )
    hearing.response = response.strip()
    hearing.responded_by = actor
    hearing.responded_at = timezone.now()
    hearing.save()
    subject = hearing.subject
    transitions.record(actor, subject, "respond", subject.state, "Zienswijze gegeven.")
    transaction.on_commit(lambda: tasks.send_hearing_mail.delay(hearing.pk, "responded"))
    return hearing


def require_over(subject, purpose):
    """The hearing a decision of this kind rests on; refuses while the term runs."""
    hearing = Hearing.objects.current(subject, purpose)
    if hearing is None:
        raise ValidationError(
            "Stuur eerst het voornemen naar de organisatie, zodat die kan reageren "
            "(zienswijze, artikel 4:8 Awb)."
        )
    if not hearing.is_over:
        raise ValidationError(
            "De organisatie kan nog reageren op het voornemen, tot en met "
            f"{day(hearing.due_date)}. Besluit daarna, of zodra zij heeft gereageerd."
        )
    return hearing


def close(subject, purpose, closing):
    """The decision was taken, or the intention dropped: a next one needs a new hearing."""
    Hearing.objects.intended(subject, purpose).filter(closed_at__isnull=True).update(
        closed_at=timezone.now(), closing=closing
    )
