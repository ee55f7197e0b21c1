"""A booking's read and write on PostgreSQL: one statement each, no lock, no transaction.

Bookings come in bursts through the providers' API, each a few milliseconds of work, so what
they cost is mostly round trips to the database. Here the booking reads the enrolment, its
admission, voucher, pass holder and the sessions its key or day already has in one statement,
and writes the session, its ledger line, the balance and the transition-log line in one
statement with data-modifying CTEs, which is atomic by itself: no BEGIN, lock or COMMIT in
between. The write only takes effect if the voucher still has the balance and state that
were read (compare and swap), so a booking that got in between is never overwritten: the
caller reads again. Statements are built from the models' own fields so a changed field
cannot be missed (measured with `python -m benchmarks.redeem_sessions`).
"""

from functools import cache

from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor

from vouchers.models import (
    Admission,
    Enrolment,
    PassHolder,
    Session,
    Voucher,
    VoucherTerms,
)

# (model, alias, the fields read): the voucher whole, as the caller gets it back.
_READ = (
    (Enrolment, "e", ("id", "voucher_id", "admission_id", "location_id", "state", "started_on")),
    (Admission, "a", ("id", "provider_id", "hourly_rate", "state")),
    (Voucher, "v", None),
    (VoucherTerms, "t", ("id", "school_year_start", "school_year_end")),
    (PassHolder, "p", ("id", "active")),
)
# What a replayed booking is compared on and answers with.
_REPLAY = ("id", "enrolment_id", "admission_id", "idempotency_key", "day", "hours", "amount")
_SESSION = (Session, "s", _REPLAY)  # last in the row


class _Cursor(ServerBindingCursor):
    def _send_query_prepared(self, name, pgq, **kwargs):
        # psycopg leaves the query of a prepared run unset; Django's query log reads it.
        self._query = pgq
        super()._send_query_prepared(name, pgq, **kwargs)


def _cursor():
    """A cursor that binds values on the server, logged and wrapped as Django's own are.

    psycopg prepares a statement from its second use on a connection, so on a persistent
    connection (DATABASE_CONN_MAX_AGE) PostgreSQL plans each of a booking's two statements
    once instead of on every booking (planning the six-table read cost more than running
    it), and a connection used for one request never pays for preparing. Only these
    statements bind on the server; Django's own cursors never prepare (a pooler needs to
    keep prepared statements: PgBouncer 1.21 or later)."""
    connection.ensure_connection()
    connection.connection.prepare_threshold = 1
    return connection._prepare_cursor(_Cursor(connection.connection))


@cache
def _fields(model, names):
    return tuple(f for f in model._meta.concrete_fields if names is None or f.attname in names)


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


@cache
def _read_sql(by_provider):
    columns = ", ".join(
        f'{alias}."{field.column}"'
        for model, alias, names in (*_READ, _SESSION)
        for field in _fields(model, names)
    )
    # Only names from the models are formatted in; the values go as parameters. One row per
    # session with this key (for the provider) or on this day (for the child), or one row
    # without a session.
    return (
        f"SELECT {columns} FROM {_table(Enrolment)} e "  # noqa: S608
        f"JOIN {_table(Admission)} a ON a.id = e.admission_id "
        f"JOIN {_table(Voucher)} v ON v.id = e.voucher_id "
        f"JOIN {_table(VoucherTerms)} t ON t.id = v.terms_id "
        f"JOIN {_table(PassHolder)} p ON p.id = v.pass_holder_id "
        f"LEFT JOIN {_table(Session)} s ON (s.admission_id = e.admission_id "
        "AND s.idempotency_key = %s) "
        "OR (s.voucher_id = e.voucher_id AND s.day = %s AND s.reversed_at IS NULL) "
        f"WHERE e.id = %s{' AND a.provider_id = %s' if by_provider else ''}"
    )


def _instances(row):
    """The enrolment, admission, voucher, terms and pass holder at the start of a read row."""
    instances, start = [], 0
    for model, _, names in _READ:
        fields = _fields(model, names)
        values = row[start : start + len(fields)]
        instances.append(model.from_db("default", [f.attname for f in fields], values))
        start += len(fields)
    return instances


def read(enrolment_id, provider_id, key, day):
    """The enrolment as it is now (with its admission, voucher, terms and pass holder), and
    the sessions booked with this key or for this child on this day."""
    params = [key, day, enrolment_id] + ([provider_id] if provider_id is not None else [])
    with _cursor() as cursor:
        cursor.execute(_read_sql(provider_id is not None), params)
        rows = cursor.fetchall()
    if not rows:
        raise Enrolment.DoesNotExist
    enrolment, admission, voucher, terms, holder = _instances(rows[0])
    enrolment.admission, enrolment.voucher = admission, voucher
    voucher.terms, voucher.pass_holder = terms, holder
    fields = _fields(Session, _REPLAY)
    names = [field.attname for field in fields]
    sessions = [Session.from_db("default", names, row[-len(fields) :]) for row in rows]
    return enrolment, [session for session in sessions if session.pk is not None]


@cache
def _insert_sql(model, source, computed):
    """INSERT ... SELECT of one row of `model` for each row of `source`, and the fields whose
    values it takes; `computed` gives SQL for some columns instead."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    sql_for = dict(computed)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = ", ".join(sql_for.get(f.attname, "%s") for f in fields)
    sql = f"INSERT INTO {_table(model)} ({columns}) SELECT {values} FROM {source}"  # noqa: S608
    return sql, [f for f in fields if f.attname not in sql_for]


def _insert(instance, source, computed=()):
    sql, fields = _insert_sql(type(instance), source, computed)
    return sql, [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]


def write(session, entry, voucher, line):
    """Saves the session, its ledger line, the lowered balance and the log line at once, if
    the voucher still has the balance and state it had when read. Returns whether it did;
    if so, fills in the session's id and recording time and lowers `voucher.balance`."""
    session_sql, session_params = _insert(session, "changed")
    entry_sql, entry_params = _insert(entry, "booked", (("session_id", "booked.id"),))
    line_sql, line_params = _insert(line, "changed")
    sql = (
        f"WITH changed AS (UPDATE {_table(Voucher)} SET balance = balance - %s "  # noqa: S608
        "WHERE id = %s AND balance = %s AND state = %s RETURNING id), "
        f"booked AS ({session_sql} RETURNING id, recorded_at), "
        f"ledger AS ({entry_sql}), "
        f"logged AS ({line_sql}) "
        "SELECT id, recorded_at FROM booked"
    )
    expected = [session.amount, voucher.pk, voucher.balance, voucher.state]
    with _cursor() as cursor:
        cursor.execute(sql, [*expected, *session_params, *entry_params, *line_params])
        row = cursor.fetchone()
    if row is None:
        return False
    session.pk, session.recorded_at = row
    session._state.adding = False
    voucher.balance -= session.amount
    return True
