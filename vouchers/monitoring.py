"""Take-up per district and school year: where vouchers are not used (niet-gebruik)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from kern import exports
from vouchers.models import EntryKind, PostcodeArea, Voucher, VoucherState

UNKNOWN = "wijk onbekend"
_USED_STATES = {VoucherState.ACTIVE, VoucherState.EXHAUSTED}


@dataclass
class TakeUp:
    school_year: str
    district: str
    issued: int = 0
    activated: int = 0
    used: int = 0
    value: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)

    @property
    def activated_share(self):
        return round(100 * self.activated / self.issued) if self.issued else 0

    @property
    def used_share(self):
        return round(100 * self.used / self.issued) if self.issued else 0


def take_up():
    """One row per school year and district, from one query over the vouchers."""
    districts = dict(PostcodeArea.objects.values_list("postcode", "district__name"))
    # Grouped by voucher (pk first), so equal vouchers are never merged into one row.
    vouchers = Voucher.objects.values_list(
        "pk", "terms__school_year_start", "pass_holder__postcode", "state", "value"
    ).annotate(
        spent=Coalesce(
            -Sum(
                "entries__amount",
                filter=Q(entries__kind__in=[EntryKind.SESSION, EntryKind.CORRECTION]),
            ),
            Decimal(0),
        )
    )
    rows = {}
    for _, start, postcode, state, value, spent in vouchers.order_by():
        year = f"{start.year}-{start.year + 1}"
        district = districts.get(postcode[:4], UNKNOWN)
        row = rows.setdefault((year, district), TakeUp(year, district))
        row.issued += 1
        row.value += value
        row.spent += spent
        row.activated += state in _USED_STATES or spent > 0
        row.used += spent > 0
    return sorted(rows.values(), key=lambda row: (row.school_year, row.activated_share))


COLUMNS = [
    ("Schooljaar", None, 12),
    ("Wijk", None, 32),
    ("Uitgegeven", "0", 12),
    ("Geactiveerd", "0", 12),
    ("Geactiveerd (%)", "0", 14),
    ("Gebruikt", "0", 10),
    ("Gebruikt (%)", "0", 12),
    ("Waarde", exports.EURO, 14),
    ("Besteed", exports.EURO, 14),
]


def workbook(rows):
    return exports.workbook_bytes(
        "Gebruik per wijk",
        COLUMNS,
        (
            [
                row.school_year,
                row.district,
                row.issued,
                row.activated,
                row.activated_share,
                row.used,
                row.used_share,
                row.value,
                row.spent,
            ]
            for row in rows
        ),
    )
