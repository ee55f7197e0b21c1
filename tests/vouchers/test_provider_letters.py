"""Providers get decisions about them as letters: an admission, a refused or suspended one,
a rejected declaration; only they and the municipality can read them."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from kern import roles
from tests.conftest import verify_second_factor
from tests.factories import MembershipFactory, StaffFactory, VoucherTermsFactory
from tests.pdf import text_of
from vouchers.services import admissions

pytestmark = pytest.mark.django_db


def test_a_suspended_provider_downloads_the_decision_from_its_page(active_enrolment):
    enrolment, staff, _ = active_enrolment
    admission = enrolment.admission
    admissions.decide_admission(
        StaffFactory(role=roles.ADMINISTRATOR), admission, "schorsen", "Uren klopten niet."
    )
    provider = Client()
    provider.force_login(staff)
    link = reverse("admission_letter", args=[admission.pk])
    assert link in provider.get(reverse("provider_home")).content.decode()
    response = provider.get(link)
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Wij schorsen de toelating" in text and "Uren klopten niet." in text
    assert admission.provider.name in text

    officer = verify_second_factor(Client(), StaffFactory(role=roles.ADMINISTRATOR))
    assert officer.get(link)["Content-Type"] == "application/pdf"
    stranger = Client()
    stranger.force_login(MembershipFactory().user)
    assert stranger.get(link).status_code == 403


def test_an_admission_is_a_decision_with_its_letter_and_a_pending_request_has_none(
    active_enrolment,
):
    enrolment, staff, _ = active_enrolment
    provider = Client()
    provider.force_login(staff)
    admitted = provider.get(reverse("admission_letter", args=[enrolment.admission.pk]))
    text = text_of(b"".join(admitted.streaming_content) if admitted.streaming else admitted.content)
    assert "Wij laten Stichting Huiswerkhuis toe" in text
    pending = admissions.request_admission(
        staff,
        enrolment.admission.provider,
        VoucherTermsFactory(),
        Decimal("8.00"),
        [enrolment.location],
    )
    assert provider.get(reverse("admission_letter", args=[pending.pk])).status_code == 404
