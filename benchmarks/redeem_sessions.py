"""Books sessions through the API under load, served by gunicorn on PostgreSQL.

Run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres set:
     .venv/bin/python -m benchmarks.redeem_sessions
It fills a scratch database (vouchers with running enrolments, sessions booked before and a
provider key), starts gunicorn with the production settings (config/gunicorn.conf.py) on
127.0.0.1 only, warms both endpoints up (not counted), and alternates, five times
each, a phase in which 16 clients request a trivial authenticated endpoint (GET /api/v1/me: the
ceiling) and a phase in which they book sessions (one in 20 requests repeats an earlier key, as
a client retrying would). Alternating keeps a slow minute of the machine from deciding the
result. It prints per round and over all rounds the bookings per second, the ceiling and their
ratio, the median ratio, median and 99th-percentile booking latency, and checks the database
afterwards: overdrawn vouchers and double bookings must both be 0. Target: median ratio at
least 0.6 and p99 under 150 ms.
"""

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from decimal import Decimal

from benchmarks.scratch_database import ROOT, scratch_database

CLIENTS = 16
ROUNDS = 5
SECONDS = 8
CEILING_SECONDS = 5
WARM_UP_SECONDS = 2
VOUCHERS_PER_CLIENT = 150
HISTORY_DAYS = 3  # sessions each voucher had before the benchmark
PORT = 8765


def fill():
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from kern.choices import MemberRole
    from kern.models import Membership
    from subsidie.choices import SchemeKind
    from subsidie.models import SchemeBudget
    from tests.factories import LocationFactory, ProviderFactory, SchemeFactory
    from vouchers.models import (
        Admission,
        AdmissionState,
        Enrolment,
        EnrolmentState,
        PassHolder,
        Voucher,
        VoucherState,
        VoucherTerms,
    )
    from vouchers.services import api_keys, sessions

    today = timezone.localdate()
    scheme = SchemeFactory(kind=SchemeKind.VOUCHERS, ceiling=Decimal("10000000"))
    terms = VoucherTerms.objects.create(
        scheme=scheme,
        school_year_start=today - timedelta(days=300),
        school_year_end=today + timedelta(days=30),
        value_per_child=Decimal("300.00"),
    )
    SchemeBudget.objects.get_or_create(
        scheme=scheme, year=terms.budget_year, defaults={"ceiling": 10**7}
    )
    provider = ProviderFactory(name="Stichting Meetlat")
    location = LocationFactory(organisation=provider)
    staff = get_user_model().objects.create_user("meetlat")
    Membership.objects.create(user=staff, organisation=provider, role=MemberRole.ADMIN)
    admission = Admission.objects.create(
        terms=terms, provider=provider, hourly_rate=Decimal("8.00"), state=AdmissionState.ADMITTED
    )
    admission.locations.add(location)
    count = CLIENTS * VOUCHERS_PER_CLIENT
    holders = PassHolder.objects.bulk_create(
        PassHolder(
            pass_number=f"{80000000 + index}",
            household_number=f"B{index}",
            name=f"Kind {index}",
            date_of_birth=terms.school_year_start.replace(year=terms.school_year_start.year - 13),
            postcode="2525 BC",
            house_number="1",
            valid_from=terms.school_year_start,
            valid_until=terms.school_year_end,
        )
        for index in range(count)
    )
    vouchers = Voucher.objects.bulk_create(
        Voucher(
            terms=terms,
            pass_holder=holder,
            code=f"BENCH-{index:06d}",
            value=Decimal("300.00"),
            balance=Decimal("300.00"),
            state=VoucherState.ACTIVE,
        )
        for index, holder in enumerate(holders)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            voucher=voucher, admission=admission, location=location, state=EnrolmentState.ACTIVE
        )
        for voucher in vouchers
    )
    key = api_keys.create_api_token(staff, provider)
    for back in range(HISTORY_DAYS):
        day = today - timedelta(days=100 + back)
        for enrolment in enrolments:
            sessions.record_session(
                staff, enrolment, day, Decimal("1"), f"earlier-{enrolment.pk}-{back}"
            )
    with connection.cursor() as cursor:
        # As a database in use would be: sessions booked before, statistics gathered, the
        # bulk load vacuumed. (On empty tables PostgreSQL plans sequential scans, which
        # then run on every booking as the table grows.)
        cursor.execute("VACUUM ANALYZE")
    return key, [enrolment.pk for enrolment in enrolments], today


def serve():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "benchmark-only-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
    }
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "config/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def load(seconds, request_for, states):
    """CLIENTS threads, each with its own keep-alive connection, for a bounded time; a
    client's state (how many requests it made) carries over from one phase to the next."""
    results, stop = [], time.monotonic() + seconds

    def client(number):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        state = states[number]
        while time.monotonic() < stop:
            method, path, body, headers = request_for(number, state)
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            results.append((response.status, (time.perf_counter() - started) * 1000, payload))
            state["count"] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(number,)) for number in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    return results


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL=postgres://... : this benchmark runs on PostgreSQL.")
    server = None
    with scratch_database():
        try:
            key, enrolments, today = fill()
            server = serve()
            auth = {"Authorization": f"Bearer {key}"}
            rng = random.Random(7)  # noqa: S311 (load pattern, not security)

            def ceiling_request(number, state):
                return "GET", "/api/v1/me", None, auth

            def booking_request(number, state):
                mine = enrolments[number * VOUCHERS_PER_CLIENT : (number + 1) * VOUCHERS_PER_CLIENT]
                count = state["count"]
                if count and rng.random() < 0.05:
                    count -= 1  # a retry: same enrolment, day and key as the request before
                enrolment = mine[count % len(mine)]
                day = today - timedelta(days=1 + count // len(mine))
                body = json.dumps({"day": day.isoformat(), "hours": "1"})
                headers = {
                    **auth,
                    "Content-Type": "application/json",
                    "Idempotency-Key": f"c{number}-{count}",
                }
                return "POST", f"/api/v1/enrolments/{enrolment}/sessions", body, headers

            ceiling_states = [{"count": 0} for _ in range(CLIENTS)]
            booking_states = [{"count": 0} for _ in range(CLIENTS)]
            # Not counted: the workers' first requests load code and prepare statements,
            # which would lower the first ceiling and flatter the first ratio.
            load(WARM_UP_SECONDS, ceiling_request, ceiling_states)
            load(WARM_UP_SECONDS, booking_request, booking_states)
            rounds = []
            for _ in range(ROUNDS):
                ceiling = load(CEILING_SECONDS, ceiling_request, ceiling_states)
                bookings = load(SECONDS, booking_request, booking_states)
                rounds.append((ceiling, bookings))
            report(rounds)
        finally:
            if server:
                server.terminate()
                server.wait(timeout=30)


def report(rounds):
    from django.db.models import Count, F, Q, Sum

    from vouchers.models import Session, Voucher

    ratios = []
    for number, (ceiling, bookings) in enumerate(rounds, 1):
        ceiling_rps = len(ceiling) / CEILING_SECONDS
        booked_rps = sum(1 for status, _, _ in bookings if status == 201) / SECONDS
        ratios.append(booked_rps / ceiling_rps)
        print(
            f"round {number}: ceiling {ceiling_rps:7.1f} req/s   bookings {booked_rps:7.1f}/s"
            f"   ratio {ratios[-1]:5.2f}"
        )
    bookings = [result for _, phase in rounds for result in phase]
    replays = sum(1 for status, _, _ in bookings if status == 200)
    other = {status for status, _, _ in bookings} - {200, 201}
    latencies = sorted(latency for _, latency, _ in bookings)
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0
    overdrawn = Voucher.objects.filter(balance__lt=0).count() + (
        Voucher.objects.annotate(
            spent=Sum("sessions__amount", filter=Q(sessions__reversed_at__isnull=True))
        )
        .exclude(balance=F("value") - F("spent"))
        .filter(spent__isnull=False)
        .count()
    )
    doubles = (
        Session.objects.filter(reversed_at__isnull=True)
        .values("voucher", "day")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    print(
        f"latency (all booking requests)  median {statistics.median(latencies):6.1f} ms"
        f"   p99 {p99:6.1f} ms   (target p99 under 150 ms)"
    )
    print(f"replayed keys answered 200      {replays}")
    print(f"other statuses                  {sorted(other) or 'none'}")
    print(f"overdrawn vouchers              {overdrawn}")
    print(f"double bookings                 {doubles}")
    print(
        f"median throughput / ceiling     {statistics.median(ratios):8.2f}   (target at least 0.6)"
    )


if __name__ == "__main__":
    main()
