"""The subsidy register shows what a grant was settled at beside what was granted (Awb 4:42):
a lower settlement is public as the lower amount, not only as the promise."""

import csv
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from subsidie.models import Award
from tests.verantwoording.helpers import granted, settled_lower

pytestmark = pytest.mark.django_db


def test_the_register_shows_the_settled_amount_beside_the_granted_one():
    settlement = settled_lower("24000", awarded="30000")
    running = granted("10000")
    reference = settlement.award.decision.reference
    visitor = Client()

    page = visitor.get(reverse("subsidy_register")).content.decode()
    assert "€ 30.000,00" in page and "€ 24.000,00" in page and "nog niet" in page

    content = visitor.get(reverse("subsidy_register_csv")).content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][4] == "bedrag" and rows[0][7] == "vastgesteld"
    by_reference = {row[5]: row for row in rows[1:]}
    assert by_reference[reference][4:] == [
        "30000,00",
        reference,
        by_reference[reference][6],
        "24000,00",
    ]
    assert by_reference[running.decision.reference][7] == ""

    data = visitor.get(reverse("subsidy_register_json")).json()
    assert data["velden"][-1] == "vastgesteld"
    amounts = {row["besluit"]: (row["bedrag"], row["vastgesteld"]) for row in data["subsidies"]}
    assert amounts[reference] == ("30000.00", "24000.00")
    assert amounts[running.decision.reference] == ("10000.00", None)


def test_awards_settled_before_the_award_kept_the_amount_get_it_from_their_settlement():
    settlement = settled_lower("24000", awarded="30000")
    Award.objects.update(settled_amount=None)
    migration = importlib.import_module("verantwoording.migrations.0004_settled_amount_on_award")

    migration.fill(apps, None)

    assert Award.objects.get(pk=settlement.award_id).settled_amount == Decimal("24000.00")
