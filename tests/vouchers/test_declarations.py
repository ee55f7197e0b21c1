from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from betalingen.bankdays import bank_day_from
from kern import roles
from tests.conftest import verify_second_factor
from tests.factories import AdmissionFactory, StaffFactory, VoucherTermsFactory
from tests.vouchers.helpers import START
from vouchers.models import Declaration, DeclarationState
from vouchers.services import declarations, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(active_enrolment):
    """Two sessions in the first days of the school year: 2 and 1.5 hours at € 8."""
    enrolment, staff, _ = active_enrolment
    sessions.record_session(staff, enrolment, START + timedelta(days=1), Decimal("2"), "a")
    sessions.record_session(staff, enrolment, START + timedelta(days=2), Decimal("1.5"), "b")
    client = Client()
    client.force_login(staff)
    return enrolment, staff, client


def _declare(client, enrolment):
    response = client.post(
        reverse("provider_declarations"),
        {"admission": enrolment.admission.pk, "month": f"{START:%Y-%m}"},
    )
    declaration = Declaration.objects.get()
    assert response["Location"] == reverse("provider_declaration", args=[declaration.pk])
    assert "28,00" in client.get(response["Location"]).content.decode()
    client.post(response["Location"])
    declaration.refresh_from_db()
    return declaration


def test_declaration_is_submitted_approved_and_paid_with_the_grant_batch(booked):
    enrolment, _, client = booked
    declaration = _declare(client, enrolment)
    assert declaration.state == DeclarationState.SUBMITTED
    assert declaration.total == Decimal("28.00")
    assert declaration.sessions.count() == 2

    finance = verify_second_factor(Client(), StaffFactory(role=roles.FINANCE))
    finance.post(
        reverse("declaration_review", args=[declaration.pk]),
        {"besluit": "goedkeuren", "note": ""},
    )
    overview = finance.get(reverse("payment_overview")).content.decode()
    assert declaration.reference in overview
    created = finance.post(
        reverse("payment_overview"),
        {
            "item": [f"declaration:{declaration.pk}"],
            "execution_date": bank_day_from(timezone.localdate()).isoformat(),
            "bevestigd": "ja",
        },
    )
    sepa = finance.post(created["Location"] + "sepa/").content.decode()
    xmlschema.XMLSchema(Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd").validate(
        sepa
    )
    assert enrolment.admission.provider.iban in sepa and "28.00" in sepa
    finance.post(created["Location"] + "betaald/")
    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.PAID


def test_a_rejected_declaration_frees_its_sessions_for_a_new_one(booked):
    enrolment, staff, client = booked
    declaration = _declare(client, enrolment)
    finance = StaffFactory(role=roles.FINANCE)
    with pytest.raises(ValidationError, match="waarom"):
        declarations.decide_declaration(finance, declaration, False, "")
    declarations.decide_declaration(finance, declaration, False, "Eén uur staat dubbel.")
    # Kept with the rejected declaration until declared again, for an objection against it.
    assert declaration.sessions.count() == 2
    again = declarations.start_declaration(staff, enrolment.admission, START)
    assert declarations.submit_declaration(staff, again).total == Decimal("28.00")
    assert not declaration.sessions.exists()


def test_declared_sessions_cannot_be_reversed_and_months_must_be_over(booked):
    enrolment, staff, client = booked
    _declare(client, enrolment)
    with pytest.raises(ValidationError, match="al gedeclareerd"):
        sessions.reverse_session(staff, enrolment.sessions.first(), "vergissing")
    with pytest.raises(ValidationError, match="voorbij"):
        declarations.start_declaration(staff, enrolment.admission, timezone.localdate())
    with pytest.raises(ValidationError, match="al een declaratie"):
        declarations.start_declaration(staff, enrolment.admission, START)


def test_only_finance_decides_on_declarations(booked, staff_client):
    enrolment, _, client = booked
    declaration = _declare(client, enrolment)
    reviewer, _ = staff_client(roles.REVIEWER)
    assert reviewer.get(reverse("declaration_review", args=[declaration.pk])).status_code == 403


def test_the_scheme_to_declare_for_is_named_by_its_school_year(active_enrolment):
    enrolment, staff, _ = active_enrolment
    earlier = enrolment.admission.terms
    later = VoucherTermsFactory(school_year_start=earlier.school_year_end + timedelta(days=16))
    AdmissionFactory(terms=later, provider=enrolment.admission.provider, admitted=True)
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("provider_declarations")).content.decode()
    provider = enrolment.admission.provider.name
    for terms in (earlier, later):
        assert f"{terms} – {provider}</option>" in page
