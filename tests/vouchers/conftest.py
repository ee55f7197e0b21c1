from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from kern import roles, transitions
from kern.choices import MemberRole
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    PassHolderFactory,
    ProviderFactory,
    StaffFactory,
    VoucherTermsFactory,
)
from tests.vouchers.helpers import PASSWORD, born
from vouchers.models import ParentAccount, Voucher
from vouchers.services import admissions, enrolments, issuing


@pytest.fixture
def household(db):
    """Two children in one household, one in another, all with an issued voucher."""
    terms = VoucherTermsFactory()
    first = PassHolderFactory(
        pass_number="600001", date_of_birth=born(13), household_number="H100", name="Sara Voorbeeld"
    )
    second = PassHolderFactory(
        pass_number="600002", date_of_birth=born(15), household_number="H100", name="Omar Voorbeeld"
    )
    other = PassHolderFactory(
        pass_number="600003", date_of_birth=born(14), household_number="H200", name="Noah Anders"
    )
    issuing.issue_vouchers(StaffFactory(role=roles.ADMINISTRATOR), terms)
    return terms, [Voucher.objects.get(pass_holder=child) for child in (first, second, other)]


@pytest.fixture
def active_enrolment(household):
    """Sara's voucher, activated, with a running place at an admitted provider (€ 8 an hour)."""
    terms, (first, _, _) = household
    provider = ProviderFactory(name="Stichting Huiswerkhuis")
    location = LocationFactory(organisation=provider)
    staff = MembershipFactory(organisation=provider, role=MemberRole.ADMIN).user
    admission = admissions.request_admission(staff, provider, terms, Decimal("8.00"), [location])
    admissions.decide_admission(StaffFactory(role=roles.ADMINISTRATOR), admission, "toelaten", "")
    parent = get_user_model().objects.create_user("ouder", password=PASSWORD)
    ParentAccount.objects.create(user=parent, household_number="H100")
    transitions.run(parent, first, "activate")  # as the activation page does
    enrolment = enrolments.request_enrolment(parent, first, location)
    enrolments.decide_enrolment(staff, enrolment, "accept")
    enrolments.decide_enrolment(staff, enrolment, "start", day=first.terms.school_year_start)
    enrolment.refresh_from_db()
    return enrolment, staff, parent
