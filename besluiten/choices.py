"""Choice lists of hearings and objections."""

from django.db import models


class HearingPurpose(models.TextChoices):
    """The adverse decisions before which the organisation is heard (Awb 4:7, 4:8)."""

    REFUSAL = "weigering", "afwijzing van een aanvraag"
    LOWER_SETTLEMENT = "vaststelling", "lagere vaststelling"
    REVOCATION = "intrekking", "intrekking"


class ObjectionState(models.TextChoices):
    RECEIVED = "ontvangen", "ontvangen"
    REPAIR = "herstel", "wacht op herstel"
    HEARING_PLANNED = "hoorzitting", "hoorzitting gepland"
    HEARD = "gehoord", "gehoord"
    ADVISED = "advies", "advies ontvangen"
    DECIDED = "besloten", "besloten"


class ObjectionOutcome(models.TextChoices):
    """The decision on an objection (Awb 7:11)."""

    INADMISSIBLE = "niet-ontvankelijk", "niet-ontvankelijk"
    UNFOUNDED = "ongegrond", "ongegrond"
    PARTLY_FOUNDED = "deels-gegrond", "gedeeltelijk gegrond"
    FOUNDED = "gegrond", "gegrond"
