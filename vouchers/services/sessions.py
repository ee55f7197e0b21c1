"""Sessions: hours booked against a voucher under a row lock, and their correction."""

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
    Enrolment,
    EnrolmentState,
    EntryKind,
    Session,
    Voucher,
    VoucherEntry,
    VoucherState,
)
from vouchers.services import booking_sql

# PostgreSQL books in two statements (booking_sql); other databases through the ORM.
_FAST = connection.vendor == "postgresql"


@transaction.atomic
def record_session(actor, enrolment, day, hours, key, api_token=None):
    """Books hours against the voucher at the provider's rate; returns (session, created).

    The voucher row is locked first, so concurrent bookings queue up: each sees the balance
    the one before left, and the balance can never go below zero. The client's key makes a
    retried request return the session it already booked instead of booking it again.
    `enrolment` is a record or its id; through an API key only that key's provider's
    enrolments are found (Enrolment.DoesNotExist otherwise).
    """
    enrolment = _lock(getattr(enrolment, "pk", enrolment), api_token)
    require(actor, "vouchers.act_for_enrolment", enrolment)
    voucher = enrolment.voucher
    # One read for both questions: was this key used, and is this day already booked?
    earlier, same_day = None, False
    for session in _sessions_for(enrolment.admission_id, key, voucher.pk, day):
        if session.idempotency_key == key and session.admission_id == enrolment.admission_id:
            earlier = session
        else:
            same_day = True
    if earlier is not None:
        if (earlier.enrolment_id, earlier.day, earlier.hours) != (enrolment.pk, day, hours):
            raise ValidationError("Deze sleutel is al gebruikt voor een ander moment.")
        earlier.voucher = voucher
        return earlier, False
    _check_session(enrolment, voucher, day, hours, same_day)
    amount = (hours * enrolment.admission.hourly_rate).quantize(Decimal("0.01"))
    if amount > voucher.balance:
        raise ValidationError(
            f"Het saldo van de voucher is niet genoeg: nog {euro(voucher.balance)}, nodig "
            f"{euro(amount)}."
        )
    session = Session(
        enrolment=enrolment,
        voucher=voucher,
        admission=enrolment.admission,
        day=day,
        hours=hours,
        rate=enrolment.admission.hourly_rate,
        amount=amount,
        idempotency_key=key,
        recorded_by=actor,
        api_token=api_token,
    )
    try:
        # The same key sent for two different vouchers at once: the constraint decides, and
        # the refusal rolls this whole booking back (no savepoint needed: nothing follows).
        if _FAST and amount < voucher.balance:
            _write_within_state(actor, voucher, session)
            return session, True
        session.save()
    except IntegrityError as error:
        raise ValidationError("Deze sleutel is al gebruikt voor een ander moment.") from error
    _book(actor, voucher, EntryKind.SESSION, -amount, session)
    return session, True


def _write_within_state(actor, voucher, session):
    """A booking that leaves the voucher's state as it is, in one statement (booking_sql)."""
    entry = VoucherEntry(voucher=voucher, kind=EntryKind.SESSION, amount=-session.amount)
    voucher.balance -= session.amount
    line = transitions.line(actor, voucher, EntryKind.SESSION, voucher.state, _reason(entry))
    booking_sql.write(session, entry, voucher, line)


def _sessions_for(admission_id, key, voucher_id, day):
    if _FAST:
        return booking_sql.sessions_for(admission_id, key, voucher_id, day)
    return Session.objects.filter(
        Q(admission_id=admission_id, idempotency_key=key)
        | Q(voucher_id=voucher_id, day=day, reversed_at__isnull=True)
    )


def _lock(enrolment_id, api_token):
    """The enrolment, its admission as it is now and its voucher, locked, in one read."""
    provider_id = api_token.provider_id if api_token is not None else None
    if _FAST:
        return booking_sql.lock(enrolment_id, provider_id)
    enrolments = Enrolment.objects.select_related(
        "admission", "voucher__terms", "voucher__pass_holder"
    ).select_for_update(of=("voucher",))
    if provider_id is not None:
        enrolments = enrolments.filter(admission__provider_id=provider_id)
    return enrolments.get(pk=enrolment_id)


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
    if session.declaration_id is not None:
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
