from besluiten.models.hearings import Hearing
from besluiten.models.objections import Objection

__all__ = ["Hearing", "Objection"]
