"""Providers asking to be admitted to a voucher scheme, and the municipality deciding."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kern import transitions
from kern.audit import save_as
from kern.money import euro
from kern.pdf import day
from kern.permissions import require
from vouchers import letters, notifications
from vouchers.models import (
    OPEN_ENROLMENT,
    Admission,
    AdmissionState,
    VoucherTerms,
)


def voucher_locations():
    """The ids of the locations where an admitted provider takes vouchers now."""
    return Admission.locations.through.objects.filter(
        admission__state=AdmissionState.ADMITTED,
        admission__terms__school_year_end__gte=timezone.localdate(),
    ).values("location_id")


def open_terms(provider, today):
    """The voucher schemes still running that `provider` has not applied to yet: the only
    ones a request for admission can succeed for."""
    return (
        VoucherTerms.objects.filter(school_year_end__gte=today)
        .exclude(admissions__provider=provider)
        .select_related("scheme")
    )


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


ADMISSION_DECISIONS = {
    "toelaten": "admit",
    "weigeren": "refuse",
    "schorsen": "suspend",
    "heropnemen": "reinstate",
}


@transaction.atomic
def decide_admission(actor, admission, decision, reason):
    """Admit or refuse a request, suspend an admitted provider (no new bookings; parents
    with a place or request there are told) or lift the suspension."""
    require(actor, "vouchers.admit_provider")
    if decision not in ADMISSION_DECISIONS:
        raise ValidationError("Kies toelaten, weigeren, schorsen of heropnemen.")
    if decision != "toelaten" and not reason.strip():
        raise ValidationError("Schrijf de reden op; de aanbieder ziet die.")
    admission = Admission.objects.select_for_update().get(pk=admission.pk)
    transitions.run(actor, admission, ADMISSION_DECISIONS[decision], reason, reason=reason)
    if decision == "schorsen":
        for enrolment in admission.enrolments.filter(state__in=OPEN_ENROLMENT):
            notifications.tell_parent(enrolment, "suspended")
    return admission


@transaction.atomic
def revise_on_objection(actor, admission, objection):
    """A founded objection admits the refused provider, or lifts the suspension."""
    require(actor, "besluiten.decide_objection")
    admission = Admission.objects.select_for_update().get(pk=admission.pk)
    transition = "admit" if admission.state == AdmissionState.REFUSED else "reinstate"
    reason = f"Na bezwaar {objection.reference}: {objection.reasoning}"
    transitions.run(actor, admission, transition, reason, reason=reason)
    return reference(admission, transition)


def decision_letter(actor, admission):
    """The letter of a refusal or suspension, from the transition log: when and why."""
    _require_party(actor, admission.provider)
    transition = {AdmissionState.REFUSED: "refuse", AdmissionState.SUSPENDED: "suspend"}.get(
        admission.state
    )
    logged = transition and transitions.last_line(admission, transition)
    if not logged:
        raise ValidationError("Voor deze toelating is geen besluit om te versturen.")
    scheme = admission.terms.scheme
    decided_on = timezone.localdate(logged.at)
    opening = (
        f"Wij laten {admission.provider.name} niet toe tot de regeling ‘{scheme.name}’."
        if transition == "refuse"
        else f"Wij schorsen de toelating van {admission.provider.name} tot de regeling "
        f"‘{scheme.name}’ vanaf {day(decided_on)}. Zolang de schorsing duurt, kunt u geen "
        "uren boeken op vouchers. Ouders met een plek bij u krijgen hiervan bericht."
    )
    return letters.provider_decision(
        admission.provider,
        reference(admission, transition),
        decided_on,
        "toelating tot de voucherregeling",
        [opening, f"Waarom: {admission.reason}"],
        scheme.objection_body,
    )


_REFERENCE_LETTERS = {"refuse": "W", "suspend": "S", "admit": "T", "reinstate": "T"}


def reference(admission, transition):
    """The reference of an admission decision (its transition), as its letter names it."""
    return f"TL-{admission.pk:05d}-{_REFERENCE_LETTERS[transition]}"


def _require_party(actor, provider):
    """The municipality's administrators, or the provider's own members."""
    if not actor.has_perm("vouchers.admit_provider"):
        require(actor, "kern.act_for_organisation", provider)
