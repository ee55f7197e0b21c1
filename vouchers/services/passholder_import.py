"""Pass holders and their vouchers: importing the pass administration's file (upload,
dry run, then the import itself), issuing vouchers and letting them expire.

The dry run and the import both read the stored file and compare it with the database, so
the import does exactly what a fresh comparison says: new holders are added, changed ones
updated, unchanged ones left alone (an identical file changes nothing), and holders no
longer in the file marked as such; nothing is deleted. On PostgreSQL the rows to write are
loaded with COPY into a temporary table and upserted from there in one statement.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from kern import transitions
from kern.permissions import require
from vouchers import passholder_file, tasks
from vouchers.models import (
    ColumnMapping,
    ImportState,
    PassHolder,
    PassHolderImport,
    PassNumberRule,
    Voucher,
    VoucherState,
)

# A child with a voucher in one of these states loses its use when marked gone.
USABLE_STATES = (VoucherState.ISSUED, VoucherState.ACTIVE, VoucherState.EXHAUSTED)

logger = logging.getLogger(__name__)

REPORT_LIMIT = 500
PROGRESS_EVERY = 5000
_FIELDS = passholder_file.Row.FIELDS


@transaction.atomic
def upload(actor, uploaded, background=True):
    """Stores the file and starts the dry run: as a task, or (background=False, for the
    command line) left to the caller."""
    require(actor, "vouchers.import_passholders")
    suffix = passholder_file.check_upload(uploaded)
    digest = _sha256(uploaded)
    batch = PassHolderImport(
        original_name=uploaded.name[:200], suffix=suffix, sha256=digest, uploaded_by=actor
    )
    batch.file.save(f"{digest}{suffix}", uploaded, save=False)
    batch.save()
    if background:
        _schedule(tasks.check_import, batch.pk)
    return batch


def _sha256(uploaded):
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def earlier_import(batch):
    """The last time this very file was imported: the dry run says so, and whether
    importing it again would still change something (after a wrong file, it would)."""
    return (
        PassHolderImport.objects.filter(sha256=batch.sha256, state=ImportState.DONE)
        .exclude(pk=batch.pk)
        .order_by("-finished_at")
        .first()
    )


def check(batch_id):
    """The dry run: what would happen per row, and every invalid row with its reason. Run
    again after a worker died mid-check (the task is acknowledged late), it simply goes on."""
    batch = PassHolderImport.objects.get(pk=batch_id)
    if batch.state == ImportState.UPLOADED:
        batch = _transition(batch_id, "start_check")
    elif batch.state != ImportState.CHECKING:
        return
    analysis = _failing_safely(batch_id, lambda: _analyse(batch))
    if analysis is not None:
        _transition(batch_id, "finish_check", analysis)


@transaction.atomic
def start_import(actor, batch, skip_invalid, allow_mass_gone=False, background=True):
    require(actor, "vouchers.import_passholders")
    batch = PassHolderImport.objects.select_for_update().get(pk=batch.pk)
    counts = batch.counts
    if counts.get("invalid") and not skip_invalid:
        raise ValidationError(
            "Het bestand heeft ongeldige regels. Verbeter het bestand, of kies ervoor de "
            "ongeldige regels over te slaan."
        )
    if not any(counts.get(kind) for kind in ("new", "changed", "gone")):
        raise ValidationError("Dit bestand verandert niets: alle pashouders zijn al zo bekend.")
    if too_many_gone(counts) and not allow_mass_gone:
        raise ValidationError(mass_gone_warning(counts))
    transitions.run(actor, batch, "start_import", skip_invalid, allow_mass_gone)
    if background:
        _schedule(tasks.run_import, batch.pk)
    return batch


def too_many_gone(counts):
    """More pass holders would be marked gone than a complete file plausibly drops."""
    return counts.get("gone", 0) > settings.PASSHOLDER_MAX_GONE_SHARE * counts.get("active", 0)


def mass_gone_warning(counts):
    return (
        f"Dit bestand zou {counts['gone']} van de {counts.get('active', 0)} pashouders als "
        f"vertrokken markeren; {counts.get('gone_with_voucher', 0)} kinderen daarvan hebben een "
        "voucher die dan niet meer werkt. Is het bestand compleet? Bevestig dit alleen als u "
        "het zeker weet."
    )


def run_import(batch_id):
    """Writes what a fresh comparison says, only if the pass holders are still as the dry
    run saw them; otherwise the batch goes back to the dry-run page with the new numbers.
    One lock makes two imports wait for each other; a crash leaves nothing half-written."""
    batch = PassHolderImport.objects.get(pk=batch_id)
    if batch.state != ImportState.IMPORTING:
        return

    def write():
        # Read outside the transaction, so the page can follow the progress.
        analysis = _analyse(batch)
        if analysis.fingerprint != batch.checked_against:
            return analysis, "recheck"
        if analysis.problems and not batch.skip_invalid:
            raise ValidationError("Het bestand heeft ongeldige regels; er is niets ingelezen.")
        if too_many_gone(analysis.counts) and not batch.allow_mass_gone:
            raise ValidationError(mass_gone_warning(analysis.counts))
        with transaction.atomic():
            _one_import_at_a_time()
            if _fingerprint(_rules()) != analysis.fingerprint:  # changed meanwhile
                return analysis, "recheck"
            _write(analysis.to_write, batch)
            _mark_gone(analysis.gone, batch)
        return analysis, "finish_import"

    outcome = _failing_safely(batch_id, write)
    if outcome is None:
        return
    analysis, step = outcome
    if step == "recheck":
        _transition(batch_id, "recheck", analysis)
    else:
        _transition(batch_id, "finish_import", analysis.counts, timezone.now())


def _one_import_at_a_time():
    """Two imports wait for each other until the first commits (SQLite writes one at a
    time anyway); a transaction-scoped advisory lock on PostgreSQL."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK])


# Any fixed number: the advisory lock that serialises pass-holder imports.
_IMPORT_LOCK = 7_351_001


def _failing_safely(batch_id, work):
    """Runs a step; whatever goes wrong fails the batch with a message instead of leaving it
    running for ever. Refusals keep their reason; anything else is logged in full."""
    details = {}
    try:
        return work()
    except passholder_file.MissingColumns as error:
        message = " ".join(error.messages)
        details = {"headings": error.headings, "missing": error.missing}
    except ValidationError as error:
        message = " ".join(error.messages)
    except Exception:
        logger.exception("pass-holder import %s failed", batch_id)
        message = (
            "Er ging iets mis bij het verwerken van dit bestand. Er is niets ingelezen. "
            "Probeer het opnieuw; lukt het weer niet, neem dan contact op met functioneel beheer."
        )
    _transition(batch_id, "fail", message, **details)
    return None


@transaction.atomic
def map_columns(actor, batch, choices, background=True):
    """Remembers which of the file's headings holds each missing column ({column: heading})
    and checks the file again; later files with these headings are read the same way."""
    require(actor, "vouchers.import_passholders")
    if set(choices) != set(batch.missing_columns) or not set(choices.values()) <= set(
        batch.headings
    ):
        raise ValidationError("Kies voor elke ontbrekende kolom een kolomnaam uit het bestand.")
    if len(set(choices.values())) != len(choices):
        raise ValidationError("Kies voor elke kolom een andere kolomnaam.")
    for column, heading in choices.items():
        ColumnMapping.objects.update_or_create(
            heading=passholder_file.heading_key(heading),
            defaults={"column": column, "created_by": actor},
        )
    return retry(actor, batch, background=background)


@transaction.atomic
def retry(actor, batch, background=True):
    """Starts a failed batch again from its stored file."""
    require(actor, "vouchers.import_passholders")
    batch = PassHolderImport.objects.select_for_update().get(pk=batch.pk)
    transitions.run(actor, batch, "retry")
    if background:
        _schedule(tasks.check_import, batch.pk)
    return batch


def fail_stuck_imports(now=None):
    """A batch that has been checking or importing for far longer than any file takes (a
    worker killed for good, a lost connection) is failed, so it can be started again."""
    limit = (now or timezone.now()) - timedelta(minutes=settings.PASSHOLDER_IMPORT_TIMEOUT_MINUTES)
    stuck = PassHolderImport.objects.filter(
        Q(state__in=[ImportState.CHECKING, ImportState.IMPORTING], step_started_at__lt=limit)
        | Q(state=ImportState.UPLOADED, uploaded_at__lt=limit)
    ).values_list("pk", flat=True)
    failed = 0
    for batch_id in stuck:
        try:
            _transition(
                batch_id,
                "fail",
                "Dit bestand bleef te lang hangen en is gestopt. Er is niets ingelezen. Start "
                "het opnieuw.",
            )
        except ValidationError:
            continue  # it finished after all, between the list and the lock
        failed += 1
    return failed


def _schedule(task, batch_id):
    transaction.on_commit(lambda: task.delay(batch_id))


def _transition(batch_id, name, *args, **kwargs):
    """The import's own steps, in short transactions of their own so the page shows them;
    logged as done by the administrator who uploaded the file."""
    with transaction.atomic():
        batch = PassHolderImport.objects.select_for_update().get(pk=batch_id)
        transitions.run(batch.uploaded_by, batch, name, *args, **kwargs)
    return batch


class Analysis:
    """What the file would do to the database: rows to write, holders gone, a report, and
    the state of the pass holders it was compared with (its fingerprint)."""

    def __init__(self, rows, problems, existing, with_voucher, fingerprint):
        in_file = {row.pass_number for row in rows}
        self.to_write, sample = [], []
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for row in rows:
            action = _action(row, existing.get(row.pass_number))
            counts[action] += 1
            if action != "unchanged":
                self.to_write.append(row)
                sample.append([row.line, row.pass_number, action])
        self.gone = [
            number for number, known in existing.items() if known[-1] and number not in in_file
        ]
        self.sample = sample[:REPORT_LIMIT] + [[None, n, "gone"] for n in self.gone[:REPORT_LIMIT]]
        self.problems = [[line, reason] for line, reason in problems[:REPORT_LIMIT]]
        self.fingerprint = fingerprint
        self.counts = {
            **counts,
            "rows": len(rows) + len(problems),
            "gone": len(self.gone),
            "gone_with_voucher": len(with_voucher.intersection(self.gone)),
            "active": sum(1 for known in existing.values() if known[-1]),
            "invalid": len(problems),
        }


def _action(row, known):
    """known: the stored values after the pass number, then whether the holder is active."""
    if known is None:
        return "new"
    if known[-1] and known[:-1] == row.values()[1:]:
        return "unchanged"
    return "changed"


def _analyse(batch):
    rules = _rules()
    # Taken before the file and the holders are read: whatever changes meanwhile shows as a
    # mismatch when the import starts, never as a dry run that looks current.
    fingerprint = _fingerprint(rules)
    progress = _Progress(batch.pk)
    with batch.file.open("rb") as handle:
        cells = progress.counting(passholder_file.read_cells(handle, batch.suffix))
        rows, problems = passholder_file.parse(cells, *rules)
    existing = {
        number: tuple(values)
        for number, *values in PassHolder.objects.values_list(*_FIELDS, "active").iterator(
            chunk_size=10_000
        )
    }
    with_voucher = set(
        Voucher.objects.filter(state__in=USABLE_STATES).values_list(
            "pass_holder__pass_number", flat=True
        )
    )
    return Analysis(rows, problems, existing, with_voucher, fingerprint)


def _rules():
    """What the file is read by: the pass-number pattern, and the column each heading an
    administrator named stands for."""
    return (
        PassNumberRule.current().pattern,
        dict(ColumnMapping.objects.values_list("heading", "column")),
    )


def _fingerprint(rules):
    """Changes whenever a pass holder is added, changed or marked gone, and whenever the
    rules the file is read by change: the same file may then say something else than the
    dry run showed."""
    seen = PassHolder.objects.aggregate(count=Count("pk"), last=Max("updated_at"))
    pattern, mapping = rules
    read_by = hashlib.sha256(repr((pattern, sorted(mapping.items()))).encode()).hexdigest()[:16]
    return f"{seen['count']}:{seen['last'].isoformat() if seen['last'] else '-'}:{read_by}"


class _Progress:
    """Counts rows as they are read and tells the database now and then, so the officer's
    page can show how far the job is."""

    def __init__(self, batch_id):
        self.batch_id = batch_id

    def counting(self, cells):
        count = 0
        for count, item in enumerate(cells, 1):
            if count % PROGRESS_EVERY == 0:
                PassHolderImport.objects.filter(pk=self.batch_id).update(processed_rows=count)
            yield item
        PassHolderImport.objects.filter(pk=self.batch_id).update(
            processed_rows=max(count - 1, 0), total_rows=max(count - 1, 0)
        )


def _write(rows, batch):
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy_and_upsert(rows, batch)
        return
    PassHolder.objects.bulk_create(
        (
            PassHolder(**dict(zip(_FIELDS, row.values(), strict=True)), last_import=batch)
            for row in rows
        ),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["pass_number"],
        update_fields=[*_FIELDS[1:], "active", "last_import", "updated_at"],
    )


def _copy_and_upsert(rows, batch):
    table = PassHolder._meta.db_table
    columns = ", ".join(_FIELDS)
    updates = ", ".join(f"{field} = EXCLUDED.{field}" for field in _FIELDS[1:])
    with connection.cursor() as cursor:
        cursor.execute(
            # The staging table takes its column types from the model's table.
            "CREATE TEMP TABLE passholder_staging ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY passholder_staging ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row.values())
        cursor.execute(
            # Only names from the model are formatted in; the values go as parameters.
            f"INSERT INTO {table} ({columns}, active, last_import_id, updated_at) "  # noqa: S608
            f"SELECT {columns}, true, %s, now() FROM passholder_staging "
            f"ON CONFLICT (pass_number) DO UPDATE SET {updates}, active = true, "
            "last_import_id = EXCLUDED.last_import_id, updated_at = EXCLUDED.updated_at",
            [batch.pk],
        )
        # ON COMMIT DROP alone would keep it for a second import in the same transaction.
        cursor.execute("DROP TABLE passholder_staging")


def _mark_gone(numbers, batch):
    for start in range(0, len(numbers), 5000):
        PassHolder.objects.filter(pass_number__in=numbers[start : start + 5000]).update(
            active=False, last_import=batch, updated_at=timezone.now()
        )
