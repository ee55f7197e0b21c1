"""Choice lists, taken from the provider questionnaire in seed 000, appendix 1."""

from django.db import models


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", "vo-school"
    PROVIDER = "provider", "aanbieder"


class LegalForm(models.TextChoices):
    FOUNDATION = "stichting", "stichting"
    ASSOCIATION = "vereniging", "vereniging"
    COOPERATIVE = "cooperatie", "coöperatie"
    PUBLIC_BODY = "publiekrecht", "publiekrechtelijke rechtspersoon"
    PRIVATE_COMPANY = "bv", "besloten vennootschap (bv)"
    PUBLIC_COMPANY = "nv", "naamloze vennootschap (nv)"
    SOLE_TRADER = "eenmanszaak", "eenmanszaak"
    PARTNERSHIP = "vof", "vennootschap onder firma (vof)"
    OTHER = "anders", "anders"


class Weekday(models.TextChoices):
    MONDAY = "ma", "maandag"
    TUESDAY = "di", "dinsdag"
    WEDNESDAY = "wo", "woensdag"
    THURSDAY = "do", "donderdag"
    FRIDAY = "vr", "vrijdag"
    SATURDAY = "za", "zaterdag"
    SUNDAY = "zo", "zondag"


class SupportType(models.TextChoices):
    """Questions 3 and 4: what the homework support offers."""

    QUIET_PLACE = "rustige_plek", "een rustige plek om huiswerk te maken of te leren"
    MATERIALS = "leermiddelen", "leermiddelen (internet, computer, printer, boeken)"
    STUDY_SKILLS = "studievaardigheden", "hulp bij plannen en leren leren"
    FEEDBACK = "feedback", "overhoren, nakijken en oefenen"
    SUBJECT_HELP = "vakinhoud", "uitleg over de lesstof"
    TUTORING = "bijles", "bijles in een vak"
    SAFE_SPACE = "veilige_plek", "een veilige plek los van school en thuis"
    CAREER = "loopbaan", "hulp bij schoolkeuze en vervolgopleiding"
    PERSONAL = "persoonlijk", "persoonlijke begeleiding en coaching"
    REFERRAL = "doorverwijzing", "doorverwijzen naar andere hulp"


class AdmissionCondition(models.TextChoices):
    """Question 12: who may use the support."""

    LOW_INCOME = "laag_inkomen", "ouders met een laag inkomen (bijvoorbeeld Ooievaarspas)"
    LANGUAGE = "taal", "ouders kennen het Nederlandse schoolsysteem of de taal niet goed"
    NO_ROOM = "geen_ruimte", "geen rustige plek thuis"
    SAME_DISTRICT = "zelfde_wijk", "wonen of naar school gaan in dezelfde wijk"
    SCHOOL_YEARS = "leerjaren", "alleen bepaalde leerjaren"
    SCHOOL_LEVELS = "niveaus", "alleen bepaalde schoolsoorten of niveaus"
    REFERRED_BY_SCHOOL = "via_school", "aangemeld door school"
    REFERRED_BY_OTHER = "via_organisatie", "aangemeld door een andere organisatie"


class SupervisorEducation(models.TextChoices):
    """Questions 13 and 14."""

    NONE = "geen", "geen eisen"
    MBO = "mbo", "minimaal mbo 3 of 4"
    HBO = "hbo", "minimaal hbo"
    WO = "wo", "minimaal wo"


class SupervisorTraining(models.TextChoices):
    """Question 16."""

    NONE = "geen", "geen cursus"
    ONCE = "eenmalig", "eenmalig een cursus"
    REGULAR = "regelmatig", "regelmatig scholing"


class SchoolCooperation(models.TextChoices):
    """Question 19."""

    NONE = "geen", "nee"
    INCIDENTAL = "incidenteel", "ja, af en toe"
    STRUCTURAL = "structureel", "ja, vast"


class MemberRole(models.TextChoices):
    ADMIN = "admin", "beheerder van de organisatie"
    MEMBER = "member", "medewerker"


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


class BatchState(models.TextChoices):
    OPEN = "open", "open"
    EXPORTED = "exported", "naar de bank gestuurd"
    PAID = "paid", "betaald"
