"""Municipal staff roles, as Django groups, and the permissions each one holds.

The groups are created after every migrate, so a fresh database always has them; the
permissions are set anew each time so this file stays the single source of truth.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

REVIEWER = "Beoordelaar"
DECISION_MAKER = "Besluitvormer"
FINANCE = "Financiën"
ADMINISTRATOR = "Beheerder"

STAFF_ROLES = (REVIEWER, DECISION_MAKER, FINANCE, ADMINISTRATOR)

_KEPT_BY_ADMINISTRATORS = (
    "organisation",
    "location",
    "membership",
    "district",
    "borough",
    "scheme",
    "schemebudget",
    "schemeselection",
    "criterion",
)
_READ_BY_ALL_STAFF = {
    ("subsidie", f"view_{model}") for model in (*_KEPT_BY_ADMINISTRATORS, "application")
}

# Every staff role reads organisations, schemes and applications; administrators keep the
# data that is not workflow. Applications change only through the services.
ROLE_PERMISSIONS = {
    REVIEWER: _READ_BY_ALL_STAFF,
    DECISION_MAKER: _READ_BY_ALL_STAFF,
    FINANCE: _READ_BY_ALL_STAFF | {("vouchers", "view_declaration")},
    ADMINISTRATOR: _READ_BY_ALL_STAFF
    | {
        ("subsidie", f"{action}_{model}")
        for model in _KEPT_BY_ADMINISTRATORS
        for action in ("add", "change", "delete")
    }
    | {("auth", f"{action}_user") for action in ("view", "add", "change")}
    # Pass holders' personal data: administrators only (AVG), and only to look up.
    | {("vouchers", f"view_{model}") for model in ("passholder", "passholderimport")}
    | {("vouchers", f"{action}_passnumberrule") for action in ("view", "add", "change")}
    | {("vouchers", f"{action}_voucherterms") for action in ("view", "add", "change")}
    | {("vouchers", "view_voucher")}
    | {("vouchers", f"{action}_postcodearea") for action in ("view", "add", "change", "delete")},
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


def require_role(user, *allowed):
    if not set(staff_roles_of(user)) & set(allowed):
        raise PermissionDenied("Dit mag alleen een " + " of ".join(allowed).lower() + ".")
