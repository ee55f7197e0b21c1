import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kern import roles
from kern.models import District
from tests.vouchers.helpers import START
from vouchers import monitoring
from vouchers.models import PostcodeArea
from vouchers.services import sessions

pytestmark = pytest.mark.django_db


def test_take_up_per_district_shows_non_use(active_enrolment):
    enrolment, staff, _ = active_enrolment
    sessions.record_session(staff, enrolment, START + timedelta(days=1), Decimal("2"), "a")
    PostcodeArea.objects.create(
        postcode="2525", district=District.objects.get(name="Schilderswijk")
    )
    rows = {row.district: row for row in monitoring.take_up()}
    schilderswijk = rows["Schilderswijk"]
    assert (schilderswijk.issued, schilderswijk.activated, schilderswijk.used) == (3, 1, 1)
    assert schilderswijk.spent == Decimal("16.00") and schilderswijk.value == Decimal("900.00")
    assert schilderswijk.activated_share == 33


def test_unmapped_postcodes_are_shown_as_unknown(household):
    rows = monitoring.take_up()
    assert [(row.district, row.issued) for row in rows] == [(monitoring.UNKNOWN, 3)]


def test_administrators_see_and_download_it(household, staff_client):
    client, _ = staff_client(roles.ADMINISTRATOR)
    assert "wijk onbekend" in client.get(reverse("voucher_monitoring")).content.decode()
    response = client.get(reverse("voucher_monitoring"), {"formaat": "excel"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][1:4] == ["wijk onbekend", 3, 0]
    reviewer, _ = staff_client(roles.REVIEWER)
    assert reviewer.get(reverse("voucher_monitoring")).status_code == 403
