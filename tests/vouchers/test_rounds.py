"""The guided page that sets up a voucher round: its checks, and who may use it."""

import pytest
from django.urls import reverse

from kern import roles
from tests.e2e.test_voucher_round_setup import ROUND
from vouchers.models import VoucherTerms

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end": "2026-08-01"}, "Het schooljaar moet eindigen na de eerste schooldag."),
        ({"max_age": "11"}, "gelijk aan of hoger"),
        ({"max_hourly_rate": "12,50"}, "niet laagdrempelig"),
        ({"ceiling": "150.000"}, "150.000"),  # 150 or 150,000? asked, never guessed
        ({"value": ""}, "Dit veld is verplicht"),
    ],
)
def test_a_round_with_wrong_details_is_refused_with_the_reason(
    administrator_client, changes, message
):
    client, _ = administrator_client
    response = client.post(reverse("voucher_terms_create"), {**ROUND, **changes})
    assert message in response.content.decode()
    assert not VoucherTerms.objects.exists()


def test_two_rounds_of_the_same_name_get_their_own_scheme(administrator_client):
    client, _ = administrator_client
    client.post(reverse("voucher_terms_create"), ROUND)
    client.post(reverse("voucher_terms_create"), ROUND)
    codes = sorted(VoucherTerms.objects.values_list("scheme__code", flat=True))
    assert codes[1] == "vouchers-huiswerkbegeleiding-2026-2027"
    assert codes[0] != codes[1] and len(codes[0]) <= 40


@pytest.mark.parametrize("role", [roles.REVIEWER, roles.FINANCE, roles.DECISION_MAKER])
def test_only_administrators_set_up_rounds(staff_client, role):
    client, _ = staff_client(role)
    assert client.post(reverse("voucher_terms_create"), ROUND).status_code == 403
    assert not VoucherTerms.objects.exists()
