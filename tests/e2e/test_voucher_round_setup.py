"""A voucher round set up on a fresh database through the guided page only, then issued
and printed, by an administrator through HTTP: no back office, no factories for the round."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from kern import roles
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from vouchers.models import PassHolderImport, PrintRun, VoucherTerms

pytestmark = pytest.mark.django_db

ROUND = {
    "name": "Vouchers huiswerkbegeleiding 2026-2027",
    "description": "Een voucher voor huiswerkbegeleiding voor kinderen met een Ooievaarspas.",
    "legal_basis": "Algemene wet bestuursrecht, titel 4.2.",
    "start": "2026-08-24",
    "end": "2027-07-16",
    "value": "300,00",
    "ceiling": "150.000,00",  # typed the Dutch way
    "min_age": "12",
    "max_age": "18",
    "max_hourly_rate": "10",
}


def _pass_file():
    """As a pass office's Excel saves it: semicolons, Windows-1252, its own headings."""
    lines = [
        "Pasnr;Huishouden;Voornaam;Achternaam;Geb.datum;Postcode;Huisnr;Straatnaam;Plaats;"
        "Geldig van;Geldig t/m",
        "7000001;H9;Lina;Proef;01-03-2013;2525BC;3;Hoefkade;Den Haag;01-01-2026;31-12-2026",
        "7000002;H9;Adam;Proef;15-09-2011;2525BC;3;Hoefkade;Den Haag;01-01-2026;31-12-2026",
        "7000003;H12;Zoë;Bakker;02-02-2012;2532PK;101;Zuiderparklaan;Den Haag;"
        "01-01-2026;31-12-2026",
    ]
    return SimpleUploadedFile("pashouders.csv", "\r\n".join(lines).encode("cp1252"))


def test_round_set_up_issued_and_printed_through_the_web(django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    officer = verify_second_factor(Client(), StaffFactory(role=roles.ADMINISTRATOR))
    assert not VoucherTerms.objects.exists()
    start = officer.get(reverse("voucher_terms")).content.decode()
    assert "Er is nog geen voucherronde" in start

    response = officer.post(reverse("voucher_terms_create"), ROUND, follow=True)
    assert "De voucherronde is aangemaakt" in response.content.decode()
    terms = VoucherTerms.objects.get()
    assert terms.scheme.kind == "vouchers"
    assert terms.scheme.budgets.get(year=2026).ceiling == 150_000
    assert "er zijn nog geen pashouders" in response.content.decode()

    with capture(execute=True):
        officer.post(reverse("passholder_imports"), {"file": _pass_file()})
    batch = PassHolderImport.objects.get()
    assert batch.counts["new"] == 3, batch.message
    with capture(execute=True):
        officer.post(reverse("passholder_import_start", args=[batch.pk]))
    steps = officer.get(reverse("voucher_terms")).content.decode()
    assert "3 kinderen kunnen nog een voucher krijgen" in steps

    officer.post(reverse("voucher_issue", args=[terms.pk]))
    assert terms.vouchers.count() == 3
    with capture(execute=True):
        officer.post(
            reverse("print_runs", args=[terms.pk]),
            {"scope": "nieuw", "households": "", "letter_date": "2026-08-17"},
        )
    run = PrintRun.objects.get()
    assert run.state == "done"
    mail_list = officer.get(reverse("print_mail_list", args=[run.pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(mail_list), delimiter=";"))
    assert [row[1] for row in rows[1:]] == [
        "De ouders of verzorgers van Lina Proef en Adam Proef",
        "De ouders of verzorgers van Zoë Bakker",
    ]
    pdf = officer.get(reverse("print_file", args=[run.pk, 1]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Zuiderparklaan 101" in text and "2532 PK DEN HAAG" in text
    assert "17 augustus 2026" in text
    steps = officer.get(reverse("voucher_terms")).content.decode()
    assert "alle huishoudens hebben hun brief" in steps
