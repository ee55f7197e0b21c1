"""Schemes made outside the back office: the voucher round's guided set-up creates its
scheme here, so only this app writes schemes and their ceilings."""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kern.audit import save_as
from kern.permissions import require
from subsidie.choices import AllocationMethod, SchemeKind
from subsidie.models import Scheme, SchemeBudget
from subsidie.services.budget import available


@transaction.atomic
def create_voucher_scheme(actor, *, name, description, legal_basis, opens, closes, value):
    """A scenario-5 scheme: no applications, so no grant settings beyond their defaults;
    'applying' is the period in which vouchers can be issued (first come, first served)."""
    require(actor, "subsidie.add_scheme")
    scheme = Scheme(
        name=name,
        code=_free_code(name),
        kind=SchemeKind.VOUCHERS,
        description=description,
        legal_basis=legal_basis,
        opens_at=timezone.make_aware(datetime.combine(opens, time.min)),
        closes_at=timezone.make_aware(datetime.combine(closes, time(23, 59))),
        allocation=AllocationMethod.FIRST_COME,
        max_amount=value,
    )
    scheme.full_clean()
    return save_as(actor, scheme)


def _free_code(name):
    """The name as a slug (at most 40 characters), with a number if it is taken."""
    base = slugify(name).strip("-") or "vouchers"
    code, number = base[:40], 1
    while Scheme.objects.filter(code=code).exists():
        number += 1
        code = f"{base[:36].strip('-')}-{number}"
    return code


@transaction.atomic
def set_ceiling(actor, scheme, year, ceiling):
    """The ceiling (subsidieplafond, Awb 4:25) of one year; it may not fall below what is
    already committed in that year."""
    require(actor, "subsidie.change_schemebudget")
    budget = SchemeBudget.objects.select_for_update().filter(scheme=scheme, year=year).first()
    if budget is None:
        budget = SchemeBudget(scheme=scheme, year=year)
    elif ceiling < budget.ceiling - available(budget):
        raise ValidationError(f"Het plafond voor {year} kan niet lager dan wat al is toegekend.")
    budget.ceiling = ceiling
    budget.full_clean()
    return save_as(actor, budget)
