"""Municipal staff roles, as Django groups, and the permissions each one holds.

Each app declares, in its AppConfig's `role_permissions`, which permissions of its own
models each role holds; the core names no other app's models. The groups are set after
every migrate, so a fresh database always has them, and their permissions are set anew each
time so those declarations stay the single source of truth.
"""

from collections import defaultdict

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

REVIEWER = "Beoordelaar"
DECISION_MAKER = "Besluitvormer"
FINANCE = "Financiën"
ADMINISTRATOR = "Beheerder"

STAFF_ROLES = (REVIEWER, DECISION_MAKER, FINANCE, ADMINISTRATOR)


def read_by_staff_kept_by_administrators(kept, read_too=()):
    """The usual declaration: every staff role reads these models; administrators also
    add, change and delete the `kept` ones."""
    read = {f"view_{model}" for model in (*kept, *read_too)}
    keep = {f"{action}_{model}" for model in kept for action in ("add", "change", "delete")}
    # A set of its own for each role, so a declaration may add to one role only.
    return {
        REVIEWER: set(read),
        DECISION_MAKER: set(read),
        FINANCE: set(read),
        ADMINISTRATOR: read | keep,
    }


# The core's own declaration: organisations and districts, and managing users.
ROLE_PERMISSIONS = read_by_staff_kept_by_administrators(
    ("organisation", "location", "membership", "district", "borough"),
)
ROLE_PERMISSIONS[ADMINISTRATOR] |= {f"auth.{action}_user" for action in ("view", "add", "change")}
# Finance checks a new bank account with the organisation before any payment goes there.
ROLE_PERMISSIONS[FINANCE] |= {"confirm_bank_details"}


def declared_permissions():
    """{role: {(app_label, codename)}} from every app's declaration. A codename with a dot
    names another app's permission (the core's declaration of user management)."""
    wanted = defaultdict(set)
    for config in apps.get_app_configs():
        for role, codenames in getattr(config, "role_permissions", {}).items():
            for codename in codenames:
                label, _, name = codename.rpartition(".")
                wanted[role].add((label or config.label, name))
    return wanted


def sync_roles(using="default", **kwargs):
    # Django creates each app's permissions in that app's own post_migrate handler, so when
    # this runs some may not exist yet on a fresh database: create them all first.
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    wanted = declared_permissions()
    known = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.using(using).select_related("content_type")
    }
    for role in STAFF_ROLES:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([known[key] for key in sorted(wanted[role]) if key in known])


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


def addresses(role, person=None):
    """The person's e-mail address, or every active holder's of the role while none is
    assigned."""
    people = (
        [person] if person else get_user_model().objects.filter(groups__name=role, is_active=True)
    )
    return sorted({someone.email for someone in people} - {""})
