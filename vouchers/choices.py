"""The states and kinds of the voucher scheme's records."""

from django.db import models


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", "geüpload"
    CHECKING = "checking", "wordt gecontroleerd"
    CHECKED = "checked", "gecontroleerd"
    IMPORTING = "importing", "wordt ingelezen"
    DONE = "done", "ingelezen"
    FAILED = "failed", "mislukt"


class PrintRunState(models.TextChoices):
    PRINTING = "printing", "wordt gemaakt"
    DONE = "done", "klaar"
    FAILED = "failed", "mislukt"


class VoucherState(models.TextChoices):
    ISSUED = "issued", "uitgegeven"
    ACTIVE = "active", "geactiveerd"
    EXHAUSTED = "exhausted", "op"
    EXPIRED = "expired", "verlopen"
    REVOKED = "revoked", "ingetrokken"


class EntryKind(models.TextChoices):
    ISSUE = "issue", "uitgegeven"
    SESSION = "session", "begeleiding"
    CORRECTION = "correction", "correctie"
    EXPIRY = "expiry", "verlopen"
    REVOCATION = "revocation", "ingetrokken"


class AdmissionState(models.TextChoices):
    REQUESTED = "requested", "aangevraagd"
    ADMITTED = "admitted", "toegelaten"
    REFUSED = "refused", "geweigerd"
    SUSPENDED = "suspended", "geschorst"


class EnrolmentState(models.TextChoices):
    REQUESTED = "requested", "aangevraagd"
    ACCEPTED = "accepted", "geaccepteerd"
    WAITLISTED = "waitlisted", "op de wachtlijst"
    DECLINED = "declined", "afgewezen"
    ACTIVE = "active", "loopt"
    ENDED = "ended", "gestopt"


OPEN_ENROLMENT = [
    EnrolmentState.REQUESTED,
    EnrolmentState.ACCEPTED,
    EnrolmentState.WAITLISTED,
    EnrolmentState.ACTIVE,
]


class DeclarationState(models.TextChoices):
    DRAFT = "draft", "concept"
    SUBMITTED = "submitted", "ingediend"
    APPROVED = "approved", "goedgekeurd"
    REJECTED = "rejected", "afgewezen"
    BATCHED = "batched", "in betaalbatch"
    PAID = "paid", "betaald"
