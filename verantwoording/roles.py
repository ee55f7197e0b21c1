"""What each staff role may do with accountability reports (see kern.roles), and the object
rule for the recipient's own reports (see kern.permissions)."""

from kern.permissions import ORGANISATION_REFUSAL, add_rule, holds_any, member_of
from kern.roles import DECISION_MAKER, REVIEWER, read_by_staff_kept_by_administrators

ROLE_PERMISSIONS = read_by_staff_kept_by_administrators(
    (),
    read_too=(
        "report",
        "settlement",
        "recovery",
        "finalpayment",
        "settlementrun",
        "monitoringworkbook",
    ),
)
ROLE_PERMISSIONS[REVIEWER] |= {"review_report", "prepare_settlement"}
# Four-eyes as for grants: a decision maker may prepare, but not decide what they prepared
# from the scheme's threshold on (see services.settlements).
ROLE_PERMISSIONS[DECISION_MAKER] |= {
    "prepare_settlement",
    "decide_settlement",
    "write_off_recovery",
}

add_rule(
    "verantwoording.act_for_report",
    member_of(lambda report: report.award.application.organisation_id),
    ORGANISATION_REFUSAL,
)

add_rule(
    "verantwoording.act_for_award",
    member_of(lambda award: award.application.organisation_id),
    ORGANISATION_REFUSAL,
)
# A reviewer records what is done with a notice; a decision maker may also lower advances.
add_rule(
    "verantwoording.handle_notice",
    holds_any("verantwoording.review_report", "subsidie.decide_application"),
    "Dit mag alleen een beoordelaar of besluitvormer.",
)
