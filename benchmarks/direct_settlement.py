"""Times the year-end direct settlement of 200 small awards with a 10% sample.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
    .venv/bin/python -m benchmarks.direct_settlement
(SQLite without DATABASE_URL). In a scratch database each round grants 200 awards of € 1,500
whose period ended (untimed), then times `direct.start_run` (the sample and its 20 evidence
requests) plus `direct.settle_run` (180 settlements, each a decision with its PDF letter, in
one process as one Celery worker runs them). Each is run ROUNDS times; the median is
reported. There is no goal in the issue; the page shows progress while it runs.
"""

import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal

from benchmarks.scratch_database import scratch_database

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
AWARDS = 200


def one_round(decider):
    from django.utils import timezone

    from subsidie.services import decisions
    from tests.factories import SchemeFactory
    from tests.subsidie.helpers import proposed
    from verantwoording.models import Settlement
    from verantwoording.services import direct, reports

    today = timezone.localdate()
    scheme = SchemeFactory(ceiling=Decimal("10000000"))
    for _ in range(AWARDS):
        application = proposed(
            amount=Decimal("1500"),
            requested_amount=Decimal("1500"),
            scheme=scheme,
            period_start=date(today.year, 1, 1),
            period_end=today - timedelta(days=7),
        )
        decisions.decide(decider, application)
    reports.expect_reports(today)
    started = time.perf_counter()
    run = direct.start_run(decider, scheme, today.year, percentage=10, seed=2026)
    direct.settle_run(run.pk)
    elapsed = time.perf_counter() - started
    settled = Settlement.objects.filter(run=run).count()
    assert settled == AWARDS - len(run.sampled) == 180, settled
    return elapsed, settled


def main():
    media = tempfile.mkdtemp(prefix="bench-settlement-")
    try:
        with scratch_database():
            from django.conf import settings

            from kern import roles
            from tests.factories import StaffFactory

            settings.STORAGES = {
                **settings.STORAGES,
                "default": {**settings.STORAGES["default"], "OPTIONS": {"location": media}},
            }
            decider = StaffFactory(role=roles.DECISION_MAKER)
            times = []
            for number in range(1, ROUNDS + 1):
                elapsed, settled = one_round(decider)
                times.append(elapsed)
                print(
                    f"round {number}: {settled} settled, 20 asked for evidence, {elapsed:.1f} s "
                    f"({1000 * elapsed / settled:.0f} ms a decision)"
                )
            print(f"median: {statistics.median(times):.1f} s for {AWARDS} awards")
    finally:
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
