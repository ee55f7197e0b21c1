import pytest

from subsidie import roles
from tests.factories import StaffFactory
from tests.vouchers.helpers import born, make_child, make_terms
from vouchers import services
from vouchers.models import Voucher


@pytest.fixture
def household(db):
    """Two children in one household, one in another, all with an issued voucher."""
    terms = make_terms()
    first = make_child("600001", born(13), household_number="H100", name="Sara Voorbeeld")
    second = make_child("600002", born(15), household_number="H100", name="Omar Voorbeeld")
    other = make_child("600003", born(14), household_number="H200", name="Noah Anders")
    services.issue_vouchers(StaffFactory(role=roles.ADMINISTRATOR), terms)
    return terms, [Voucher.objects.get(pass_holder=child) for child in (first, second, other)]
