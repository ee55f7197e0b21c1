"""A booking's reads and writes on PostgreSQL in two statements instead of six.

Bookings come in bursts through the providers' API. Through the ORM a booking costs six
round trips, each compiled anew (about 6 ms of a worker's time); here the locking read is
one statement and the four writes (session, ledger line, balance, transition-log line) are
one statement with data-modifying CTEs, built from the models' own fields so a changed
field cannot be missed (measured with `python -m benchmarks.redeem_sessions`). Other
databases, and a booking that changes the voucher's state, take the ORM path in
`sessions.py`; the checks are the same for both.
"""

from functools import cache

from django.db import connection

from vouchers.models import (
    Admission,
    Enrolment,
    PassHolder,
    Session,
    Voucher,
    VoucherTerms,
)

# (model, alias, the fields read): the voucher whole, as its history may copy it.
_READ = (
    (Enrolment, "e", ("id", "voucher_id", "admission_id", "location_id", "state", "started_on")),
    (Admission, "a", ("id", "provider_id", "hourly_rate", "state")),
    (Voucher, "v", None),
    (VoucherTerms, "t", ("id", "school_year_start", "school_year_end")),
    (PassHolder, "p", ("id", "active")),
)


@cache
def _fields(model, names):
    return tuple(f for f in model._meta.concrete_fields if names is None or f.attname in names)


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


@cache
def _lock_sql(by_provider):
    columns = ", ".join(
        f'{alias}."{field.column}"'
        for model, alias, names in _READ
        for field in _fields(model, names)
    )
    # Only names from the models are formatted in; the values go as parameters.
    return (
        f"SELECT {columns} FROM {_table(Enrolment)} e "  # noqa: S608
        f"JOIN {_table(Admission)} a ON a.id = e.admission_id "
        f"JOIN {_table(Voucher)} v ON v.id = e.voucher_id "
        f"JOIN {_table(VoucherTerms)} t ON t.id = v.terms_id "
        f"JOIN {_table(PassHolder)} p ON p.id = v.pass_holder_id "
        f"WHERE e.id = %s{' AND a.provider_id = %s' if by_provider else ''} FOR UPDATE OF v"
    )


def lock(enrolment_id, provider_id):
    """The enrolment with its admission as it is now and its voucher locked."""
    params = [enrolment_id] + ([provider_id] if provider_id is not None else [])
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql(provider_id is not None), params)
        row = cursor.fetchone()
    if row is None:
        raise Enrolment.DoesNotExist
    instances, start = [], 0
    for model, _, names in _READ:
        fields = _fields(model, names)
        values = row[start : start + len(fields)]
        instances.append(model.from_db("default", [f.attname for f in fields], values))
        start += len(fields)
    enrolment, admission, voucher, terms, holder = instances
    enrolment.admission, enrolment.voucher = admission, voucher
    voucher.terms, voucher.pass_holder = terms, holder
    return enrolment


# What a replayed booking is compared on and answers with.
_REPLAY = ("id", "enrolment_id", "admission_id", "idempotency_key", "day", "hours", "amount")


@cache
def _sessions_sql():
    columns = ", ".join(f'"{field.column}"' for field in _fields(Session, _REPLAY))
    return (
        f"SELECT {columns} FROM {_table(Session)} "  # noqa: S608
        "WHERE (admission_id = %s AND idempotency_key = %s) "
        "OR (voucher_id = %s AND day = %s AND reversed_at IS NULL)"
    )


def sessions_for(admission_id, key, voucher_id, day):
    """The session booked with this key, and any booked for this child on this day."""
    with connection.cursor() as cursor:
        cursor.execute(_sessions_sql(), [admission_id, key, voucher_id, day])
        rows = cursor.fetchall()
    names = [field.attname for field in _fields(Session, _REPLAY)]
    return [Session.from_db("default", names, row) for row in rows]


@cache
def _insert_sql(model, computed):
    """INSERT ... SELECT of one row of `model`, and the fields whose values it takes;
    `computed` gives SQL for some columns instead."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    sql_for = dict(computed)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = ", ".join(sql_for.get(f.attname, "%s") for f in fields)
    sql = f"INSERT INTO {_table(model)} ({columns}) SELECT {values}"  # noqa: S608
    return sql, [f for f in fields if f.attname not in sql_for]


def _insert(instance, computed=()):
    sql, fields = _insert_sql(type(instance), computed)
    return sql, [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]


def write(session, entry, voucher, line):
    """Saves the session, its ledger line, the voucher's balance and the log line at once;
    fills in the session's id and recording time."""
    session_sql, session_params = _insert(session)
    entry_sql, entry_params = _insert(entry, (("session_id", "(SELECT id FROM booked)"),))
    line_sql, line_params = _insert(line)
    sql = (
        f"WITH booked AS ({session_sql} RETURNING id, recorded_at), "  # noqa: S608
        f"ledger AS ({entry_sql}), "
        f"balance AS (UPDATE {_table(Voucher)} SET balance = %s WHERE id = %s), "
        f"logged AS ({line_sql}) "
        "SELECT id, recorded_at FROM booked"
    )
    params = [*session_params, *entry_params, voucher.balance, voucher.pk, *line_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        session.pk, session.recorded_at = cursor.fetchone()
    session._state.adding = False
    return session
