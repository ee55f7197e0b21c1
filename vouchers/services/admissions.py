"""Providers asking to be admitted to a voucher scheme, and the municipality deciding."""

from django.core.exceptions import ValidationError
from django.db import transaction

from kern import transitions
from kern.audit import save_as
from kern.money import euro
from kern.permissions import require
from vouchers.models import (
    Admission,
    VoucherTerms,
)


def open_terms(today):
    return VoucherTerms.objects.filter(school_year_end__gte=today).select_related("scheme")


@transaction.atomic
def request_admission(actor, provider, terms, hourly_rate, locations):
    require(actor, "kern.act_for_organisation", provider)
    errors = terms.scheme.eligibility_errors_for_vouchers(provider)
    if hourly_rate > terms.max_hourly_rate:
        errors.append(
            f"Het uurtarief mag bij deze regeling hooguit {euro(terms.max_hourly_rate)} zijn."
        )
    if not locations or any(location.organisation_id != provider.pk for location in locations):
        errors.append("Kies een of meer locaties van uw eigen organisatie.")
    if Admission.objects.filter(terms=terms, provider=provider).exists():
        errors.append("Uw organisatie heeft zich al aangemeld voor deze regeling.")
    if errors:
        raise ValidationError(errors)
    admission = save_as(actor, Admission(terms=terms, provider=provider, hourly_rate=hourly_rate))
    admission.locations.set(locations)
    return admission


ADMISSION_DECISIONS = {"toelaten": "admit", "weigeren": "refuse", "schorsen": "suspend"}


@transaction.atomic
def decide_admission(actor, admission, decision, reason):
    """Admit or refuse a request, or suspend an admitted provider (no new bookings)."""
    require(actor, "vouchers.admit_provider")
    if decision not in ADMISSION_DECISIONS:
        raise ValidationError("Kies toelaten, weigeren of schorsen.")
    if decision != "toelaten" and not reason.strip():
        raise ValidationError("Schrijf de reden op; de aanbieder ziet die.")
    admission = Admission.objects.select_for_update().get(pk=admission.pk)
    transitions.run(actor, admission, ADMISSION_DECISIONS[decision], reason)
    return admission
