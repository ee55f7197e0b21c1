"""Taking a decision: the record and its letter are written once, together."""

from django.utils import timezone

from besluiten import store
from besluiten.models import Decision


def take(decision, render):
    """Stores the letter `render(decision)` makes, with its SHA-256, and saves the record."""
    decision.settle_dates()
    store.store(decision, render(decision))
    decision.save()
    return decision


def record(actor, subject, kind, reference, reasoning, render, **extra):
    """Takes a decision of `kind` on `subject` now, numbered from `reference`."""
    decision = Decision(
        subject=subject,
        kind=kind,
        reference=numbered(reference, subject),
        reasoning=reasoning,
        decided_by=actor,
        decided_at=timezone.now(),
        **extra,
    )
    return take(decision, render)


def latest(subject, kinds):
    """The latest decision of one of `kinds` on `subject`, or None."""
    return (
        Decision.objects.about(subject)
        .filter(kind__in=kinds)
        .order_by("-decided_at", "-pk")
        .first()
    )


def numbered(base, subject):
    """`base` for the first decision on `subject`, then base-2, base-3: one reference each
    (the dash keeps V1-I3's second from reading as V1-I32's first)."""
    count = Decision.objects.about(subject).filter(reference__startswith=base).count()
    return base if count == 0 else f"{base}-{count + 1}"
