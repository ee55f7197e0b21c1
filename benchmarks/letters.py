"""Times issuing vouchers to 20,000 children and a print run of 20,000 household letters.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m benchmarks.letters
(SQLite without DATABASE_URL). In a scratch database it generates pass holders with
addresses, then times:
- issuing: one voucher for each of 20,000 children (14,000 households), through
  issuing.issue_vouchers; goal at most 10 s;
- the print run: 6,000 more households get a voucher (untimed), so 20,000 households have
  new vouchers; start_print_run fixes them, and the parts of at most 1,000 letters are
  rendered by WORKERS processes at once, as that many Celery worker processes would; the
  time runs until the mail-house list is written. Goal at most 120 s on a 2-core machine.
Each is run ROUNDS times on fresh data and the median is reported.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from multiprocessing import get_context

from benchmarks.scratch_database import scratch_database

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
WORKERS = int(os.environ.get("WORKERS", os.cpu_count() or 2))
CHILDREN = 20_000
TWO_CHILD_HOUSEHOLDS = 6_000  # 14,000 households hold the 20,000 children
MORE_HOUSEHOLDS = 6_000


def pass_holders(start, households, two_child, born, round_number):
    from vouchers.models import PassHolder

    holders = []
    for number in range(start, start + households):
        for child in range(2 if number - start < two_child else 1):
            holders.append(
                PassHolder(
                    pass_number=f"{round_number}{10_000_000 + 10 * number + child}",
                    household_number=f"H{round_number}-{number}",
                    name=f"Kind{child} Gezin{number}",
                    date_of_birth=born,
                    postcode=f"25{number % 90 + 10} {'ABCDEFGH'[number % 8]}K",
                    house_number=str(number % 300 + 1),
                    street="Hoefkade",
                    city="Den Haag",
                    valid_from=date(2026, 1, 1),
                    valid_until=date(2026, 12, 31),
                )
            )
    PassHolder.objects.bulk_create(holders, batch_size=5000)
    return len(holders)


def one_round(actor, round_number):
    from django.db import connections

    from tests.factories import VoucherTermsFactory
    from vouchers.models import PassHolder, PrintRun
    from vouchers.services import issuing, printing

    terms = VoucherTermsFactory(ceiling=Decimal("20000000"))
    born = terms.school_year_start.replace(year=terms.school_year_start.year - 13)
    households = CHILDREN - TWO_CHILD_HOUSEHOLDS
    assert pass_holders(0, households, TWO_CHILD_HOUSEHOLDS, born, round_number) == CHILDREN
    started = time.perf_counter()
    result = issuing.issue_vouchers(actor, terms)
    issued = time.perf_counter() - started
    assert result.issued == CHILDREN, result

    pass_holders(households, MORE_HOUSEHOLDS, 0, born, round_number)
    issuing.issue_vouchers(actor, terms)
    started = time.perf_counter()
    run = printing.start_print_run(actor, terms, background=False)
    parts = [(run.pk, part) for part in range(run.parts)]
    connections.close_all()  # each worker process opens its own
    with get_context("fork").Pool(WORKERS) as pool:
        pool.starmap(printing.print_part, parts)
    printed = time.perf_counter() - started
    run = PrintRun.objects.get(pk=run.pk)
    assert run.state == "done" and len(run.households) == households + MORE_HOUSEHOLDS, run
    letters = sum(run.files.values_list("letters", flat=True))

    # The next round's scheme finds only its own children.
    PassHolder.objects.update(active=False)
    return issued, printed, letters


def main():
    media = tempfile.mkdtemp(prefix="bench-letters-")
    try:
        measure(media)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def measure(media):
    with scratch_database():
        from django.conf import settings

        from kern import roles
        from tests.factories import StaffFactory

        settings.STORAGES = {
            **settings.STORAGES,
            "default": {**settings.STORAGES["default"], "OPTIONS": {"location": media}},
        }
        actor = StaffFactory(role=roles.ADMINISTRATOR)
        results = []
        for number in range(1, ROUNDS + 1):
            issued, printed, letters = one_round(actor, number)
            results.append((issued, printed))
            print(
                f"round {number}: issuing {CHILDREN:,} vouchers {issued:.1f} s; "
                f"{letters:,} letters by {WORKERS} processes {printed:.1f} s "
                f"({1000 * printed / letters:.1f} ms a letter)"
            )
        issue_median = statistics.median(issued for issued, _ in results)
        print_median = statistics.median(printed for _, printed in results)
        print(f"median issuing: {issue_median:.1f} s (goal at most 10 s)")
        print(f"median print run: {print_median:.1f} s (goal at most 120 s)")


if __name__ == "__main__":
    main()
