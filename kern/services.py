"""What users do with organisations, locations and memberships.

Every operation checks permission, validates, saves inside a transaction and names the actor
on the historical record, so the audit trail holds whichever entry point was used.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

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


@transaction.atomic
def save_organisation(actor, organisation):
    require(actor, "kern.act_for_organisation", organisation)
    return _save_audited(actor, organisation)


@transaction.atomic
def save_location(actor, location):
    require(actor, "kern.act_for_organisation", location.organisation)
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
