"""A running voucher round in the demo data (scenario 5), built through the services as the
roles would: generated pass holders across the districts, issued vouchers, two admitted
providers, a parent with an active enrolment and booked sessions, a submitted declaration.

The round is built once: when its voucher terms exist, only the pass holders are checked.
All names and numbers are invented.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from kern.demo import upsert, user_with_password
from kern.models import Location, Organisation
from vouchers.models import (
    Admission,
    ParentAccount,
    PassHolder,
    PostcodeArea,
    Voucher,
    VoucherTerms,
)
from vouchers.services import (
    admissions,
    declarations,
    enrolments,
    issuing,
    parents,
    rounds,
    sessions,
)

_FIRST_NAMES = (
    "Sara",
    "Omar",
    "Noah",
    "Lina",
    "Daan",
    "Aya",
    "Mila",
    "Yusuf",
    "Emma",
    "Adam",
    "Nora",
    "Bilal",
    "Julia",
    "Amir",
    "Zoë",
    "Rayan",
    "Fenna",
    "Hamza",
    "Lotte",
    "Ilias",
    "Sanne",
    "Mohamed",
    "Iris",
    "Kerem",
    "Tess",
    "Mehmet",
    "Lieke",
    "Anouk",
    "Jayden",
    "Fatima",
)
_LAST_NAMES = (
    "de Vries",
    "Jansen",
    "El Amrani",
    "Bakker",
    "Yilmaz",
    "Visser",
    "Smit",
    "Öztürk",
    "de Graaf",
    "Bouzid",
    "Mulder",
    "Pinas",
    "van Dijk",
    "Kartosen",
    "Meijer",
    "Haddou",
    "de Boer",
    "Ramdin",
    "Kok",
    "Doğan",
)
_STREETS = ("Hoefkade", "Zuiderparklaan", "Paul Krugerlaan", "Loosduinseweg", "Heeswijkplein")
# The first household is the demo parent's.
PARENT_HOUSEHOLD = "900001"


def load_voucher_round(data):
    entry = data.get("voucher_round")
    if not entry:
        return []
    _pass_holders(entry["pass_holders"])
    if not VoucherTerms.objects.filter(scheme__name=entry["name"]).exists():
        _build_round(entry, data["password"])
    return [(entry["parent"]["username"], f"Ouder met vouchers (huishouden {PARENT_HOUSEHOLD})")]


def school_year(today):
    """The school year that holds today (from 1 August), but begun at least two months ago,
    so that the demo always has a past month with booked hours to declare."""
    start = date(today.year if today.month >= 8 else today.year - 1, 8, 1)
    two_months_ago = (today.replace(day=1) - timedelta(days=32)).replace(day=1)
    start = min(start, two_months_ago)
    return start, start.replace(year=start.year + 1) - timedelta(days=1)


def _pass_holders(count):
    """Children of 12 to 17 in households of one to three, in the districts of the demo
    locations (their postcode areas are mapped to those districts)."""
    areas = {}
    for location in Location.objects.select_related("district"):
        area = location.postcode[:4]
        upsert(PostcodeArea, {"postcode": area}, {"district": location.district})
        areas[area] = location.district
    start, end = school_year(timezone.localdate())
    rng = random.Random(2026)  # noqa: S311 (demo data, the same on every machine)
    number, household = 0, 0
    while number < count:
        household += 1
        last_name, area = rng.choice(_LAST_NAMES), rng.choice(sorted(areas))
        address = {
            "postcode": f"{area} {rng.choice('ABCDEFGHJK')}{rng.choice('ABCDEFGHJK')}",
            "house_number": str(rng.randrange(1, 250)),
            "street": rng.choice(_STREETS),
            "city": "Den Haag",
        }
        for _ in range(min(rng.choice((1, 1, 2, 2, 3)), count - number)):
            number += 1
            upsert(
                PassHolder,
                {"pass_number": f"{7_000_000 + number:07d}"},
                {
                    "household_number": f"{900_000 + household}",
                    "name": f"{rng.choice(_FIRST_NAMES)} {last_name}",
                    "date_of_birth": start.replace(year=start.year - rng.randrange(12, 18))
                    + timedelta(days=rng.randrange(365)),
                    "valid_from": start.replace(month=1, day=1),
                    "valid_until": end.replace(month=12, day=31),
                    **address,
                },
            )


def _build_round(entry, password):
    administrator = get_user_model().objects.get(username=entry["administrator"])
    terms = _terms(administrator, entry)
    issuing.issue_vouchers(administrator, terms)
    admitted = [_admit(administrator, terms, admission) for admission in entry["admissions"]]
    _parent_with_enrolment(entry, password, terms, admitted[0])


def _terms(administrator, entry):
    start, end = school_year(timezone.localdate())
    return rounds.create_round(
        administrator,
        name=entry["name"],
        description=entry["description"],
        legal_basis=entry["legal_basis"],
        start=start,
        end=end,
        value=Decimal(entry["value_per_child"]),
        ceiling=Decimal(entry["ceiling"]),
        min_age=12,
        max_age=18,
        max_hourly_rate=Decimal(entry["max_hourly_rate"]),
    )


def _admit(administrator, terms, entry):
    provider = Organisation.objects.get(kind="provider", kvk_number=entry["kvk_number"])
    member = provider.memberships.get(user__username=entry["member"]).user
    locations = list(provider.locations.filter(name__in=entry["locations"]))
    admission = admissions.request_admission(
        member, provider, terms, Decimal(entry["hourly_rate"]), locations
    )
    admissions.decide_admission(administrator, admission, "toelaten", "Demodata.")
    return Admission.objects.get(pk=admission.pk), member


def _parent_with_enrolment(entry, password, terms, admitted):
    """The parent turns on the first child's voucher; the provider accepts and starts the
    place at the start of last month, books the club's days since, and declares last month."""
    admission, provider_member = admitted
    parent = user_with_password(entry["parent"], password, is_staff=False)
    ParentAccount.objects.get_or_create(
        user=parent, defaults={"household_number": PARENT_HOUSEHOLD}
    )
    voucher = (
        Voucher.objects.filter(terms=terms, pass_holder__household_number=PARENT_HOUSEHOLD)
        .select_related("pass_holder")
        .order_by("pass_holder__pass_number")
        .first()
    )
    holder = voucher.pass_holder
    parents.activate(parent, "127.0.0.1", holder.pass_number, holder.date_of_birth, voucher.code)
    voucher.refresh_from_db()
    location = admission.locations.get(name=entry["enrolment"]["location"])
    enrolment = enrolments.request_enrolment(parent, voucher, location)
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    enrolments.decide_enrolment(provider_member, enrolment, "accept")
    enrolments.decide_enrolment(provider_member, enrolment, "start", day=last_month)
    hours = entry["enrolment"]["hours"]
    _book_sessions(provider_member, enrolment, location, last_month, today, hours)
    declaration = declarations.start_declaration(provider_member, admission, last_month)
    declarations.submit_declaration(provider_member, declaration)


_WEEKDAYS = {"ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4}


def _book_sessions(provider_member, enrolment, location, began, today, hours):
    """The club's first opening day of every week, from the start to yesterday."""
    first_day = min(_WEEKDAYS[day] for day in location.days)
    day = began + timedelta(days=(first_day - began.weekday()) % 7)
    while day < today:
        sessions.record_session(
            provider_member, enrolment, day, Decimal(hours), f"demo-{day.isoformat()}"
        )
        day += timedelta(weeks=1)
