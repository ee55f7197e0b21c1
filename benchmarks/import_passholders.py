"""Times the pass-holder import against a plain bulk_create of the same 100,000 rows.

Run: .venv/bin/python -m benchmarks.import_passholders   (SQLite), or with
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres for PostgreSQL.
It generates a CSV file of 100,000 pass holders, then in a scratch database times:
- the baseline: PassHolder objects built from the generated data and saved with one
  bulk_create, no validation;
- our import into the same empty table: reading the file, validating every row, comparing
  with the database and writing (COPY and upsert on PostgreSQL);
and prints both and their ratio (target: at most 2). It also times the dry run of the same
data sent again, which must find every row unchanged (such a file cannot be imported: the
service refuses it, and the benchmark checks that it does).
"""

import io
import random
import sys
import time
from datetime import date, timedelta

from benchmarks.scratch_database import scratch_database

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
HEADER = "pasnummer;huishoudnummer;naam;geboortedatum;postcode;huisnummer;geldig vanaf;geldig tot"


def generate(rows):
    rng = random.Random(2026)  # noqa: S311 (test data, repeatable on purpose)
    lines = [HEADER]
    for index in range(rows):
        born = date(2008, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        lines.append(
            f"{10_000_000 + index};H{index // 2};Kind {index};{born:%d-%m-%Y};"
            f"25{rng.randrange(10, 99)} {rng.choice('ABCDEFGH')}{rng.choice('JKLMNPRS')};"
            f"{rng.randrange(1, 300)};01-01-2026;31-12-2026"
        )
    return ("\n".join(lines) + "\n").encode()


def baseline(content):
    from vouchers import passholder_file
    from vouchers.models import PassHolder

    rows, _ = passholder_file.parse(
        passholder_file.read_cells(io.BytesIO(content), ".csv"), r"^[0-9]+$"
    )
    objects = [PassHolder(**dict(zip(row.FIELDS, row.values(), strict=True))) for row in rows]
    started = time.perf_counter()
    PassHolder.objects.bulk_create(objects, batch_size=2000)
    return time.perf_counter() - started


def upload_and_check(content, actor, name):
    """The upload and the dry run (the comparison with the database), timed together."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vouchers.models import PassHolderImport
    from vouchers.services import passholder_import

    started = time.perf_counter()
    batch = passholder_import.upload(actor, SimpleUploadedFile(name, content), background=False)
    passholder_import.check(batch.pk)
    return time.perf_counter() - started, PassHolderImport.objects.get(pk=batch.pk)


def ours(content, actor, name):
    from vouchers.models import PassHolderImport
    from vouchers.services import passholder_import

    _, batch = upload_and_check(content, actor, name)
    passholder_import.start_import(actor, batch, False, background=False)
    started = time.perf_counter()
    passholder_import.run_import(batch.pk)
    elapsed = time.perf_counter() - started
    return elapsed, PassHolderImport.objects.get(pk=batch.pk)


def unchanged(content, actor, name):
    """The same data again: every row unchanged, and the import refused."""
    from django.core.exceptions import ValidationError

    from vouchers.services import passholder_import

    took, batch = upload_and_check(content, actor, name)
    assert batch.counts.get("unchanged") == ROWS, batch.counts
    try:
        passholder_import.start_import(actor, batch, False, background=False)
    except ValidationError:
        return took, batch
    raise AssertionError("a file that changes nothing was imported")


def main():
    with scratch_database():
        from django.db import connection

        from kern import roles
        from tests.factories import StaffFactory
        from vouchers.models import PassHolder

        content = generate(ROWS)
        actor = StaffFactory(role=roles.ADMINISTRATOR)
        base = baseline(content)
        PassHolder.objects.all().delete()
        took, batch = ours(content, actor, "pashouders.csv")
        assert batch.state == "done", batch.message
        again, second = unchanged(content + b"\n", actor, "pashouders-kopie.csv")
        print(f"{ROWS} pass holders, CSV of {len(content) / 1e6:.1f} MB, on {connection.vendor}")
        print(f"baseline bulk_create           {base:6.2f} s")
        print(f"our import (validated, written) {took:6.2f} s   counts {batch.counts}")
        print(f"ratio                           {took / base:6.2f}   (target at most 2)")
        print(f"dry run of the same data again  {again:6.2f} s   counts {second.counts}")


if __name__ == "__main__":
    main()
