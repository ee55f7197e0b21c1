"""The public offer of homework support (no login): the list with filters, a page per
location, and the same data as CSV, Excel and JSON in the format aanbod.services.offer publishes."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from aanbod.services import offer
from kern.choices import SupportType, Weekday
from kern.exports import DATE, EURO, csv_bytes, workbook_bytes
from kern.models import Borough, District, Organisation
from kern.ui import XLSX, download

_WIDTHS = {"organisatie": 30, "locatie": 25, "hulp": 50, "voor_wie": 40, "aanmelden": 40}
_FORMATS = {"kosten_per_uur": EURO, "bijgewerkt": DATE}


def _filtered(request):
    filters = offer.Filters.from_query(request.GET)
    return filters, offer.search(filters)


def _records(request, locations):
    return (
        offer.record(location, request.build_absolute_uri(_page(location)))
        for location in locations
    )


def _page(location):
    return reverse("offer_location", args=[location.pk])


def offer_list(request):
    filters, locations = _filtered(request)
    query = request.GET.copy()
    query.pop("pagina", None)
    page = Paginator(locations, 20).get_page(request.GET.get("pagina"))
    return render(
        request,
        "aanbod/offer_list.html",
        {
            "filters": filters,
            "page": page,
            "items": [(location, offer.record(location, _page(location))) for location in page],
            "boroughs": Borough.objects.all(),
            "districts": District.objects.select_related("borough"),
            "days": Weekday.choices,
            "supports": SupportType.choices,
            "query": query.urlencode(),
            "fields": offer.FIELDS,
            "format": offer.FORMAT,
        },
    )


def offer_location(request, pk):
    location = get_object_or_404(offer.published(), pk=pk)
    return render(
        request,
        "aanbod/offer_location.html",
        {
            "location": location,
            "record": offer.record(location, _page(location)),
            "can_refer": Organisation.objects.for_member(request.user)
            .exclude(pk=location.organisation_id)
            .exists(),
        },
    )


def _keys():
    return [key for key, _ in offer.FIELDS]


def offer_csv(request):
    _, locations = _filtered(request)
    return download(
        csv_bytes(_keys(), _records(request, locations)), "text/csv; charset=utf-8", "aanbod.csv"
    )


def offer_xlsx(request):
    _, locations = _filtered(request)
    columns = [(key, _FORMATS.get(key), _WIDTHS.get(key, 14)) for key in _keys()]
    rows = ([_excel(record[key]) for key in _keys()] for record in _records(request, locations))
    return download(workbook_bytes("Aanbod", columns, rows), XLSX, "aanbod.xlsx")


def _excel(value):
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value


def offer_json(request):
    """Amounts as strings with a decimal point ("2.50"), dates as ISO dates. Other sites
    (the municipality's, schools') may read it from the browser."""
    _, locations = _filtered(request)
    response = JsonResponse(
        {
            "formaat": offer.FORMAT,
            "gemaakt_op": timezone.now().isoformat(timespec="seconds"),
            "velden": dict(offer.FIELDS),
            "locaties": list(_records(request, locations)),
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
