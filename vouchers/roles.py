"""What each staff role may do with the voucher scheme's records (see kern.roles).

Pass holders' personal data is for administrators only (AVG), and only to look up.
"""

from kern.roles import ADMINISTRATOR, FINANCE

ROLE_PERMISSIONS = {
    FINANCE: {"view_declaration"},
    ADMINISTRATOR: {"view_passholder", "view_passholderimport", "view_voucher"}
    | {
        f"{action}_{model}"
        for model in ("passnumberrule", "voucherterms")
        for action in ("view", "add", "change")
    }
    | {f"{action}_postcodearea" for action in ("view", "add", "change", "delete")},
}
