"""What each staff role may do with the voucher scheme's records (see kern.roles), and the
object rules for providers' records (see kern.permissions).

Pass holders' personal data is for administrators only (AVG), and only to look up.
"""

import rules

from kern.permissions import ORGANISATION_REFUSAL, add_rule, holds_any, member_of
from kern.roles import ADMINISTRATOR, FINANCE

ROLE_PERMISSIONS = {
    FINANCE: {"view_declaration", "approve_declaration"},
    ADMINISTRATOR: {"view_passholder", "view_passholderimport", "view_voucher"}
    | {"admit_provider", "issue_vouchers", "import_passholders", "recover_parent_account"}
    | {
        f"{action}_{model}"
        for model in ("passnumberrule", "voucherterms")
        for action in ("view", "add", "change")
    }
    | {f"{action}_postcodearea" for action in ("view", "add", "change", "delete")}
    | {"view_columnmapping", "delete_columnmapping"},
}

add_rule(
    "vouchers.act_for_enrolment",
    member_of(lambda enrolment: enrolment.admission.provider_id),
    ORGANISATION_REFUSAL,
)
add_rule(
    "vouchers.act_for_declaration",
    member_of(lambda declaration: declaration.admission.provider_id),
    ORGANISATION_REFUSAL,
)


@rules.predicate
def _parent_of_enrolment(user, enrolment):
    account = getattr(user, "parent_account", None)
    return (
        account is not None
        and enrolment is not None
        and account.household_number == enrolment.voucher.pass_holder.household_number
    )


add_rule(
    "vouchers.parent_of_enrolment",
    _parent_of_enrolment,
    "Deze plek hoort niet bij een kind uit uw huishouden.",
)

# Admitting (again) is the administrators' work, and a decision maker's when an objection
# against a refusal or suspension is founded (Awb 7:11).
add_rule(
    "vouchers.grant_admission",
    holds_any("vouchers.admit_provider", "besluiten.decide_objection"),
    "Dit mag alleen een beheerder van de voucherregeling, of een besluitvormer na bezwaar.",
)
