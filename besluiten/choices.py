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


class DecisionKind(models.TextChoices):
    """The kinds of beschikking the system takes. The values of the grant cycle's kinds are
    those of the proposal's outcome (subsidie.choices.Outcome)."""

    GRANT = "grant", "verlening"
    REJECT = "reject", "afwijzing"
    NOT_PROCESSED = "not_processed", "buiten behandeling stellen"
    LOWER_ADVANCES = "lower", "verlaging van de voorschotten"
    REVOKE = "revoke", "intrekking"
    SETTLE = "settle", "vaststelling"
    RECOVER = "recover", "terugvordering"
    ADMIT = "admit", "toelating van een aanbieder"
    REFUSE_ADMISSION = "refuse_admission", "weigering van de toelating"
    SUSPEND_ADMISSION = "suspend_admission", "schorsing van de toelating"
    REINSTATE_ADMISSION = "reinstate_admission", "opheffing van de schorsing"
    REJECT_DECLARATION = "reject_declaration", "afkeuring van een declaratie"
    APPROVE_DECLARATION = "approve_declaration", "goedkeuring van een declaratie na bezwaar"
    REVOKE_VOUCHER = "revoke_voucher", "intrekking van een voucher"
    REINSTATE_VOUCHER = "reinstate_voucher", "herstel van een voucher na bezwaar"
    REINSTATE_AWARD = "reinstate_award", "herroeping van een intrekking na bezwaar"
    REFUSE_VOUCHER = "refuse_voucher", "geen voucher: het plafond is bereikt"
    ISSUE_VOUCHER = "issue_voucher", "toekenning van een voucher"
    # Its deadline is that of appeal (beroep, Awb 6:7 and 8:1), by the same rule.
    DECIDE_OBJECTION = "objection", "beslissing op bezwaar"


# The article each kind rests on, as the register and the letters name it.
LEGAL_BASIS = {
    DecisionKind.GRANT: "artikel 4:29 en 4:30 Awb",
    DecisionKind.REJECT: "artikel 4:35 Awb",
    DecisionKind.NOT_PROCESSED: "artikel 4:5 Awb",
    DecisionKind.LOWER_ADVANCES: "artikel 4:48 Awb",
    DecisionKind.REVOKE: "artikel 4:48 Awb",
    DecisionKind.SETTLE: "artikel 4:42 en 4:46 Awb",
    DecisionKind.RECOVER: "artikel 4:57 Awb",
    DecisionKind.ADMIT: "artikel 1:3 Awb en de voucherregeling",
    DecisionKind.REFUSE_ADMISSION: "artikel 1:3 Awb en de voucherregeling",
    DecisionKind.SUSPEND_ADMISSION: "artikel 1:3 Awb en de voucherregeling",
    DecisionKind.REINSTATE_ADMISSION: "artikel 1:3 Awb en de voucherregeling",
    DecisionKind.REJECT_DECLARATION: "artikel 1:3 Awb en de voucherregeling",
    DecisionKind.APPROVE_DECLARATION: "artikel 7:11 Awb",
    DecisionKind.REVOKE_VOUCHER: "artikel 4:48 Awb",
    DecisionKind.REINSTATE_VOUCHER: "artikel 7:11 Awb",
    DecisionKind.REINSTATE_AWARD: "artikel 7:11 Awb",
    DecisionKind.REFUSE_VOUCHER: "artikel 4:25 Awb en de voucherregeling",
    DecisionKind.ISSUE_VOUCHER: "artikel 4:29 Awb en de voucherregeling",
    DecisionKind.DECIDE_OBJECTION: "artikel 7:11 en 7:12 Awb",
}
