"""The whole voucher round as its users do it, through HTTP requests only: the officer
imports the pass holders (dry run first) and issues vouchers, downloads a household letter;
a parent activates and asks for a place; the provider, once admitted, accepts, books hours
and declares the month; finance approves and pays it."""

import io
import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from pypdf import PdfReader

from betalingen.bankdays import bank_day_from
from kern import roles
from kern.choices import MemberRole
from tests.conftest import verify_second_factor
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    ProviderFactory,
    StaffFactory,
    VoucherTermsFactory,
)
from tests.vouchers.helpers import PASSWORD, START, born
from vouchers.models import Declaration, PassHolderImport, Voucher

pytestmark = pytest.mark.django_db


def _pass_file():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "pasnummer",
            "huishoudnummer",
            "naam",
            "geboortedatum",
            "postcode",
            "huisnummer",
            "geldig vanaf",
            "geldig tot",
        ]
    )
    sheet.append(
        [
            "7000001",
            "H9",
            "Lina Proef",
            born(13),
            "2525 BC",
            "3",
            START.replace(month=1, day=1),
            START.replace(month=12, day=31),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("pashouders.xlsx", buffer.getvalue())


def test_whole_voucher_round_through_the_web(django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    terms = VoucherTermsFactory()
    officer = verify_second_factor(Client(), StaffFactory(role=roles.ADMINISTRATOR))

    with capture(execute=True):
        officer.post(reverse("passholder_imports"), {"file": _pass_file()})
    batch = PassHolderImport.objects.get()
    assert batch.counts["new"] == 1  # the dry run
    with capture(execute=True):
        officer.post(reverse("passholder_import_start", args=[batch.pk]))
    officer.post(reverse("voucher_issue", args=[terms.pk]))
    voucher = Voucher.objects.get()
    letter = officer.get(reverse("voucher_letter", args=[terms.pk, "H9"]))
    assert voucher.code in PdfReader(io.BytesIO(letter.content)).pages[0].extract_text()

    provider = ProviderFactory(name="Stichting Proefhuis")
    location = LocationFactory(organisation=provider)
    staff = Client()
    staff.force_login(MembershipFactory(organisation=provider, role=MemberRole.ADMIN).user)
    staff.post(
        reverse("admission_request", args=[provider.pk]),
        {"terms": terms.pk, "hourly_rate": "9.00", "locations": [location.pk]},
    )
    admission = provider.voucher_admissions.get()
    officer.post(reverse("admission_decide", args=[admission.pk]), {"besluit": "toelaten"})

    parent = Client()
    parent.post(
        reverse("voucher_activate"),
        {
            "pass_number": "7000001",
            "date_of_birth": born(13).isoformat(),
            "code": voucher.code,
            "username": "ouder.proef",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    parent.post(reverse("choose_location", args=[voucher.pk]), {"location": location.pk})

    home = staff.get(reverse("provider_home")).content.decode()
    enrolment_id = int(re.search(r"/vouchers/inschrijvingen/(\d+)/accept/", home).group(1))
    staff.post(reverse("enrolment_decide", args=[enrolment_id, "accept"]))
    staff.post(reverse("enrolment_decide", args=[enrolment_id, "start"]), {"day": START})
    for offset in (1, 2):
        staff.post(
            reverse("enrolment_sessions", args=[enrolment_id]),
            {
                "day": (START + timedelta(days=offset)).isoformat(),
                "hours": "2",
                "key": uuid.uuid4().hex,
            },
        )
    assert "264,00" in parent.get(reverse("parent_home")).content.decode()

    created = staff.post(
        reverse("provider_declarations"), {"admission": admission.pk, "month": f"{START:%Y-%m}"}
    )
    staff.post(created["Location"])
    declaration = Declaration.objects.get()
    assert declaration.total == Decimal("36.00")

    finance = verify_second_factor(Client(), StaffFactory(role=roles.FINANCE))
    finance.post(reverse("declaration_review", args=[declaration.pk]), {"besluit": "goedkeuren"})
    batch_page = finance.post(
        reverse("payment_overview"),
        {
            "item": [f"declaration:{declaration.pk}"],
            "execution_date": bank_day_from(timezone.localdate()).isoformat(),
            "bevestigd": "ja",
        },
    )["Location"]
    assert provider.iban in finance.post(batch_page + "sepa/").content.decode()
    finance.post(batch_page + "betaald/")
    declaration.refresh_from_db()
    assert declaration.state == "paid"
