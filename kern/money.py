import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format


def euro(amount):
    """An amount as Dutch readers write it: € 10.000,00, also outside a request."""
    with translation.override(settings.LANGUAGE_CODE):
        return f"€ {number_format(amount, 2, use_l10n=True, force_grouping=True)}"


def quantity(value):
    """A count or number of hours as Dutch readers write it: 30, 6,5 (no needless ,0)."""
    places = 0 if value == value.to_integral_value() else 1
    with translation.override(settings.LANGUAGE_CODE):
        return number_format(value, places, use_l10n=True)


def parse_amount(text):
    """A decimal (an amount, hours) as people type it, the Dutch way or not: `38.000,75`,
    `38000,75`, `€ 38000`, `38000.75`. A dot followed by exactly three digits is ambiguous
    (38 or 38,000?) and is refused rather than guessed. Returns a finite Decimal, or raises
    ValueError with the reason."""
    text = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if "," in text and "." in text:
        thousands, decimal = (".", ",") if text.rfind(",") > text.rfind(".") else (",", ".")
        whole, _, cents = text.rpartition(decimal)
        groups = whole.lstrip("-").split(thousands)
        if not all(len(group) == 3 for group in groups[1:]) or not 1 <= len(groups[0]) <= 3:
            raise ValueError("Schrijf het bedrag als 38000,75 of 38.000,75.")
        text = "".join(groups) + "." + cents
        text = ("-" if whole.startswith("-") else "") + text
    elif "," in text:
        if text.count(",") > 1:
            raise ValueError("Gebruik de komma alleen voor de centen, zoals 38000,75.")
        text = text.replace(",", ".")
    elif text.count(".") > 1 or _AMBIGUOUS.fullmatch(text):
        groups = text.lstrip("-").split(".")
        if text.count(".") > 1 and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
            text = text.replace(".", "")
        else:
            raise ValueError(
                f"Bedoelt u {text.replace('.', '')} of {text.replace('.', ',')}? Schrijf het "
                "bedrag zonder punt, met een komma voor de centen."
            )
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValueError("Vul een bedrag in, zoals 38000,75.")
    return amount


_AMBIGUOUS = re.compile(r"-?\d{1,3}\.\d{3}")
