"""Times the reviewer work queue with 10,000 applications over 4 schemes.

Run: .venv/bin/python -m benchmarks.reviewer_queue
With DATABASE_URL=postgres://... it creates a scratch database next to the named one, fills
it, measures and drops it; without, it uses a scratch SQLite file. Prints the median and
95th-percentile time of the first page and of the page filtered by district, and the number
of SQL queries per page. Target: 95th percentile under 150 ms on PostgreSQL.
BENCH_SHOW_QUERIES=1 also lists each query's time and the plan of the slowest.
"""

import gc
import os
import statistics
import time
from datetime import timedelta
from decimal import Decimal

from benchmarks.scratch_database import scratch_database

APPLICATIONS = 10_000
SCHEMES = 4
ORGANISATIONS = 400
REQUESTS = 60


def fill():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from kern.choices import OrganisationKind
    from kern.models import District, Location, Organisation
    from subsidie.choices import ApplicationState, SchemeKind
    from subsidie.models import Application, Scheme

    now = timezone.now()
    creator = get_user_model().objects.create(username="aanvrager")
    districts = list(District.objects.all())
    organisations = Organisation.objects.bulk_create(
        Organisation(
            kind=OrganisationKind.PROVIDER,
            name=f"Stichting Huiswerk {index}",
            kvk_number=f"{60000000 + index}",
            legal_form="stichting",
            not_for_profit=True,
            not_for_profit_reason="statuten",
            iban="NL91ABNA0417164300",
            contact_name="Contact",
            contact_email="info@example.org",
        )
        for index in range(ORGANISATIONS)
    )
    locations = Location.objects.bulk_create(
        Location(
            organisation=organisation,
            name="Huiswerkplek",
            district=districts[index % len(districts)],
            hours_per_week=Decimal("6"),
            weeks_per_year=40,
            places_per_week=30,
        )
        for index, organisation in enumerate(organisations)
    )
    schemes = [
        Scheme.objects.create(
            name=f"Regeling {index}",
            code=f"regeling-{index}",
            kind=SchemeKind.PROVIDERS,
            description="-",
            legal_basis="Awb",
            opens_at=now - timedelta(days=60),
            closes_at=now + timedelta(days=60),
            allocation="volgorde",
            max_amount=Decimal("100000"),
        )
        for index in range(SCHEMES)
    ]
    states = [ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW, ApplicationState.PROPOSED]
    applications = Application.objects.bulk_create(
        Application(
            reference=f"AV-BENCH-{index:05d}",
            scheme=schemes[index % SCHEMES],
            organisation=organisations[index % ORGANISATIONS],
            state=states[index % len(states)],
            created_by=creator,
            title=f"Huiswerkclub {index}",
            requested_amount=Decimal("12000"),
            received_at=now - timedelta(days=index % 50),
            complete_at=now - timedelta(days=index % 50),
            decision_due=(now + timedelta(days=(index % 80) - 20)).date(),
        )
        for index in range(APPLICATIONS)
    )
    Application.locations.through.objects.bulk_create(
        Application.locations.through(
            application=application, location=locations[index % ORGANISATIONS]
        )
        for index, application in enumerate(applications)
    )
    return districts[0]


def reviewer_client():
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kern import roles
    from tests.factories import StaffFactory

    reviewer = StaffFactory(role=roles.REVIEWER)
    device = TOTPDevice.objects.create(user=reviewer, name="bench", confirmed=True)
    client = Client()
    client.force_login(reviewer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(client, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        client.get("/beoordeling/", params)
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get("/beoordeling/", params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/beoordeling/", params)
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for query in queries.captured_queries:
            print(f"  {query['time']}s {query['sql'][:150]}")
        slowest = max(queries.captured_queries, key=lambda query: float(query["time"]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + slowest["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))
    p95 = statistics.quantiles(timings, n=20)[18]
    return statistics.median(timings), p95, len(queries.captured_queries)


def main():
    with scratch_database():
        from django.db import connection

        started = time.perf_counter()
        district = fill()
        if connection.vendor == "postgresql":
            # What autovacuum would do soon after a real load, done now so that it does not
            # run during the measurement: row counts for the planner, visibility maps.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(
            f"{APPLICATIONS} applications over {SCHEMES} schemes on {connection.vendor} "
            f"(filled in {time.perf_counter() - started:.1f} s); {REQUESTS} requests each"
        )
        client = reviewer_client()
        # The fill's objects live in this process, unlike in a real server; keep Python's
        # full garbage collections from scanning them during the measurement.
        gc.collect()
        gc.freeze()
        for label, params in (
            ("first page", {}),
            (f"district {district.name}", {"district": district.pk}),
        ):
            median, p95, queries = measure(client, params)
            print(f"{label:<40} median {median:6.1f} ms   p95 {p95:6.1f} ms   {queries} queries")


if __name__ == "__main__":
    main()
