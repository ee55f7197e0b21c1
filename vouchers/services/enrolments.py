"""Parents asking for a place or stopping it, and providers accepting, waitlisting (first
requested, first offered), declining or referring."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from kern import transitions
from kern.audit import save_as
from kern.models import Location
from kern.permissions import require
from vouchers import notifications
from vouchers.models import (
    OPEN_ENROLMENT,
    Admission,
    AdmissionState,
    Enrolment,
    EnrolmentState,
    VoucherState,
)

ONE_PLACE = "Uw kind heeft al een plek of een aanvraag. Stop die eerst als u wilt wisselen."


def has_open_place(voucher):
    """Whether the child has a place or a request already: one at a time. For pages, from
    the enrolments they prefetched; request_enrolment asks the database itself."""
    return any(enrolment.state in OPEN_ENROLMENT for enrolment in voucher.enrolments.all())


def admitted_locations(terms, district=None):
    locations = (
        Location.objects.filter(
            active=True,
            voucher_admissions__terms=terms,
            voucher_admissions__state=AdmissionState.ADMITTED,
        )
        .select_related("organisation", "district__borough")
        .annotate(
            taken=Count(
                "enrolment",
                filter=Q(enrolment__state__in=[EnrolmentState.ACCEPTED, EnrolmentState.ACTIVE]),
                distinct=True,
            )
        )
        .order_by("district__name", "organisation__name")
    )
    return locations.filter(district=district) if district else locations


def _admission_for(terms, location):
    admission = Admission.objects.filter(
        terms=terms, state=AdmissionState.ADMITTED, locations=location
    ).first()
    if admission is None:
        raise ValidationError("Op deze plek kunt u de voucher niet gebruiken.")
    return admission


@transaction.atomic
def request_enrolment(actor, voucher, location):
    account = getattr(actor, "parent_account", None)
    if account is None or voucher.pass_holder.household_number != account.household_number:
        raise ValidationError("Deze voucher hoort niet bij uw huishouden.")
    if voucher.state != VoucherState.ACTIVE:
        raise ValidationError("Zet de voucher eerst aan.")
    admission = _admission_for(voucher.terms, location)
    if Enrolment.objects.filter(voucher=voucher, state__in=OPEN_ENROLMENT).exists():
        raise ValidationError(ONE_PLACE)
    return save_as(actor, Enrolment(voucher=voucher, admission=admission, location=location))


PROVIDER_ACTIONS = ("accept", "waitlist", "decline", "start", "end")


@transaction.atomic
def decide_enrolment(actor, enrolment, action, note="", day=None):
    """The provider's step; `day` is when the support began (start), today by default."""
    require(actor, "vouchers.act_for_enrolment", enrolment)
    if action not in PROVIDER_ACTIONS:
        raise ValidationError("Onbekende keuze.")
    enrolment = (
        Enrolment.objects.select_for_update().select_related("voucher__terms").get(pk=enrolment.pk)
    )
    if action == "accept":
        _check_waitlist_order(enrolment, note)
    if action == "start":
        transitions.run(actor, enrolment, action, _start_day(enrolment, day))
    else:
        transitions.run(actor, enrolment, action, note)
    return enrolment


def _check_waitlist_order(enrolment, note):
    """A child further down the waiting list goes first only with a reason."""
    if enrolment.state != EnrolmentState.WAITLISTED or note.strip():
        return
    ahead = waitlist_place(enrolment) - 1
    if ahead:
        raise ValidationError(
            f"Er {'staat 1 kind' if ahead == 1 else f'staan {ahead} kinderen'} eerder op de "
            "wachtlijst van deze locatie. Geef eerst hen een plek, of schrijf in het bericht "
            "waarom dit kind voorgaat."
        )


def _start_day(enrolment, day):
    day = day or timezone.localdate()
    terms = enrolment.voucher.terms
    if not terms.school_year_start <= day <= min(terms.school_year_end, timezone.localdate()):
        raise ValidationError("Kies als begindatum een dag in het schooljaar, vandaag of eerder.")
    return day


@transaction.atomic
def refer_enrolment(actor, enrolment, location, note):
    """A full provider sends the request on to another admitted location; the parent sees
    where it went on their page."""
    require(actor, "vouchers.act_for_enrolment", enrolment)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    target = _admission_for(enrolment.voucher.terms, location)
    message = f"Doorverwezen naar {location.organisation.name}, {location.name}. {note}".strip()
    transitions.run(actor, enrolment, "decline", message)
    referred = save_as(
        actor,
        Enrolment(
            voucher=enrolment.voucher, admission=target, location=location, referred_from=enrolment
        ),
    )
    notifications.tell_parent(referred, "referred")
    return referred


@transaction.atomic
def stop_enrolment(actor, enrolment):
    """The parent ends a place or a request, for instance to choose another provider."""
    require(actor, "vouchers.parent_of_enrolment", enrolment)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    transitions.run(actor, enrolment, "stop")
    return enrolment


def waitlist_place(enrolment):
    """First requested, first offered: the place of a waitlisted child at its location."""
    return (
        Enrolment.objects.filter(
            location=enrolment.location,
            state=EnrolmentState.WAITLISTED,
            requested_at__lt=enrolment.requested_at,
        ).count()
        + 1
    )
