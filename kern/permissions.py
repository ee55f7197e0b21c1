"""One permission vocabulary for every entry point.

What a role may do is a Django permission its group holds (each app declares its own in its
`roles.py`); what a person may do with one record is an object rule, a `rules` predicate
answered by the authentication backend (`rules.permissions.ObjectPermissionBackend`). Both
are asked the same way, `user.has_perm(name, obj)`, by services, views, templates and the
transitions' `permission=`, so a page never offers what its service would refuse.
"""

from operator import attrgetter

import rules
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from kern.choices import MemberRole
from kern.models import Membership

_REFUSALS = {}


def _roles_in_organisations(user):
    """{organisation id: member role} of the user, read once per user object (a request)."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_organisation_roles"):
        user._organisation_roles = dict(
            Membership.objects.filter(user=user).values_list("organisation_id", "role")
        )
    return user._organisation_roles


def member_of(organisation_id_of, role=None):
    """A predicate: the user belongs (in `role`, if given) to the organisation that
    `organisation_id_of(obj)` names."""

    @rules.predicate
    def predicate(user, obj):
        if obj is None:
            return False
        held = _roles_in_organisations(user).get(organisation_id_of(obj))
        return held is not None and role in (None, held)

    return predicate


def holds_any(*permissions):
    """A predicate: the user's role holds at least one of these permissions."""

    @rules.predicate
    def predicate(user):
        return any(user.has_perm(permission) for permission in permissions)

    return predicate


def add_rule(name, predicate, refusal):
    """An object rule with the Dutch sentence that explains a refusal."""
    rules.add_perm(name, predicate)
    _REFUSALS[name] = refusal


def forget_memberships(user):
    """After a membership of `user` changed, the next question reads them again."""
    user.__dict__.pop("_organisation_roles", None)


ORGANISATION_REFUSAL = "U hoort niet bij deze organisatie of mag dit niet doen."
add_rule("kern.act_for_organisation", member_of(attrgetter("pk")), ORGANISATION_REFUSAL)
add_rule(
    "kern.manage_organisation",
    member_of(attrgetter("pk"), MemberRole.ADMIN),
    ORGANISATION_REFUSAL,
)


_DEFAULT_ACTIONS = {
    "view": "bekijken",
    "add": "toevoegen",
    "change": "wijzigen",
    "delete": "verwijderen",
}


def refusal(permission):
    if permission in _REFUSALS:
        return _REFUSALS[permission]
    app_label, _, codename = permission.partition(".")
    action, _, model_name = codename.partition("_")
    if action in _DEFAULT_ACTIONS:
        model = apps.get_model(app_label, model_name)
        name = f"{model._meta.verbose_name_plural} {_DEFAULT_ACTIONS[action]}"
    else:
        name = (
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            .values_list("name", flat=True)
            .first()
        )
    return (
        f"Hiervoor heeft u geen recht ({(name or permission).lower()}). Vraag de beheerder "
        "van het systeem om de rol die daarbij hoort."
    )


def require(user, permission, obj=None):
    if not user.has_perm(permission, obj):
        raise PermissionDenied(refusal(permission))
