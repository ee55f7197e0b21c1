"""Public pages (Awb 4:25-4:27): schemes with their ceiling, what is still free, criteria and
weights, before anyone logs in; the subsidy register as page, CSV and JSON, without any
personal data."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from besluiten.models import Hearing
from kern import demo, roles
from subsidie.choices import AllocationMethod, AwardState, SchemeKind
from subsidie.models import Award, Criterion, Scheme
from subsidie.services import decisions, revocations
from tests.factories import SchemeFactory, StaffFactory
from tests.subsidie.helpers import proposed, refused

pytestmark = pytest.mark.django_db


def _grant(scheme, amount, title):
    application = proposed(
        scheme=scheme, amount=Decimal(amount), requested_amount=Decimal(amount), title=title
    )
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    application.refresh_from_db()
    return application


def test_anyone_reads_a_scheme_with_its_ceiling_and_criteria():
    scheme = SchemeFactory(
        name="Huiswerkbegeleiding 2027", code="hwb-2027", allocation=AllocationMethod.FIRST_COME
    )
    Criterion.objects.create(scheme=scheme, name="Bereik in de wijk", weight=3, max_score=5)
    SchemeFactory(name="Vouchers Ooievaarspas", kind=SchemeKind.VOUCHERS)
    _grant(scheme, "20000", "Huiswerkclub Moerwijk")
    visitor = Client()

    listed = visitor.get(reverse("public_schemes")).content.decode()
    assert "Huiswerkbegeleiding 2027" in listed and "Vouchers Ooievaarspas" not in listed
    page = visitor.get(reverse("public_scheme", args=["hwb-2027"])).content.decode()
    assert "€ 200.000,00" in page and "€ 180.000,00" in page  # ceiling and still free
    assert "Bereik in de wijk" in page and "volgorde van binnenkomst" in page
    assert scheme.legal_basis in page and "Inloggen" in page


def test_the_register_lists_standing_grants_without_personal_data():
    scheme = SchemeFactory(code="hwb-vo")
    kept = _grant(scheme, "12000", "Huiswerkklas Transvaal")
    revoked = _grant(scheme, "8000", "Huiswerkclub Laak")
    hearing = revocations.intend_revocation(
        StaffFactory(role=roles.REVIEWER), revoked.award, "Gestopt."
    )
    Hearing.objects.filter(pk=hearing.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    revocations.revoke(StaffFactory(role=roles.DECISION_MAKER), revoked.award)
    refusal = refused(scheme=scheme, title="Afgewezen plan")
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), refusal)
    visitor = Client()

    page = visitor.get(reverse("subsidy_register")).content.decode()
    assert "Huiswerkklas Transvaal" in page and kept.organisation.name in page
    assert "Huiswerkclub Laak" not in page and "Afgewezen plan" not in page
    assert (
        kept.organisation.contact_name not in page and kept.organisation.contact_email not in page
    )

    content = visitor.get(reverse("subsidy_register_csv") + "?regeling=hwb-vo").content.decode(
        "utf-8"
    )
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "jaar",
        "organisatie",
        "regeling",
        "doel",
        "bedrag",
        "besluit",
        "datum",
        "vastgesteld",
    ]
    assert rows[1][1] == kept.organisation.name and rows[1][4] == "12000,00" and len(rows) == 2

    data = visitor.get(
        reverse("subsidy_register_json") + f"?jaar={timezone.localdate().year}"
    ).json()
    assert data["velden"][4] == "bedrag"
    assert [row["doel"] for row in data["subsidies"]] == ["Huiswerkklas Transvaal"]
    assert data["subsidies"][0]["bedrag"] == "12000.00"
    empty = visitor.get(reverse("subsidy_register_json") + "?jaar=1999").json()
    assert empty["subsidies"] == []


def test_the_demo_schemes_and_register_are_public_and_the_totals_equal_the_grants():
    demo.load(demo.read())
    visitor = Client()
    listed = visitor.get(reverse("public_schemes")).content.decode()
    for scheme in Scheme.objects.exclude(kind=SchemeKind.VOUCHERS):
        assert scheme.name in listed
        page = visitor.get(reverse("public_scheme", args=[scheme.code])).content.decode()
        ceiling = scheme.budgets.get(year=timezone.localdate().year).ceiling
        assert (
            scheme.legal_basis in page
            and f"€ {number_format(ceiling, 2, force_grouping=True)}" in page
        )

    granted = Award.objects.exclude(state=AwardState.REVOKED)
    assert granted.exists()
    total = granted.aggregate(total=Sum("amount"))["total"]
    rows = visitor.get(reverse("subsidy_register_json")).json()["subsidies"]
    assert sum(Decimal(row["bedrag"]) for row in rows) == total
    assert {row["besluit"] for row in rows} == {award.decision.reference for award in granted}
    page = visitor.get(reverse("subsidy_register")).content.decode()
    assert f"samen € {number_format(total, 2, force_grouping=True)}" in page
