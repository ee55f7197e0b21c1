"""What every decision letter says about legal protection: the objection clause (Awb 3:45,
6:7, 6:8) and, under a decision on an objection, the appeal clause (Awb 8:1)."""

from kern.pdf import day, paragraph
from kern.terms import objection_deadline

OBJECTION_ADDRESS = "Postbus 12600, 2500 DJ Den Haag"


def objection_clause(body, sent_on):
    return (
        "Dan kunt u bezwaar maken. Dat doet u binnen 6 weken na de dag waarop wij dit "
        f"besluit hebben verstuurd, dus uiterlijk op {day(objection_deadline(sent_on))}. "
        f"Stuur uw bezwaarschrift aan {body}, {OBJECTION_ADDRESS}. Schrijf erin: uw naam en "
        "adres, de datum, het kenmerk van dit besluit, waarom u het er niet mee eens bent, en "
        "uw handtekening (artikel 6:5 en 6:7 Algemene wet bestuursrecht)."
    )


def appeal_clause(sent_on):
    """Awb 6:7, 8:1: appeal to the court within six weeks after the day of sending."""
    return (
        "Dan kunt u in beroep gaan bij de rechtbank Den Haag, sector bestuursrecht. Dat doet "
        f"u binnen 6 weken na de dag waarop wij deze beslissing hebben verstuurd, dus "
        f"uiterlijk op {day(objection_deadline(sent_on))}. U kunt ook digitaal beroep "
        "instellen via rechtspraak.nl. De rechtbank vraagt griffierecht (artikel 8:1 en 6:7 "
        "Algemene wet bestuursrecht)."
    )


def objection_section(body, sent_on, styles):
    """How to object, under every decision (Awb 3:45)."""
    return [
        paragraph("Bent u het niet eens met dit besluit?", styles.small_heading),
        paragraph(objection_clause(body, sent_on), styles.small),
    ]
