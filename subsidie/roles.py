"""What each staff role may do with the grant schemes' records (see kern.roles).

Every staff role reads schemes and applications; administrators keep the schemes. Applications,
awards and the ledger change only through the services.
"""

from kern.roles import ADMINISTRATOR, DECISION_MAKER, FINANCE, REVIEWER

_KEPT_BY_ADMINISTRATORS = ("scheme", "schemebudget", "schemeselection", "criterion")
_READ_BY_ALL_STAFF = {f"view_{model}" for model in (*_KEPT_BY_ADMINISTRATORS, "application")}

ROLE_PERMISSIONS = {
    REVIEWER: _READ_BY_ALL_STAFF,
    DECISION_MAKER: _READ_BY_ALL_STAFF,
    FINANCE: _READ_BY_ALL_STAFF,
    ADMINISTRATOR: _READ_BY_ALL_STAFF
    | {
        f"{action}_{model}"
        for model in _KEPT_BY_ADMINISTRATORS
        for action in ("add", "change", "delete")
    },
}
