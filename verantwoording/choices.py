from django.db import models


class ReportState(models.TextChoices):
    DUE = "due", "te verantwoorden"
    OVERDUE = "overdue", "te laat"
    SUBMITTED = "submitted", "ingediend"
    CHANGES_REQUESTED = "changes", "aanpassen gevraagd"
    ACCEPTED = "accepted", "goedgekeurd"
    REJECTED = "rejected", "afgekeurd"


class Measure(models.TextChoices):
    """What the activity report compares, planned against realised (seed 000, appendix 1)."""

    PUPILS = "pupils", "leerlingen per week"
    HOURS = "hours", "uren per week"
    WEEKS = "weeks", "weken open"
    VOLUNTEERS = "volunteers", "vrijwilligers"
    PAID_SUPERVISORS = "paid", "betaalde begeleiders"


class SettlementState(models.TextChoices):
    PROPOSED = "proposed", "voorgesteld"
    DECIDED = "decided", "vastgesteld"


class RecoveryState(models.TextChoices):
    OPEN = "open", "openstaand"
    PAID = "paid", "terugbetaald"
    WRITTEN_OFF = "written_off", "afgeboekt"
    CANCELLED = "cancelled", "vervallen na bezwaar"


class FinalPaymentState(models.TextChoices):
    DUE = "due", "te betalen"
    BATCHED = "batched", "in betaalbatch"
    PAID = "paid", "betaald"
