"""The city's homework-support offer in public (scenario 4b, seed 000 §4.2): every active
location of the organisations that opted in, with filters, in one stable format for the page,
CSV, Excel and JSON; and the reminder to organisations whose free places are out of date.

Whether a location takes vouchers is the vouchers app's business; it tells the offer through
`register_voucher_locations` (aanbod may not import it).
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone

from aanbod import tasks
from kern.choices import SupportType, Weekday
from kern.models import Location
from kern.models.organisations import UP_TO_DATE

# A reminder is sent again after this long while a location stays out of date.
REMIND_AGAIN = timedelta(weeks=4)

# The published format: these keys, in this order, in the JSON and as the CSV and Excel
# headings. A change here is a new version of the format (FORMAT).
FORMAT = "aanbod-1"
FIELDS = (
    ("id", "vaste nummer van de locatie"),
    ("organisatie", "naam van de school of aanbieder"),
    ("soort", "school of aanbieder"),
    ("locatie", "naam van de locatie"),
    ("adres", "straat en huisnummer, leeg bij alleen online"),
    ("postcode", ""),
    ("plaats", ""),
    ("wijk", "leeg bij alleen online"),
    ("stadsdeel", ""),
    ("online", "ja als de begeleiding alleen online is"),
    ("dagen", "open op, gescheiden door komma's"),
    ("tijden", "zoals de aanbieder ze schrijft"),
    ("hulp", "soorten hulp, gescheiden door puntkomma's"),
    ("voor_wie", "voorwaarden, of 'alle vo-leerlingen'"),
    ("kosten_per_uur", "eigen bijdrage per uur in euro, 0 is gratis"),
    ("voucher", "ja als de Ooievaarspas-voucher hier kan"),
    ("vrije_plekken", "aantal"),
    ("wachtlijst", "aantal leerlingen op de wachtlijst"),
    ("bijgewerkt", "datum waarop plekken en wachtlijst voor het laatst klopten"),
    ("actueel", "nee als dat langer dan 8 weken geleden is"),
    ("aanmelden", "zo meldt een leerling zich aan"),
    ("website", ""),
    ("telefoon", ""),
    ("e_mail", ""),
    ("pagina", "adres van de pagina van deze locatie"),
)

_voucher_locations = []


def register_voucher_locations(locations):
    """`locations()`: a queryset of the ids of locations where vouchers are accepted."""
    _voucher_locations.append(locations)


def _takes_vouchers():
    if not _voucher_locations:
        return Value(False)
    condition = Q()
    for locations in _voucher_locations:
        condition |= Q(pk__in=locations())
    return ExpressionWrapper(condition, output_field=BooleanField())


def published():
    """Every location in the public offer, with `takes_vouchers` and `up_to_date`."""
    return (
        Location.objects.filter(active=True, organisation__in_public_offer=True)
        .with_freshness()
        .select_related("organisation", "district__borough")
        .annotate(takes_vouchers=_takes_vouchers())
        .order_by("district__borough__name", "district__name", "organisation__name", "name")
    )


@dataclass(frozen=True)
class Filters:
    """What a visitor chose; every field comes from the query string, so a URL shares it."""

    borough: int | None = None
    district: int | None = None
    day: str = ""
    support: str = ""
    free_of_charge: bool = False
    voucher: bool = False
    free_places: bool = False
    text: str = ""

    @classmethod
    def from_query(cls, query):
        def number(name):
            value = query.get(name, "")
            # An id: a longer number could only overflow the database's integer.
            return int(value) if value.isdigit() and len(value) < 10 else None

        def choice(name, choices):
            value = query.get(name, "")
            return value if value in choices.values else ""

        return cls(
            borough=number("stadsdeel"),
            district=number("wijk"),
            day=choice("dag", Weekday),
            support=choice("hulp", SupportType),
            free_of_charge=query.get("gratis") == "ja",
            voucher=query.get("voucher") == "ja",
            free_places=query.get("plek") == "ja",
            text=query.get("zoek", "").strip()[:100],
        )


def _listing(field, value):
    """A ChoiceListField holds a JSON list; its text holds each value in quotes, on SQLite
    and PostgreSQL alike (neither backend offers one `contains` for both)."""
    return Q(**{f"{field}_text__contains": f'"{value}"'})


def search(filters):
    rows = published().annotate(
        days_text=Cast("days", TextField()), support_types_text=Cast("support_types", TextField())
    )
    if filters.borough:
        rows = rows.filter(district__borough_id=filters.borough)
    if filters.district:
        rows = rows.filter(district_id=filters.district)
    if filters.day:
        rows = rows.filter(_listing("days", filters.day))
    if filters.support:
        rows = rows.filter(_listing("support_types", filters.support))
    if filters.free_of_charge:
        rows = rows.filter(fee_per_hour=0)
    if filters.voucher:
        rows = rows.filter(takes_vouchers=True)
    if filters.free_places:
        rows = rows.filter(free_places__gt=0)
    if filters.text:
        rows = rows.filter(
            Q(name__icontains=filters.text) | Q(organisation__name__icontains=filters.text)
        )
    return rows


def record(location, page_url):
    """One location in the published format (FIELDS)."""
    organisation = location.organisation
    district = location.district
    conditions = organisation._meta.get_field("admission_conditions").labels(
        organisation.admission_conditions
    )
    return {
        "id": location.pk,
        "organisatie": organisation.name,
        "soort": organisation.get_kind_display(),
        "locatie": location.name,
        "adres": f"{location.street} {location.house_number}".strip(),
        "postcode": location.postcode,
        "plaats": location.city,
        "wijk": district.name if district else "",
        "stadsdeel": district.borough.name if district else "",
        "online": location.online_only,
        "dagen": ", ".join(Location._meta.get_field("days").labels(location.days)),
        "tijden": location.opening_hours,
        "hulp": "; ".join(Location._meta.get_field("support_types").labels(location.support_types)),
        "voor_wie": "; ".join(conditions) or "alle vo-leerlingen",
        "kosten_per_uur": location.fee_per_hour,
        "voucher": location.takes_vouchers,
        "vrije_plekken": location.free_places,
        "wachtlijst": location.waiting_list,
        "bijgewerkt": timezone.localdate(location.checked_at),
        "actueel": location.up_to_date,
        "aanmelden": location.sign_up,
        "website": organisation.website,
        "telefoon": organisation.contact_phone,
        "e_mail": organisation.contact_email,
        "pagina": page_url,
    }


def out_of_date(now=None):
    """Published locations out of date whose organisation was not reminded lately."""
    now = now or timezone.now()
    return (
        published()
        .filter(checked_at__lt=now - UP_TO_DATE)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMIND_AGAIN))
    )


@transaction.atomic
def remind_out_of_date():
    """One e-mail per organisation listing its locations out of date (Celery beat)."""
    now = timezone.now()
    stale = list(out_of_date(now))
    by_organisation = {}
    for location in stale:
        by_organisation.setdefault(location.organisation_id, []).append(location.pk)
    Location.objects.filter(pk__in=[location.pk for location in stale]).update(reminded_at=now)
    for organisation_id, location_ids in by_organisation.items():
        transaction.on_commit(
            partial(tasks.send_offer_reminder.delay, organisation_id, location_ids)
        )
    return len(by_organisation)
