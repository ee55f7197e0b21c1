"""Choice lists of grant schemes, applications and awards."""

from django.db import models


class SchemeKind(models.TextChoices):
    """The scenarios of seed 000 this system implements."""

    ALL_SCHOOLS = "scholen", "alle vo-scholen (scenario 1)"
    SELECTED_SCHOOLS = "geselecteerde_scholen", "geselecteerde vo-scholen (scenario 2)"
    PROVIDERS = "aanbieders", "aanbieders zonder winstoogmerk (scenario 4b)"
    VOUCHERS = "vouchers", "vouchers voor Ooievaarspashouders (scenario 5)"


class AllocationMethod(models.TextChoices):
    FIRST_COME = "volgorde", "op volgorde van binnenkomst van complete aanvragen"
    RANKING = "rangschikking", "rangschikking na de sluitingsdatum"


class WorkingModel(models.TextChoices):
    """The three working models of seed 001."""

    AT_SCHOOL = "op_school", "huiswerkklas op school"
    SCHOOL_AND_HOME = "school_en_thuis", "op school en begeleiding thuis"
    OUT_OF_SCHOOL = "buiten_school", "huiswerkklas buiten school"


class BudgetLineKind(models.TextChoices):
    COST = "kosten", "kosten"
    INCOME = "inkomsten", "andere inkomsten"


class ApplicationState(models.TextChoices):
    DRAFT = "draft", "concept"
    SUBMITTED = "submitted", "ingediend"
    INCOMPLETE = "incomplete", "aanvulling gevraagd"
    IN_REVIEW = "in_review", "in behandeling"
    PROPOSED = "proposed", "besluit voorgesteld"
    GRANTED = "granted", "verleend"
    REJECTED = "rejected", "afgewezen"
    NOT_PROCESSED = "not_processed", "buiten behandeling"
    WITHDRAWN = "withdrawn", "ingetrokken door aanvrager"


class Outcome(models.TextChoices):
    """What a reviewer proposes; the decision taken is a besluiten.Decision of that kind."""

    GRANT = "grant", "verlenen"
    REJECT = "reject", "afwijzen"
    NOT_PROCESSED = "not_processed", "buiten behandeling stellen"


class AccountabilityTier(models.TextChoices):
    """Regeling OCW-subsidies art. 11-22, with the amounts as scheme data."""

    DIRECT = "direct", "direct vaststellen (bewijs op verzoek)"
    ACTIVITY_REPORT = "activiteiten", "activiteitenverslag"
    FULL = "volledig", "activiteitenverslag, financieel verslag en accountantsverklaring"


class AwardState(models.TextChoices):
    GRANTED = "granted", "verleend"
    ACTIVE = "active", "lopend"
    REPORT_DUE = "report_due", "verantwoording gevraagd"
    SETTLED = "settled", "vastgesteld"
    REVOKED = "revoked", "ingetrokken"


class LedgerKind(models.TextChoices):
    COMMITMENT = "commitment", "verplichting (verlening of vouchers)"
    RELEASE = "release", "vrijval"


class AdvanceState(models.TextChoices):
    DUE = "due", "te betalen"
    BATCHED = "batched", "in betaalbatch"
    PAID = "paid", "betaald"
    CANCELLED = "cancelled", "vervallen"
