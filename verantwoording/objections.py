"""What the core's objection handling needs of a settlement or a revocation (see
besluiten.decision_kinds): described as any decision on an application, and revised here,
where settlements and recoveries are kept."""

from dataclasses import replace

from besluiten import decision_kinds
from besluiten.choices import DecisionKind
from besluiten.decision_kinds import without_form
from subsidie.objections import GRANT_DECISION
from verantwoording.forms import SettlementRevisionForm
from verantwoording.services import recoveries, settlements

SETTLEMENT_DECISION = replace(
    GRANT_DECISION,
    revise=settlements.revise_on_objection,
    revision_form=lambda decision: SettlementRevisionForm,
    revisable=settlements.revisable,
)


# Undoing a revocation also lets the recovery that followed it lapse, which is kept here.
REVOCATION_DECISION = replace(
    GRANT_DECISION,
    revise=without_form(recoveries.undo_revocation_on_objection),
)


def register():
    decision_kinds.register_decision_kinds([DecisionKind.SETTLE], SETTLEMENT_DECISION)
    decision_kinds.register_decision_kinds([DecisionKind.REVOKE], REVOCATION_DECISION)
