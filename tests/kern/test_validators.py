from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from kern import validators
from tests.factories import LocationFactory, ProviderFactory, SchoolFactory


@pytest.mark.parametrize("value", ["2511 AB", "2511AB", "1012 WX"])
def test_valid_postcodes(value):
    validators.validate_postcode(value)


@pytest.mark.parametrize("value", ["0511 AB", "2511", "ABCD 12", "2511 SS"])
def test_invalid_postcodes(value):
    with pytest.raises(ValidationError, match="geldige Nederlandse postcode"):
        validators.validate_postcode(value)


def test_iban_checksum():
    validators.validate_iban("NL91 ABNA 0417 1643 00")
    with pytest.raises(ValidationError, match="IBAN klopt niet"):
        validators.validate_iban("NL92ABNA0417164300")


@pytest.mark.parametrize("value", ["05KD", "23ST"])
def test_valid_brin(value):
    validators.validate_brin(value)


@pytest.mark.parametrize("value", ["5KD", "ABCD", "05KD01", "0512"])
def test_invalid_brin(value):
    with pytest.raises(ValidationError):
        validators.validate_brin(value)


@pytest.mark.parametrize("value", ["1234567", "123456789", "1234567a", "1234 567"])
def test_kvk_must_be_eight_digits(value):
    with pytest.raises(ValidationError, match="precies 8 cijfers"):
        validators.validate_kvk(value)


def test_kvk_accepts_eight_digits():
    validators.validate_kvk("41234567")


@pytest.mark.parametrize("value", ["0", "0.00", "2.50", "10.00"])
def test_fee_up_to_ten_euro_is_low_threshold(value):
    validators.validate_low_threshold_fee(Decimal(value))


def test_fee_above_ten_euro_is_refused_with_reason():
    with pytest.raises(ValidationError, match="niet laagdrempelig"):
        validators.validate_low_threshold_fee(Decimal("10.01"))


def test_negative_fee_is_refused():
    with pytest.raises(ValidationError, match="niet lager zijn dan"):
        validators.validate_low_threshold_fee(Decimal("-1"))


@pytest.mark.django_db
def test_database_refuses_fee_above_ten_even_without_validation():
    location = LocationFactory.build(organisation=ProviderFactory(), fee_per_hour=Decimal("12"))
    with pytest.raises(IntegrityError):
        location.save()


@pytest.mark.django_db
def test_school_needs_brin_and_branch():
    school = SchoolFactory.build(brin="", branch_number="")
    with pytest.raises(ValidationError) as error:
        school.full_clean()
    assert set(error.value.message_dict) >= {"brin", "branch_number"}


@pytest.mark.django_db
def test_not_for_profit_claim_needs_a_reason():
    provider = ProviderFactory.build(not_for_profit=True, not_for_profit_reason=" ")
    with pytest.raises(ValidationError) as error:
        provider.full_clean()
    assert "not_for_profit_reason" in error.value.message_dict


@pytest.mark.django_db
def test_clean_normalises_postcode_and_iban():
    provider = ProviderFactory.build(postcode="2511ab", iban="nl91 abna 0417 1643 00")
    provider.full_clean()
    assert provider.postcode == "2511 AB"
    assert provider.iban == "NL91ABNA0417164300"


@pytest.mark.django_db
def test_physical_location_needs_district_and_address():
    location = LocationFactory.build(
        organisation=ProviderFactory(), district=None, street="", online_only=False
    )
    with pytest.raises(ValidationError) as error:
        location.full_clean()
    assert {"district", "street"} <= set(error.value.message_dict)


@pytest.mark.django_db
def test_online_location_needs_no_district():
    location = LocationFactory.build(
        organisation=ProviderFactory(), district=None, street="", postcode="", online_only=True
    )
    location.full_clean()
    location.save()
