"""The settlement's own part of its decision letter (vaststellingsbeschikking): the
calculation per budget line with the reasons for each lower line, and what is paid or
recovered. The rest of the letter, with the objection clause, is the grant letter's."""

from reportlab.lib.units import mm

from kern.money import euro
from kern.pdf import LETTER, amounts_table, day, paragraph
from verantwoording.choices import RecoveryState


def settlement_sections(settlement, balance):
    rows = [["Post", "Verleend", "Vastgesteld"]]
    lines = list(settlement.lines.all())
    rows += [[line.description, euro(line.awarded), euro(line.eligible)] for line in lines]
    rows.append(["Totaal", euro(settlement.awarded), euro(settlement.amount)])
    lower = [line for line in lines if line.eligible < line.awarded]
    sections = [
        paragraph("De berekening", LETTER.heading),
        amounts_table(rows, [90 * mm, 35 * mm, 35 * mm], amounts=2),
    ]
    if lower:
        sections.append(
            paragraph(
                "Waarom wij minder vaststellen dan wij verleenden:\n"
                + "\n".join(
                    f"{line.description} ({euro(line.awarded - line.eligible)} minder): "
                    f"{line.reason}"
                    for line in lower
                ),
                LETTER.body,
            )
        )
    return sections + _payment_sections(_payment(balance))


def revised_settlement_sections(before, after, correction):
    """The settlement raised after an objection, and what that does to the money."""
    rows = [["", "Bedrag"], ["Eerder vastgesteld", euro(before)], ["Nu vastgesteld", euro(after)]]
    return [
        paragraph("De berekening", LETTER.heading),
        amounts_table(rows, [90 * mm, 35 * mm], amounts=1),
        *_payment_sections(_correction(correction)),
    ]


def _correction(correction):
    recovery, parts = correction.recovery, []
    if recovery is not None and recovery.state == RecoveryState.CANCELLED:
        parts.append(
            f"De terugvordering van {euro(correction.recovered_before)} vervalt: u hoeft niets "
            "terug te betalen."
        )
    elif recovery is not None and recovery.state == RecoveryState.OPEN:
        parts.append(
            f"Wij vorderen {euro(recovery.amount)} van u terug in plaats van "
            f"{euro(correction.recovered_before)}. Betaal dat uiterlijk op "
            f"{day(recovery.due_date)}."
        )
    if correction.to_pay:
        parts.append(
            f"Wij betalen u {euro(correction.to_pay)}, uiterlijk op "
            f"{day(correction.due_date)} (artikel 4:87 Algemene wet bestuursrecht)."
        )
    return " ".join(parts) or "Er verandert niets aan wat u ontving of terugbetaalde."


def revoked_payment_sections(paid, due_date):
    """After a revocation every advance is recovered."""
    return _payment_sections(
        f"U heeft {euro(paid)} als voorschot ontvangen. Omdat de subsidie is ingetrokken, "
        f"heeft u daar geen recht meer op. Dat bedrag {_recovered(due_date)}"
    )


def _payment_sections(text):
    return [paragraph("Betaling", LETTER.heading), paragraph(text, LETTER.body)]


def _payment(balance):
    paid = f"U heeft {euro(balance.paid)} als voorschot ontvangen."
    if balance.to_pay:
        return (
            f"{paid} Wij betalen u nog {euro(balance.to_pay)}, uiterlijk op "
            f"{day(balance.due_date)} (artikel 4:87 Algemene wet bestuursrecht)."
        )
    if balance.to_recover:
        return (
            f"{paid} Dat is {euro(balance.to_recover)} meer dan de vastgestelde subsidie. Dat "
            f"bedrag {_recovered(balance.due_date)}"
        )
    return f"{paid} Dat is het vastgestelde bedrag: wij betalen niets meer en vorderen niets terug."


def _recovered(due_date):
    return (
        "vorderen wij van u terug (artikel 4:57 Algemene wet bestuursrecht). U krijgt er een "
        f"factuur voor. Betaal het uiterlijk op {day(due_date)}. Kunt u dat niet in één keer? "
        "Neem dan contact met ons op over een betalingsregeling."
    )
