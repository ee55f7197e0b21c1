"""Pages anyone can read without logging in: the schemes with their ceilings and criteria,
and the subsidy register (CSV and JSON in a stable documented format, see the README)."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from kern.exports import csv_bytes
from kern.ui import download
from subsidie.services import budget
from subsidie.services.register import (
    REGISTER_FIELDS,
    public_schemes,
    register_rows,
    register_years,
)


def scheme_list(request):
    return render(
        request,
        "subsidie/public_schemes.html",
        {"schemes": public_schemes(), "now": timezone.now()},
    )


def scheme_page(request, code):
    scheme = get_object_or_404(public_schemes(), code=code)
    return render(
        request,
        "subsidie/public_scheme.html",
        {"scheme": scheme, "budgets": budget.budget_overview(scheme), "now": timezone.now()},
    )


def _filters(request):
    year = request.GET.get("jaar", "")
    return (int(year) if year.isdigit() else None), request.GET.get("regeling", "")


def register(request):
    year, code = _filters(request)
    rows = list(register_rows(year, code))
    return render(
        request,
        "subsidie/public_register.html",
        {
            "rows": rows,
            "total": sum(row["bedrag"] for row in rows),
            "years": register_years(),
            "schemes": public_schemes(),
            "year": year,
            "code": code,
            "query": request.GET.urlencode(),
        },
    )


def register_csv(request):
    rows = register_rows(*_filters(request))
    return download(
        csv_bytes(REGISTER_FIELDS, rows), "text/csv; charset=utf-8", "subsidieregister.csv"
    )


def register_json(request):
    rows = [
        row
        | {
            "bedrag": _amount(row["bedrag"]),
            "datum": row["datum"].isoformat(),
            "vastgesteld": _amount(row["vastgesteld"]),
        }
        for row in register_rows(*_filters(request))
    ]
    return JsonResponse({"velden": list(REGISTER_FIELDS), "subsidies": rows})


def _amount(value):
    return None if value is None else f"{value:.2f}"
