"""Building blocks for voucher tests: birth dates in the school year, and activation data."""

from datetime import timedelta
from decimal import Decimal

from kern import roles
from kern.choices import MemberRole
from tests.factories import (
    SCHOOL_YEAR_START,
    LocationFactory,
    MembershipFactory,
    ProviderFactory,
    StaffFactory,
)
from vouchers.services import admissions

START = SCHOOL_YEAR_START
PASSWORD = "Huiswerk-in-Moerwijk-2026"


def born(age, days_later=0):
    """A birth date that makes the child this age on the first school day."""
    return START.replace(year=START.year - age) + timedelta(days=days_later)


def activation_data(voucher, **changes):
    data = {
        "pass_number": voucher.pass_holder.pass_number,
        "date_of_birth": voucher.pass_holder.date_of_birth.isoformat(),
        "code": voucher.code.lower().replace("-", " "),
        "username": "ouder.voorbeeld",
        "email": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(changes)
    return data


def refused_admission(terms):
    """A provider's request to join the voucher scheme, refused; with the member who asked."""
    provider = ProviderFactory()
    member = MembershipFactory(organisation=provider, role=MemberRole.ADMIN).user
    admission = admissions.request_admission(
        member, provider, terms, Decimal("8.00"), [LocationFactory(organisation=provider)]
    )
    admissions.decide_admission(
        StaffFactory(role=roles.ADMINISTRATOR), admission, "weigeren", "Geen VOG's."
    )
    admission.refresh_from_db()
    return admission, member
