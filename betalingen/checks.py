"""A production configuration names the account the municipality pays from."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ValidationError

from kern.validators import validate_iban


@register("betalingen", deploy=True)
def payer_account(app_configs, **kwargs):
    try:
        validate_iban(settings.PAYER_IBAN)
    except ValidationError:
        return [
            Error(
                "PAYER_IBAN is not set to a valid IBAN: no bank file can be made.",
                hint="Set PAYER_IBAN (and PAYER_BIC) to the municipality's own account.",
                id="betalingen.E001",
            )
        ]
    return []
