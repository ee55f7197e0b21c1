"""The decision on an objection (beslissing op bezwaar) as a letter, with the appeal clause
(Awb 7:12: reasons, and where to appeal)."""

from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from besluiten.choices import ObjectionOutcome
from besluiten.clauses import appeal_clause
from kern.pdf import LETTER, addressed, day, paragraph, render

_OPENINGS = {
    ObjectionOutcome.INADMISSIBLE: "Wij verklaren uw bezwaar niet-ontvankelijk.",
    ObjectionOutcome.UNFOUNDED: "Wij verklaren uw bezwaar ongegrond. Ons besluit blijft staan.",
    ObjectionOutcome.PARTLY_FOUNDED: "Wij verklaren uw bezwaar gedeeltelijk gegrond.",
    ObjectionOutcome.FOUNDED: "Wij verklaren uw bezwaar gegrond.",
}


def render_letter(objection, replaced):
    return render(lambda: _story(objection, replaced), title=f"Beslissing {objection.reference}")


def _p(text, style=LETTER.body):
    return paragraph(text, style)


def _story(objection, replaced):
    decided_on = timezone.localdate(objection.decided_at)
    organisation = objection.organisation
    address = (
        [organisation.name, organisation.contact_name, organisation.address_line]
        if organisation
        else [objection.objector, *objection.address.splitlines()]
    )
    story = addressed(
        address,
        decided_on,
        objection.reference,
        f"Beslissing op uw bezwaar tegen besluit {objection.decision_reference}",
        LETTER,
    )
    story += [
        _p(
            f"Op {day(objection.received_on)} ontvingen wij uw bezwaar tegen ons besluit "
            f"{objection.decision_reference} van {day(objection.decision_sent_on)}."
        ),
        _p("Onze beslissing", LETTER.heading),
        _p(_OPENINGS[objection.outcome] + _replacement(replaced)),
        _p("Waarom wij zo beslissen", LETTER.heading),
        _p(_timeliness(objection) + objection.reasoning),
    ]
    if objection.hearing_report:
        story += [
            _p("De hoorzitting", LETTER.heading),
            _p(
                f"Wij hoorden u op {day(timezone.localtime(objection.hearing_at))}. Het verslag "
                "van dat gesprek zit in ons dossier; u kunt het bij ons opvragen."
            ),
        ]
    if objection.advice:
        story += [
            _p("Het advies van de bezwaarcommissie", LETTER.heading),
            _p(objection.advice),
        ]
    story += [
        _p("Bent u het niet eens met deze beslissing?", LETTER.heading),
        _p(appeal_clause(decided_on)),
        Spacer(1, 6 * mm),
        _p(
            "Met vriendelijke groet,\n\nhet college van burgemeester en wethouders van Den Haag,"
            f"\nnamens dezen: {objection.decided_by.get_full_name() or objection.decided_by}"
        ),
    ]
    return story


def _replacement(replaced):
    if replaced is None:
        return ""
    return (
        f" Wij herroepen ons besluit en nemen een nieuw besluit ({replaced.reference}). Dat "
        "nieuwe besluit sturen wij u met deze brief mee."
    )


def _timeliness(objection):
    if objection.on_time:
        return ""
    text = (
        f"De termijn voor bezwaar liep tot en met {day(objection.deadline)}; wij ontvingen "
        f"uw bezwaar op {day(objection.received_on)}, dus te laat (artikel 6:7 en 6:9 Awb). "
    )
    if objection.lateness_excused:
        return text + f"Dat rekenen wij u niet aan: {objection.lateness_reasons} "
    return (
        text + "U heeft geen reden gegeven waarom dat niet aan u te wijten is (artikel 6:11 Awb). "
    )
