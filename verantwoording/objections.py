"""What the core's objection handling needs of a settlement decision (besluiten.decision_kinds):
described as any decision on an application, and revised here, where settlements are taken."""

from dataclasses import replace

from besluiten import decision_kinds
from besluiten.choices import DecisionKind
from subsidie.objections import GRANT_DECISION
from verantwoording.forms import SettlementRevisionForm
from verantwoording.services import settlements

SETTLEMENT_DECISION = replace(
    GRANT_DECISION,
    revise=settlements.revise_on_objection,
    revision_form=lambda decision: SettlementRevisionForm,
    revisable=settlements.revisable,
)


def register():
    decision_kinds.register_decision_kinds([DecisionKind.SETTLE], SETTLEMENT_DECISION)
