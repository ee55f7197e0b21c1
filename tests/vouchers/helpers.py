"""Building blocks for voucher tests: birth dates in the school year, and activation data."""

from datetime import timedelta

from tests.factories import SCHOOL_YEAR_START

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
