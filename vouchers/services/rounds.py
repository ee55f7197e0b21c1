"""Setting up a voucher round on one guided page: the scheme, its ceiling for the school
year and the voucher terms, in one step."""

from django.core.exceptions import ValidationError
from django.db import transaction

from kern.audit import save_as
from kern.permissions import require
from subsidie.services import schemes
from vouchers.models import VoucherTerms

LEGAL_BASIS = (
    "Algemene wet bestuursrecht, titel 4.2; Algemene subsidieverordening Den Haag; "
    "Subsidieregeling laagdrempelige huiswerkbegeleiding voortgezet onderwijs Den Haag."
)


@transaction.atomic
def create_round(actor, *, name, description, legal_basis, start, end, value, ceiling, **terms):
    """`terms`: min_age, max_age and max_hourly_rate of the voucher terms."""
    require(actor, "vouchers.add_voucherterms")
    if end <= start:
        raise ValidationError("Het schooljaar moet eindigen na de eerste schooldag.")
    scheme = schemes.create_voucher_scheme(
        actor,
        name=name,
        description=description,
        legal_basis=legal_basis,
        opens=start,
        closes=end,
        value=value,
    )
    voucher_terms = VoucherTerms(
        scheme=scheme, school_year_start=start, school_year_end=end, value_per_child=value, **terms
    )
    voucher_terms.full_clean()
    schemes.set_ceiling(actor, scheme, voucher_terms.budget_year, ceiling)
    return save_as(actor, voucher_terms)
