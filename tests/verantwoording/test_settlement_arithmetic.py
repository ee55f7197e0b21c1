"""Settlement arithmetic is exact to the cent for any budget (Awb 4:46: never more than
awarded): property tests over random awards, budget lines, spending and advances. Money is
Decimal throughout; a float anywhere would fail the type checks."""

from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from verantwoording.services.settlements import CENT, balance, eligible_share, shares

cents = st.integers(min_value=1, max_value=10**9).map(lambda n: Decimal(n) * CENT)
budget = st.lists(cents, min_size=1, max_size=12)


def _exact_cents(value):
    return type(value) is Decimal and value == value.quantize(CENT)


@given(total=cents, weights=budget)
def test_the_award_over_the_budget_lines_adds_up_to_the_cent(total, weights):
    parts = shares(total, weights)
    assert sum(parts) == total
    assert all(_exact_cents(part) and part >= 0 for part in parts)
    weight = sum(weights)
    for part, line in zip(parts, weights, strict=True):
        assert abs(part - total * line / weight) < CENT  # within a cent of its exact share


@given(total=cents, weights=budget, data=st.data())
def test_a_settlement_never_exceeds_the_award_and_evens_out_the_advances(total, weights, data):
    parts = shares(total, weights)
    settled = Decimal(0)
    for part, line in zip(parts, weights, strict=True):
        spent = data.draw(st.none() | st.integers(0, int(line * 200)).map(lambda n: n * CENT))
        eligible = eligible_share(part, spent, line)
        assert _exact_cents(eligible) and 0 <= eligible <= part
        settled += eligible
    assert settled <= total
    paid = data.draw(st.integers(0, int(total / CENT)).map(lambda n: n * CENT))
    owed = balance(settled, paid, date(2027, 3, 1))
    assert paid + owed.to_pay - owed.to_recover == settled
    assert min(owed.to_pay, owed.to_recover) == 0
    assert all(_exact_cents(value) for value in (owed.to_pay, owed.to_recover))


def test_no_model_keeps_money_or_anything_else_as_a_float():
    floats = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FloatField)
    ]
    assert floats == []
