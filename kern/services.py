"""What users do with organisations, locations and memberships.

Every operation checks permission, validates, saves inside a transaction and names the actor
on the historical record, so the audit trail holds whichever entry point was used.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kern import tasks
from kern.audit import save_as
from kern.choices import MemberRole
from kern.models import Location, Membership, Organisation
from kern.permissions import forget_memberships, require


def membership_of(user, organisation):
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def _save_audited(actor, instance):
    instance.full_clean()
    return save_as(actor, instance)


# Changed by a member, these wait for the municipality (Organisation.pending_*).
_CHECKED_FIELDS = (("iban", "pending_iban"), ("not_for_profit", "pending_not_for_profit"))


@transaction.atomic
def save_organisation(actor, organisation):
    """Saves a member's edit. A new IBAN or not-for-profit status is kept aside until a
    municipal employee confirms it; returns True when something waits for that check."""
    require(actor, "kern.act_for_organisation", organisation)
    organisation.full_clean()
    stored = Organisation.objects.select_for_update().get(pk=organisation.pk)
    held = not actor.has_perm("kern.confirm_bank_details") and _hold_checked(
        actor, organisation, stored
    )
    save_as(actor, organisation)
    return held


def _hold_checked(actor, organisation, stored):
    changed = [
        (field, pending)
        for field, pending in _CHECKED_FIELDS
        if getattr(organisation, field) != getattr(stored, field)
    ]
    for field, pending in changed:
        setattr(organisation, pending, getattr(organisation, field))
        setattr(organisation, field, getattr(stored, field))
    if ("not_for_profit", "pending_not_for_profit") in changed:
        organisation.pending_not_for_profit_reason = organisation.not_for_profit_reason
        organisation.not_for_profit_reason = stored.not_for_profit_reason
    if changed:
        organisation.pending_since, organisation.pending_by = timezone.now(), actor
    return bool(changed)


@transaction.atomic
def decide_pending_change(actor, organisation, confirm, reason=""):
    """A municipal employee confirms the new IBAN or status after checking it with the
    organisation (for instance by phone, on a known number), or refuses it with a reason."""
    require(actor, "kern.confirm_bank_details")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.has_pending_change:
        raise ValidationError("Er is geen wijziging meer om te controleren.")
    if not confirm and not reason.strip():
        raise ValidationError("Schrijf waarom u de wijziging niet overneemt.")
    if confirm:
        if organisation.pending_iban:
            organisation.iban = organisation.pending_iban
        if organisation.pending_not_for_profit is not None:
            organisation.not_for_profit = organisation.pending_not_for_profit
            organisation.not_for_profit_reason = organisation.pending_not_for_profit_reason
    organisation.pending_iban, organisation.pending_not_for_profit = "", None
    organisation.pending_not_for_profit_reason = ""
    organisation.pending_since, organisation.pending_by = None, None
    organisation._change_reason = ("bevestigd" if confirm else "niet overgenomen: " + reason)[:100]
    return save_as(actor, organisation)


def pending_changes():
    return Organisation.objects.filter(pending_since__isnull=False).select_related("pending_by")


@transaction.atomic
def save_location(actor, location):
    """A member's save also confirms the free places and the waiting list (the offer)."""
    require(actor, "kern.act_for_organisation", location.organisation)
    location.checked_at, location.reminded_at = timezone.now(), None
    return _save_audited(actor, location)


@transaction.atomic
def add_member(actor, organisation, *, email, first_name, last_name, role):
    """Adds a person to the organisation; a new account gets an e-mail to set a password."""
    require(actor, "kern.manage_organisation", organisation)
    email = get_user_model().objects.normalize_email(email).lower()
    user, created = get_user_model().objects.get_or_create(
        username=email,
        defaults={"email": email, "first_name": first_name, "last_name": last_name},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError("Deze persoon hoort al bij uw organisatie.")
    membership = _save_audited(actor, Membership(user=user, organisation=organisation, role=role))
    if created:
        transaction.on_commit(lambda: tasks.send_welcome_mail.delay(user.pk))
    return membership


@transaction.atomic
def remove_member(actor, membership):
    require(actor, "kern.manage_organisation", membership.organisation)
    others_admin = (
        Membership.objects.filter(organisation=membership.organisation, role=MemberRole.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )
    if membership.is_admin and not others_admin:
        raise ValidationError(
            "Een organisatie heeft altijd minstens één beheerder. Maak eerst iemand anders "
            "beheerder."
        )
    membership._history_user = actor
    membership.delete()
    if actor.pk == membership.user_id:
        forget_memberships(actor)


def organisations_of(user):
    return Organisation.objects.for_member(user)


def locations_of(organisation):
    return Location.objects.filter(organisation=organisation).select_related("district__borough")
