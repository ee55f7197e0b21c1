"""What each staff role may do with the grant schemes' records (see kern.roles), and the
object rules for applications (see kern.permissions).

Every staff role reads schemes and applications; administrators keep the schemes.
Applications, awards and the ledger change only through the services.
"""

from kern.permissions import add_rule, holds_any, member_of
from kern.roles import ADMINISTRATOR, DECISION_MAKER, REVIEWER, read_by_staff_kept_by_administrators

ROLE_PERMISSIONS = read_by_staff_kept_by_administrators(
    ("scheme", "schemebudget", "schemeselection", "criterion"), read_too=("application", "award")
)
ROLE_PERMISSIONS[REVIEWER] |= {"review_application", "assign_application"}
ROLE_PERMISSIONS[DECISION_MAKER] |= {"decide_application"}
ROLE_PERMISSIONS[ADMINISTRATOR] |= {"assign_application"}

add_rule(
    "subsidie.act_for_application",
    member_of(lambda application: application.organisation_id),
    "Alleen medewerkers van de aanvrager kunnen dit doen.",
)
# A decision maker may also propose, or give more time, on an application in review.
add_rule(
    "subsidie.handle_application",
    holds_any("subsidie.review_application", "subsidie.decide_application"),
    "Dit mag alleen een beoordelaar of besluitvormer.",
)
