"""Pass holders and their vouchers: importing the pass administration's file (upload,
dry run, then the import itself), issuing vouchers and letting them expire.

The dry run and the import both read the stored file and compare it with the database, so
the import does exactly what a fresh comparison says: new holders are added, changed ones
updated, unchanged ones left alone (an identical file changes nothing), and holders no
longer in the file marked as such; nothing is deleted. On PostgreSQL the rows to write are
loaded with COPY into a temporary table and upserted from there in one statement.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format

from kern import transitions
from kern.permissions import require
from vouchers import passholder_file, tasks
from vouchers.models import (
    ImportState,
    PassHolder,
    PassHolderImport,
    PassNumberRule,
)

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
    earlier = PassHolderImport.objects.filter(sha256=digest, state=ImportState.DONE).first()
    if earlier:
        raise ValidationError(
            f"Dit bestand is al ingelezen op {_moment(earlier.finished_at)} "
            f"({earlier.original_name}). Opnieuw inlezen verandert niets."
        )
    batch = PassHolderImport(
        original_name=uploaded.name[:200], suffix=suffix, sha256=digest, uploaded_by=actor
    )
    batch.file.save(f"{digest}{suffix}", uploaded, save=False)
    batch.save()
    if background:
        _schedule(tasks.check_import, batch.pk)
    return batch


def _moment(value):
    return date_format(timezone.localtime(value), "j F Y, H:i")


def _sha256(uploaded):
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def check(batch_id):
    """The dry run: what would happen per row, and every invalid row with its reason."""
    batch = _transition(batch_id, "start_check")
    try:
        analysis = _analyse(batch)
    except ValidationError as error:
        _transition(batch_id, "fail", " ".join(error.messages))
        return
    _transition(batch_id, "finish_check", analysis.counts, analysis.problems, analysis.sample)


@transaction.atomic
def start_import(actor, batch, skip_invalid, background=True):
    require(actor, "vouchers.import_passholders")
    batch = PassHolderImport.objects.select_for_update().get(pk=batch.pk)
    if batch.counts.get("invalid") and not skip_invalid:
        raise ValidationError(
            "Het bestand heeft ongeldige regels. Verbeter het bestand, of kies ervoor de "
            "ongeldige regels over te slaan."
        )
    transitions.run(actor, batch, "start_import", skip_invalid)
    if background:
        _schedule(tasks.run_import, batch.pk)
    return batch


def run_import(batch_id):
    batch = PassHolderImport.objects.get(pk=batch_id)
    try:
        analysis = _analyse(batch)
        if analysis.problems and not batch.skip_invalid:
            raise ValidationError("Het bestand heeft ongeldige regels; er is niets ingelezen.")
        with transaction.atomic():
            _write(analysis.to_write, batch)
            _mark_gone(analysis.gone, batch)
    except ValidationError as error:
        _transition(batch_id, "fail", " ".join(error.messages))
        return
    _transition(batch_id, "finish_import", analysis.counts, timezone.now())


def _schedule(task, batch_id):
    transaction.on_commit(lambda: task.delay(batch_id))


def _transition(batch_id, name, *args):
    """The import's own steps, in short transactions of their own so the page shows them;
    logged as done by the administrator who uploaded the file."""
    with transaction.atomic():
        batch = PassHolderImport.objects.select_for_update().get(pk=batch_id)
        transitions.run(batch.uploaded_by, batch, name, *args)
    return batch


class Analysis:
    """What the file would do to the database: rows to write, holders gone, a report."""

    def __init__(self, rows, problems, existing):
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
        self.counts = {
            **counts,
            "rows": len(rows) + len(problems),
            "gone": len(self.gone),
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
    progress = _Progress(batch.pk)
    with batch.file.open("rb") as handle:
        cells = progress.counting(passholder_file.read_cells(handle, batch.suffix))
        rows, problems = passholder_file.parse(cells, PassNumberRule.current().pattern)
    existing = {
        number: tuple(values)
        for number, *values in PassHolder.objects.values_list(*_FIELDS, "active").iterator(
            chunk_size=10_000
        )
    }
    return Analysis(rows, problems, existing)


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
            "CREATE TEMP TABLE passholder_staging (pass_number varchar(20), "
            "household_number varchar(20), name varchar(200), date_of_birth date, "
            "postcode varchar(7), house_number varchar(10), valid_from date, "
            "valid_until date) ON COMMIT DROP"
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
