"""Sessions: hours booked against a voucher without overdrawing it, and their correction."""

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from kern import transitions
from kern.money import euro
from kern.permissions import require
from vouchers.models import (
    AdmissionState,
    DeclarationState,
    Enrolment,
    EnrolmentState,
    EntryKind,
    Session,
    Voucher,
    VoucherEntry,
    VoucherState,
)
from vouchers.services import booking_sql

# On PostgreSQL a booking is one read and one write without a lock (booking_sql); when
# another booking on the same voucher gets in between, it reads again, and after this many
# tries it queues for the voucher's lock like a booking on another database.
_FAST = connection.vendor == "postgresql"
_TRIES = 3


@dataclass(frozen=True)
class _Request:
    actor: object
    enrolment_id: int
    day: date
    hours: Decimal
    key: str
    api_token: object

    @property
    def provider_id(self):
        return self.api_token.provider_id if self.api_token is not None else None


def record_session(actor, enrolment, day, hours, key, api_token=None):
    """Books hours against the voucher at the provider's rate; returns (session, created).

    Concurrent bookings on one voucher each see the balance the one before left, so the
    balance can never go below zero. The client's key makes a retried request return the
    session it already booked instead of booking it again. `enrolment` is a record or its
    id; through an API key only that key's provider's enrolments are found
    (Enrolment.DoesNotExist otherwise).
    """
    request = _Request(actor, getattr(enrolment, "pk", enrolment), day, hours, key, api_token)
    if _FAST:
        for _ in range(_TRIES):
            booked = _book_unlocked(request)
            if booked is not None:
                return booked
    return _book_locked(request)


def _book_unlocked(request):
    """The booking in two statements, or None when another booking on this voucher came
    first (the write changes nothing then)."""
    enrolment, sessions = booking_sql.read(
        request.enrolment_id, request.provider_id, request.key, request.day
    )
    session, created = _decide(request, enrolment, sessions)
    voucher = enrolment.voucher
    if not created:
        return session, False
    if session.amount == voucher.balance:
        # Emptying the voucher is a change of state: through the runner, under the lock.
        return _book_locked(request)
    entry = VoucherEntry(voucher=voucher, kind=EntryKind.SESSION, amount=-session.amount)
    line = transitions.line(
        request.actor, voucher, EntryKind.SESSION, voucher.state, _reason(entry)
    )
    try:
        # Outside a transaction the one statement is atomic by itself; inside the caller's,
        # a savepoint keeps a refused write from breaking it.
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            written = booking_sql.write(session, entry, voucher, line)
    except IntegrityError:
        return None  # this key or this day was booked in between: the next read says which
    return (session, True) if written else None


@transaction.atomic
def _book_locked(request):
    """The booking with the voucher's row locked first, so bookings queue up."""
    enrolments = Enrolment.objects.select_related(
        "admission", "voucher__terms", "voucher__pass_holder"
    ).select_for_update(of=("voucher",))
    if request.provider_id is not None:
        enrolments = enrolments.filter(admission__provider_id=request.provider_id)
    enrolment = enrolments.get(pk=request.enrolment_id)
    sessions = Session.objects.filter(
        Q(admission_id=enrolment.admission_id, idempotency_key=request.key)
        | Q(voucher_id=enrolment.voucher_id, day=request.day, reversed_at__isnull=True)
    )
    session, created = _decide(request, enrolment, sessions)
    if not created:
        return session, False
    try:
        # The same key sent for two different vouchers at once: the constraint decides, and
        # the refusal rolls this whole booking back (no savepoint needed: nothing follows).
        session.save()
    except IntegrityError as error:
        raise ValidationError("Deze sleutel is al gebruikt voor een ander moment.") from error
    _book(request.actor, enrolment.voucher, EntryKind.SESSION, -session.amount, session)
    return session, True


def _decide(request, enrolment, sessions):
    """The session booked earlier with this key (and False), or the new one, unsaved (and
    True); refuses what may not be booked."""
    require(request.actor, "vouchers.act_for_enrolment", enrolment)
    voucher = enrolment.voucher
    earlier, same_day = None, False
    for session in sessions:
        if (session.admission_id, session.idempotency_key) == (enrolment.admission_id, request.key):
            earlier = session
        else:
            same_day = True
    if earlier is not None:
        if (earlier.enrolment_id, earlier.day, earlier.hours) != (
            enrolment.pk,
            request.day,
            request.hours,
        ):
            raise ValidationError("Deze sleutel is al gebruikt voor een ander moment.")
        earlier.voucher = voucher
        return earlier, False
    _check_session(enrolment, voucher, request.day, request.hours, same_day)
    rate = enrolment.admission.hourly_rate
    amount = (request.hours * rate).quantize(Decimal("0.01"))
    if amount > voucher.balance:
        raise ValidationError(
            f"Het saldo van de voucher is niet genoeg: nog {euro(voucher.balance)}, nodig "
            f"{euro(amount)}."
        )
    session = Session(
        enrolment=enrolment,
        voucher=voucher,
        admission=enrolment.admission,
        day=request.day,
        hours=request.hours,
        rate=rate,
        amount=amount,
        idempotency_key=request.key,
        recorded_by=request.actor,
        api_token=request.api_token,
    )
    return session, True


def _check_session(enrolment, voucher, day, hours, same_day):
    terms = voucher.terms
    if enrolment.state != EnrolmentState.ACTIVE:
        raise ValidationError("Boek alleen uren voor een inschrijving die loopt.")
    if enrolment.started_on and day < enrolment.started_on:
        began = date_format(enrolment.started_on, "j F Y")
        raise ValidationError(f"Deze dag ligt vóór het begin van de begeleiding op {began}.")
    if enrolment.admission.state != AdmissionState.ADMITTED:
        raise ValidationError("Uw toelating tot de voucherregeling is geschorst.")
    if voucher.state not in (VoucherState.ACTIVE, VoucherState.EXHAUSTED):
        raise ValidationError("Deze voucher is niet (meer) te gebruiken.")
    if not voucher.pass_holder.active:
        raise ValidationError("De Ooievaarspas van dit kind is niet meer geldig.")
    if not (terms.school_year_start <= day <= min(terms.school_year_end, timezone.localdate())):
        raise ValidationError("Kies een datum in dit schooljaar, niet in de toekomst.")
    if not Decimal("0") < hours <= Decimal("8"):
        raise ValidationError("Vul 0,25 tot 8 uur in.")
    if same_day:
        raise ValidationError("Voor deze dag is al begeleiding geboekt voor dit kind.")


def _reason(entry):
    return f"{EntryKind(entry.kind).label}: {euro(entry.amount)}"


def _book(actor, voucher, kind, amount, session=None):
    """One ledger line, the stored balance and one transition-log line (who, through which
    key, from where), in the caller's transaction and lock. The ledger is the balance's
    trail, so a booking within a state adds no history snapshot of the voucher."""
    entry = VoucherEntry.objects.create(voucher=voucher, kind=kind, amount=amount, session=session)
    voucher.balance += amount
    reason = _reason(entry)
    if voucher.balance == 0 and voucher.state == VoucherState.ACTIVE:
        transitions.run(actor, voucher, "exhaust", reason=reason)
    elif voucher.balance > 0 and voucher.state == VoucherState.EXHAUSTED:
        transitions.run(actor, voucher, "replenish", reason=reason)
    else:
        voucher.skip_history_when_saving = True
        voucher.save(update_fields=["balance"])
        del voucher.skip_history_when_saving
        transitions.record(actor, voucher, kind, voucher.state, reason)


@transaction.atomic
def reverse_session(actor, session, reason):
    """A mistaken session is undone by a correction entry; the session itself stays."""
    require(actor, "kern.act_for_organisation", session.admission.provider)
    voucher = Voucher.objects.select_for_update().get(pk=session.voucher_id)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.reversed_at is not None:
        raise ValidationError("Dit moment is al teruggedraaid.")
    if session.declaration_id is not None and session.declaration.state != (
        DeclarationState.REJECTED
    ):
        raise ValidationError(
            "Dit moment is al gedeclareerd. Neem contact op met de gemeente om het te herstellen."
        )
    if not reason.strip():
        raise ValidationError("Schrijf waarom u dit moment terugdraait.")
    session.reversed_at = timezone.now()
    session.reversal_reason = reason[:300]
    session.save(update_fields=["reversed_at", "reversal_reason"])
    _book(actor, voucher, EntryKind.CORRECTION, session.amount, session)
    return session
