"""The grant schemes of the demo data (kern.demo runs this after the organisations)."""

from datetime import datetime, timedelta

from django.utils import timezone

from kern.demo import upsert
from kern.models import Organisation
from subsidie.models import Criterion, Scheme, SchemeBudget, SchemeSelection

_SCHEME_NESTED = ("ceiling", "selections", "criteria")


def load_schemes(data):
    for entry in data.get("schemes", []):
        _scheme(entry)


def _scheme(entry):
    """A scheme open for the whole current calendar year, so the demo always has one, with
    a ceiling for this year and the next (activities often run into the next year)."""
    values = {key: value for key, value in entry.items() if key not in _SCHEME_NESTED}
    year = timezone.localdate().year
    values["opens_at"] = start_of_year(year)
    values["closes_at"] = start_of_year(year + 1) - timedelta(minutes=1)
    scheme = upsert(Scheme, {"code": values.pop("code")}, values)
    for budget_year in (year, year + 1):
        upsert(SchemeBudget, {"scheme": scheme, "year": budget_year}, {"ceiling": entry["ceiling"]})
    for brin, branch, reason in entry.get("selections", []):
        school = Organisation.objects.get(brin=brin, branch_number=branch)
        upsert(SchemeSelection, {"scheme": scheme, "organisation": school}, {"reason": reason})
    for name, description, weight in entry.get("criteria", []):
        upsert(
            Criterion,
            {"scheme": scheme, "name": name},
            {"description": description, "weight": weight},
        )


def start_of_year(year):
    return timezone.make_aware(datetime(year, 1, 1))
