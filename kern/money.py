from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format


def euro(amount):
    """An amount as Dutch readers write it: € 10.000,00, also outside a request."""
    with translation.override(settings.LANGUAGE_CODE):
        return f"€ {number_format(amount, 2, use_l10n=True, force_grouping=True)}"
