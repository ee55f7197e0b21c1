"""Providers asking to be admitted to a voucher scheme, and the municipality deciding."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from besluiten import store
from besluiten.choices import DecisionKind
from besluiten.services import decisions as taking
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

# Each transition is a decision of its own kind, with the letter its reference ends in.
_KINDS = {
    "admit": (DecisionKind.ADMIT, "T"),
    "refuse": (DecisionKind.REFUSE_ADMISSION, "W"),
    "suspend": (DecisionKind.SUSPEND_ADMISSION, "S"),
    "reinstate": (DecisionKind.REINSTATE_ADMISSION, "T"),
}
# The adverse ones, that the provider may object to.
OBJECTED = (DecisionKind.REFUSE_ADMISSION, DecisionKind.SUSPEND_ADMISSION)


@transaction.atomic
def decide_admission(actor, admission, decision, reason):
    """Admit or refuse a request, suspend an admitted provider (no new bookings; parents
    with a place or request there are told) or lift the suspension; each is a decision with
    its letter."""
    require(actor, "vouchers.admit_provider")
    if decision not in ADMISSION_DECISIONS:
        raise ValidationError("Kies toelaten, weigeren, schorsen of heropnemen.")
    if decision != "toelaten" and not reason.strip():
        raise ValidationError("Schrijf de reden op; de aanbieder ziet die.")
    admission = Admission.objects.select_for_update().get(pk=admission.pk)
    transition = ADMISSION_DECISIONS[decision]
    transitions.run(actor, admission, transition, reason, reason=reason)
    _record(actor, admission, transition, reason)
    if decision == "schorsen":
        for enrolment in admission.enrolments.filter(state__in=OPEN_ENROLMENT):
            notifications.tell_parent(enrolment, "suspended")
    return admission


@transaction.atomic
def revise_on_objection(actor, admission, objection):
    """A founded objection admits the refused provider, or lifts the suspension; the new
    decision replaces the one objected to (Awb 7:11)."""
    require(actor, "besluiten.decide_objection")
    admission = Admission.objects.select_for_update().get(pk=admission.pk)
    transition = "admit" if admission.state == AdmissionState.REFUSED else "reinstate"
    reason = f"Na bezwaar {objection.reference}: {objection.reasoning}"
    objected = taking.latest(admission, OBJECTED)
    transitions.run(actor, admission, transition, reason, reason=reason)
    return _record(
        actor,
        admission,
        transition,
        reason,
        replaces=objected,
        objection_reference=objection.reference,
    )


def _record(actor, admission, transition, reason, **extra):
    kind, letter = _KINDS[transition]
    return taking.record(
        actor,
        admission,
        kind,
        f"TL-{admission.pk:05d}-{letter}",
        reason,
        lambda decision: _letter(admission, decision),
        **extra,
    )


def _letter(admission, decision):
    scheme = admission.terms.scheme
    provider = admission.provider.name
    opening = {
        DecisionKind.ADMIT: f"Wij laten {provider} toe tot de regeling ‘{scheme.name}’, met "
        f"een uurtarief van {euro(admission.hourly_rate)}. Ouders met een voucher kunnen nu "
        "bij u een plek kiezen.",
        DecisionKind.REFUSE_ADMISSION: f"Wij laten {provider} niet toe tot de regeling "
        f"‘{scheme.name}’.",
        DecisionKind.SUSPEND_ADMISSION: f"Wij schorsen de toelating van {provider} tot de "
        f"regeling ‘{scheme.name}’ vanaf {day(decision.sent_on)}. Zolang de schorsing duurt, "
        "kunt u geen uren boeken op vouchers. Ouders met een plek bij u krijgen hiervan bericht.",
        DecisionKind.REINSTATE_ADMISSION: f"Wij heffen de schorsing van {provider} voor de "
        f"regeling ‘{scheme.name}’ op. U kunt weer uren boeken op vouchers.",
    }[decision.kind]
    paragraphs = [opening, f"Waarom: {decision.reasoning}"] if decision.reasoning else [opening]
    return letters.provider_decision(
        admission.provider,
        decision.reference,
        decision.sent_on,
        "toelating tot de voucherregeling",
        paragraphs,
        scheme.objection_body,
    )


def decision_letter(actor, admission):
    """The stored letter of the latest decision on the admission."""
    _require_party(actor, admission.provider)
    decision = taking.latest(admission, [kind for kind, _ in _KINDS.values()])
    if decision is None:
        raise ValidationError("Voor deze toelating is nog geen besluit genomen.")
    return store.content_of(decision)


def _require_party(actor, provider):
    """The municipality's administrators, or the provider's own members."""
    if not actor.has_perm("vouchers.admit_provider"):
        require(actor, "kern.act_for_organisation", provider)
