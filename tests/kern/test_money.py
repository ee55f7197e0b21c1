"""Amounts typed the Dutch way are read correctly, or refused with a reason; never guessed."""

from decimal import Decimal

import pytest
from django.contrib import admin

from kern.forms import DutchDecimalField
from kern.money import parse_amount
from subsidie.admin import SchemeBudgetInline
from subsidie.forms import BudgetLineForm, ProposalForm, RequestedAmountForm
from subsidie.models import Scheme, SchemeBudget
from vouchers.forms import SessionForm
from vouchers.models import VoucherTerms


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("38.000,75", Decimal("38000.75")),
        ("38000,75", Decimal("38000.75")),
        ("€ 38.000", None),  # 38 or 38,000? refused, not guessed
        ("38.000", None),
        ("38000.75", Decimal("38000.75")),
        ("1.250.000", Decimal("1250000")),
        ("1.250.000,50", Decimal("1250000.50")),
        ("€ 12 000", Decimal("12000")),
        ("1,5", Decimal("1.5")),
        ("1.5", Decimal("1.5")),
        ("1,2,3", None),
        ("38,000.75", Decimal("38000.75")),
        ("NaN", None),
        ("Infinity", None),
        ("twaalf", None),
    ],
)
def test_dutch_amounts_are_read_or_refused(typed, amount):
    if amount is None:
        with pytest.raises(ValueError, match="[A-Z]"):
            parse_amount(typed)
    else:
        assert parse_amount(typed) == amount


@pytest.mark.parametrize(
    ("form", "field", "extra"),
    [
        (RequestedAmountForm, "requested_amount", {}),
        (BudgetLineForm, "amount", {"kind": "kosten", "description": "Huur"}),
        (ProposalForm, "amount", {"outcome": "grant", "reasoning": "Goed plan."}),
    ],
)
def test_every_money_field_reads_dutch_amounts(form, field, extra):
    filled = form(data={field: "38.000,75", **extra})
    assert filled.is_valid(), filled.errors
    assert filled.cleaned_data[field] == Decimal("38000.75")
    ambiguous = form(data={field: "38.000", **extra})
    assert not ambiguous.is_valid()
    assert "Bedoelt u 38000 of 38,000?" in ambiguous.errors[field][0]


def test_hours_are_read_with_a_comma_and_shown_with_one():
    form = SessionForm(data={"day": "2026-11-20", "hours": "1,5", "key": "k"})
    form.is_valid()
    assert form.cleaned_data["hours"] == Decimal("1.5")
    assert 'value="1,5"' in str(SessionForm(initial={"hours": Decimal("1.5")})["hours"])


@pytest.mark.parametrize(
    ("model_admin", "field"),
    [
        (admin.site._registry[Scheme], Scheme._meta.get_field("max_amount")),
        (SchemeBudgetInline(Scheme, admin.site), SchemeBudget._meta.get_field("ceiling")),
        (admin.site._registry[VoucherTerms], VoucherTerms._meta.get_field("value_per_child")),
    ],
)
def test_the_back_offices_money_fields_read_dutch_amounts(model_admin, field):
    assert isinstance(model_admin.formfield_for_dbfield(field, request=None), DutchDecimalField)
