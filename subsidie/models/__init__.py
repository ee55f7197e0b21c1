from subsidie.models.applications import (
    OPEN_STATES,
    REVIEW_STATES,
    Application,
    ApplicationQuerySet,
    Attachment,
    BudgetLine,
    InformationRequest,
)
from subsidie.models.awards import Advance, Award, AwardTranche
from subsidie.models.ledger import LedgerEntry
from subsidie.models.reviews import CriterionScore, Review
from subsidie.models.schemes import Criterion, Scheme, SchemeBudget, SchemeSelection

__all__ = [
    "OPEN_STATES",
    "REVIEW_STATES",
    "Advance",
    "Application",
    "ApplicationQuerySet",
    "Attachment",
    "Award",
    "AwardTranche",
    "BudgetLine",
    "Criterion",
    "CriterionScore",
    "InformationRequest",
    "LedgerEntry",
    "Review",
    "Scheme",
    "SchemeBudget",
    "SchemeSelection",
]
