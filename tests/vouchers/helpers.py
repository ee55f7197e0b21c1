"""Building blocks for voucher tests: a school year, children, and activation data."""

from datetime import date, timedelta
from decimal import Decimal

from subsidie.choices import SchemeKind
from subsidie.models import SchemeBudget
from tests.factories import SchemeFactory
from vouchers.models import PassHolder, VoucherTerms

# A school year that started at least a month ago, whatever today is, so tests can book
# sessions on its first days.
_LATEST = date.today() - timedelta(days=30)
START = date(_LATEST.year if (_LATEST.month, _LATEST.day) >= (8, 24) else _LATEST.year - 1, 8, 24)
PASSWORD = "Huiswerk-in-Moerwijk-2026"


def born(age, days_later=0):
    """A birth date that makes the child this age on the first school day."""
    return START.replace(year=START.year - age) + timedelta(days=days_later)


def make_terms(ceiling=Decimal("100000"), **changes):
    scheme = SchemeFactory(kind=SchemeKind.VOUCHERS, ceiling=ceiling)
    values = {
        "school_year_start": START,
        "school_year_end": START.replace(year=START.year + 1, month=7, day=16),
        "value_per_child": Decimal("300.00"),
        **changes,
    }
    terms = VoucherTerms.objects.create(scheme=scheme, **values)
    SchemeBudget.objects.get_or_create(
        scheme=scheme, year=terms.budget_year, defaults={"ceiling": ceiling}
    )
    return terms


def make_child(number, date_of_birth, **changes):
    values = {
        "pass_number": number,
        "household_number": "H1",
        "name": f"Kind {number}",
        "date_of_birth": date_of_birth,
        "postcode": "2525 BC",
        "house_number": "1",
        "valid_from": START.replace(month=1, day=1),
        "valid_until": START.replace(month=12, day=31),
        **changes,
    }
    return PassHolder.objects.create(**values)


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
