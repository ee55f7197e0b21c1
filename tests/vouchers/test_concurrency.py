import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from kern import transitions
from kern.models import TransitionLog
from vouchers.models import EntryKind, Session, Voucher, VoucherEntry, VoucherTerms
from vouchers.services import booking_sql, sessions

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_fifty_concurrent_bookings_never_overdraw_and_a_key_books_once(postgres, active_enrolment):
    enrolment, staff, _ = active_enrolment
    today = timezone.localdate()
    # Enough past school days for every booking to be a different day.
    VoucherTerms.objects.filter(pk=enrolment.voucher.terms_id).update(
        school_year_start=today - timedelta(days=120), school_year_end=today + timedelta(days=30)
    )
    enrolment.voucher.terms.refresh_from_db()
    requests = [(today - timedelta(days=index + 1), f"key-{index}") for index in range(40)]
    requests += [(today - timedelta(days=100), "same-key")] * 10
    start = threading.Barrier(len(requests))
    booked, refused = [], []

    def book(day, key):
        try:
            start.wait()
            session, _ = sessions.record_session(staff, enrolment, day, Decimal("1"), key)
            booked.append(session.pk)
        except ValidationError:
            refused.append(key)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    voucher = Voucher.objects.get(pk=enrolment.voucher_id)
    stored = Session.objects.filter(voucher=voucher)
    assert voucher.balance >= 0
    assert voucher.balance == Decimal("300.00") - Decimal("8.00") * stored.count()
    assert sum(entry.amount for entry in voucher.entries.all()) == voucher.balance
    assert stored.filter(idempotency_key="same-key").count() <= 1
    assert stored.count() == 37  # 37 x € 8 fits in € 300; the rest is refused
    assert len(booked) + len(refused) == len(requests)


def test_a_write_after_another_booking_on_the_voucher_changes_nothing(postgres, active_enrolment):
    """Bookings on PostgreSQL take no lock: the write takes effect only if the voucher is as
    it was read, so a booking that got in between is never overwritten."""
    enrolment, staff, _ = active_enrolment
    day = timezone.localdate() - timedelta(days=1)
    read, earlier = booking_sql.read(enrolment.pk, None, "late", day)
    assert earlier == []
    sessions.record_session(staff, enrolment, day - timedelta(days=1), Decimal("1"), "first")

    voucher = read.voucher
    session = Session(
        enrolment=read,
        voucher=voucher,
        admission=read.admission,
        day=day,
        hours=Decimal("1"),
        rate=Decimal("8.00"),
        amount=Decimal("8.00"),
        idempotency_key="late",
        recorded_by=staff,
    )
    entry = VoucherEntry(voucher=voucher, kind=EntryKind.SESSION, amount=Decimal("-8.00"))
    line = transitions.line(staff, voucher, EntryKind.SESSION, voucher.state)
    assert booking_sql.write(session, entry, voucher, line) is False

    voucher.refresh_from_db()
    assert voucher.balance == Decimal("292.00")
    assert list(Session.objects.values_list("idempotency_key", flat=True)) == ["first"]
    assert voucher.entries.filter(kind=EntryKind.SESSION).count() == 1
    assert sum(entry.amount for entry in voucher.entries.all()) == voucher.balance
    assert TransitionLog.objects.filter(object_id=voucher.pk, transition="session").count() == 1
