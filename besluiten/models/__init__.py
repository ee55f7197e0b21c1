from besluiten.models.decisions import Decision
from besluiten.models.hearings import Hearing
from besluiten.models.objections import Objection

__all__ = ["Decision", "Hearing", "Objection"]
