"""The permissions each staff role holds on hearings and objections (kern.roles)."""

from kern.roles import DECISION_MAKER, REVIEWER, read_by_staff_kept_by_administrators

ROLE_PERMISSIONS = read_by_staff_kept_by_administrators((), read_too=("objection", "hearing"))
# Objections are prepared by reviewers and decision makers; a decision maker decides them.
ROLE_PERMISSIONS[REVIEWER] |= {"handle_objection"}
ROLE_PERMISSIONS[DECISION_MAKER] |= {"handle_objection", "decide_objection"}
