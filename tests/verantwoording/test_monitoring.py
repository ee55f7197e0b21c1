"""The monitoring overview's figures are the database's sums, per scheme and year."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kern import roles
from kern.models import District
from subsidie.models import AwardTranche
from subsidie.services import decisions
from tests.conftest import verify_second_factor
from tests.factories import LocationFactory, SchemeFactory, StaffFactory
from tests.subsidie.helpers import proposed
from tests.verantwoording.helpers import due_for_settlement
from verantwoording.choices import Measure
from verantwoording.models import Report
from verantwoording.services import monitoring, reports

pytestmark = pytest.mark.django_db


def test_the_overview_adds_up_to_the_records():
    scheme = SchemeFactory(name="Huiswerkbegeleiding bij scholen", ceiling=Decimal("100000"))
    for amount in ("30000", "40000"):
        application = proposed(
            scheme=scheme, amount=Decimal(amount), requested_amount=Decimal(amount)
        )
        decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    reports.open_reports()
    year = Report.objects.first().year
    for report in Report.objects.all():
        report.figures.filter(measure=Measure.PUPILS).update(realised=Decimal("25"))
        report.districts.update(pupils=25)

    (row,) = [row for row in monitoring.overview(year) if row.scheme == scheme]

    granted = sum(
        t.amount for t in AwardTranche.objects.filter(award__application__scheme=scheme, year=year)
    )
    assert row.granted == granted and row.remaining == Decimal("100000") - granted
    assert row.reports == {"te verantwoorden": 2}
    assert row.pupils_reached == Decimal("50")
    assert sum(pupils for _, pupils in row.districts) == 50

    officer = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    page = officer.get(reverse("monitoring") + f"?jaar={year}").content.decode()
    assert "Huiswerkbegeleiding bij scholen" in page and "2 te verantwoorden" in page


def test_an_award_over_two_districts_counts_half_in_each_and_the_page_says_so():
    award = due_for_settlement("30000.01")  # at a location in Schilderswijk
    leyenburg = District.objects.get(name="Leyenburg")
    award.application.locations.add(LocationFactory(district=leyenburg))
    year = award.period_end.year

    (row,) = [r for r in monitoring.overview(year) if r.scheme == award.application.scheme]

    assert row.money_by_district == [
        ("Leyenburg", Decimal("15000.01"), Decimal(0)),
        ("Schilderswijk", Decimal("15000.00"), Decimal(0)),
    ]
    officer = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    page = officer.get(reverse("monitoring") + f"?jaar={year}").content.decode()
    assert monitoring.DISTRICT_SPLIT_NOTE in page
