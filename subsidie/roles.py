"""Municipal staff roles, as Django groups, and the permissions each one holds.

The groups are created after every migrate, so a fresh database always has them; the
permissions are set anew each time so this file stays the single source of truth.
"""

from django.contrib.auth.models import Group, Permission

REVIEWER = "Beoordelaar"
DECISION_MAKER = "Besluitvormer"
FINANCE = "Financiën"
ADMINISTRATOR = "Beheerder"

STAFF_ROLES = (REVIEWER, DECISION_MAKER, FINANCE, ADMINISTRATOR)

_FOUNDATION_MODELS = ("organisation", "location", "membership", "district", "borough")

# Reviewers, decision makers and finance read organisation data; administrators keep it.
ROLE_PERMISSIONS = {
    REVIEWER: {("subsidie", f"view_{model}") for model in _FOUNDATION_MODELS},
    DECISION_MAKER: {("subsidie", f"view_{model}") for model in _FOUNDATION_MODELS},
    FINANCE: {("subsidie", f"view_{model}") for model in _FOUNDATION_MODELS},
    ADMINISTRATOR: {
        ("subsidie", f"{action}_{model}")
        for model in _FOUNDATION_MODELS
        for action in ("view", "add", "change", "delete")
    }
    | {("auth", f"{action}_user") for action in ("view", "add", "change")},
}


def sync_roles(**kwargs):
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            permission
            for permission in Permission.objects.filter(
                content_type__app_label__in={app for app, _ in wanted}
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.set(permissions)


def staff_roles_of(user):
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_staff_roles"):
        user._staff_roles = list(
            user.groups.filter(name__in=STAFF_ROLES).values_list("name", flat=True)
        )
    return user._staff_roles


def is_municipal_staff(user):
    """Staff of the municipality work in the back office and must use a second factor."""
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or bool(staff_roles_of(user))
    )
