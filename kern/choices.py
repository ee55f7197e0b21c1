"""Choice lists of the core, taken from the provider questionnaire in seed 000, appendix 1."""

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
