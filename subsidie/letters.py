"""The decision letter (beschikking) as PDF. It holds what the Awb and the Den Haag subsidy
rules require: the decision, amount and calculation, activities, obligations,
accountability, reasoning and the objection clause.
"""

from django.utils import timezone
from django.utils.formats import number_format
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from besluiten.choices import DecisionKind
from besluiten.clauses import objection_clause
from kern.money import euro
from kern.pdf import LETTER, amounts_table, day, paragraph, render
from subsidie.choices import AccountabilityTier, AdvanceState

_HEAD = LETTER.heading

_TIER_TEXT = {
    AccountabilityTier.DIRECT: (
        "Wij stellen de subsidie direct vast als u de activiteiten hebt uitgevoerd. U hoeft "
        "geen verslag te sturen. Wij kunnen tot 12 weken na afloop van de activiteiten om "
        "bewijs vragen; u hebt dan 6 weken om dat te sturen."
    ),
    AccountabilityTier.ACTIVITY_REPORT: (
        "U stuurt per jaar een activiteitenverslag: wat u van plan was en wat u hebt gedaan, "
        "per activiteit. Legt u elke afwijking van meer dan 10% uit."
    ),
    AccountabilityTier.FULL: (
        "U stuurt per jaar een activiteitenverslag, een financieel verslag en een "
        "verklaring van een accountant. Legt u elke afwijking van meer dan 10% uit. Een "
        "school mag het eigen jaarverslag (model G) als financieel verslag gebruiken."
    ),
}


def obligations_text(scheme, tier):
    return "\n".join(
        [
            "U voert de activiteiten uit zoals beschreven in uw aanvraag.",
            "Iedereen die leerlingen begeleidt, heeft een Verklaring Omtrent Gedrag (VOG).",
            "Leerlingen betalen niets of hooguit € 10 per uur (laagdrempelig).",
            "U meldt het ons meteen als u de activiteiten niet, niet op tijd of niet helemaal "
            "kunt uitvoeren.",
            _TIER_TEXT[tier],
        ]
    )


def decision_letter(decision, plan, sections=()):
    """sections: flowables of a decision whose details another app keeps (a settlement)."""
    return render(lambda: _story(decision, plan, sections), title=f"Besluit {decision.reference}")


def _p(text, style=LETTER.body):
    return paragraph(text, style)


def _story(decision, plan, sections):
    application = decision.subject
    organisation = application.organisation
    story = [
        _p(f"{organisation.name}\n{organisation.contact_name}\n{organisation.address_line}"),
        Spacer(1, 6 * mm),
        _facts_table(decision),
        Spacer(1, 6 * mm),
        _p(_subject(decision), _HEAD),
        _p(_opening(decision)),
        *_replacement(decision),
        *sections,
    ]
    if decision.kind == DecisionKind.GRANT:
        story += _grant_sections(decision, plan)
    story += [
        _p("Waarom wij zo besluiten", _HEAD),
        _p(decision.reasoning or "Zie hierboven."),
        *_hearing_section(decision),
        _p(f"Wij nemen dit besluit op grond van: {application.scheme.legal_basis}"),
        _p("Bent u het niet eens met dit besluit?", _HEAD),
        _p(
            objection_clause(
                application.scheme.objection_body, timezone.localdate(decision.decided_at)
            )
        ),
        Spacer(1, 6 * mm),
        _p(
            "Met vriendelijke groet,\n\nhet college van burgemeester en wethouders van Den Haag,\n"
            f"namens dezen: {decision.decided_by.get_full_name() or decision.decided_by.username}"
        ),
    ]
    return story


def _replacement(decision):
    """Awb 7:11: the decision on an objection revokes the old decision and takes this one."""
    old = decision.replaces
    if old is None:
        return []
    return [
        _p(
            f"Dit besluit vervangt ons besluit {old.reference} van "
            f"{day(timezone.localtime(old.decided_at))}. Wij nemen het na uw bezwaar "
            f"({decision.objection_reference})."
        )
    ]


def _hearing_section(decision):
    """Awb 4:8 and 3:46: the applicant was heard, and the letter says what came of it."""
    hearing = decision.hearing
    if hearing is None:
        return []
    sent = day(timezone.localtime(hearing.started_at))
    if hearing.responded_at:
        text = (
            f"Op {sent} stuurden wij u ons voornemen. U reageerde op "
            f"{day(timezone.localtime(hearing.responded_at))}:\n‘{hearing.response}’\n"
            f"{decision.hearing_answer}"
        )
    else:
        text = (
            f"Op {sent} stuurden wij u ons voornemen. U kon daarop reageren tot en met "
            f"{day(hearing.due_date)}. Wij hebben geen reactie ontvangen."
        )
    return [_p("Uw zienswijze", _HEAD), _p(text)]


# The subject line of a decision about an award, with the granting decision's reference.
_ABOUT_THE_AWARD = {
    DecisionKind.REVOKE: "Intrekking van uw subsidie {}",
    DecisionKind.LOWER_ADVANCES: "Lagere voorschotten op uw subsidie {}",
    DecisionKind.SETTLE: "Vaststelling van uw subsidie {}",
    DecisionKind.RECOVER: "Terugvordering van uw subsidie {}",
    DecisionKind.REINSTATE_AWARD: "Uw subsidie {} blijft staan",
}


def _subject(decision):
    if decision.kind in _ABOUT_THE_AWARD:
        return _ABOUT_THE_AWARD[decision.kind].format(decision.subject.award.decision.reference)
    return f"Besluit op uw aanvraag {decision.subject.reference}"


def _facts_table(decision):
    application = decision.subject
    rows = [
        ["Datum", day(timezone.localtime(decision.decided_at))],
        ["Kenmerk besluit", decision.reference],
        ["Uw aanvraag", f"{application.reference}, {application.title}"],
        ["Regeling", application.scheme.name],
    ]
    table = Table(rows, colWidths=[40 * mm, 120 * mm])
    table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 9)]))
    return table


def _opening(decision):
    application = decision.subject
    if decision.kind == DecisionKind.GRANT:
        return (
            f"Wij verlenen u een subsidie van {euro(decision.amount)} voor "
            f"‘{application.title}’, van {day(application.period_start)} tot en met "
            f"{day(application.period_end)}. U vroeg {euro(application.requested_amount)}."
        )
    if decision.kind == DecisionKind.REJECT:
        return f"Wij wijzen uw aanvraag van {euro(application.requested_amount)} af."
    if decision.kind == DecisionKind.REVOKE:
        return _revocation(application.award)
    if decision.kind == DecisionKind.LOWER_ADVANCES:
        return _lowered(application.award, decision.amount)
    if decision.kind == DecisionKind.SETTLE:
        award = application.award
        return (
            f"Wij stellen de subsidie voor ‘{application.title}’ vast op {euro(decision.amount)} "
            f"(artikel 4:46 Algemene wet bestuursrecht). Wij verleenden u {euro(award.amount)} "
            f"met besluit {award.decision.reference}."
        )
    if decision.kind == DecisionKind.RECOVER:
        return _recovery(application, application.award.revocation)
    if decision.kind == DecisionKind.REINSTATE_AWARD:
        return (
            f"Wij herroepen ons besluit {decision.replaces.reference} om uw subsidie in te "
            f"trekken. De subsidie van {euro(decision.amount)} voor ‘{application.title}’ blijft "
            "staan. Voorschotten die nog niet betaald waren, betalen wij alsnog op de datums "
            "van de verlening, of zo snel mogelijk als die datum voorbij is."
        )
    return "Wij nemen uw aanvraag niet in behandeling."


def _lowered(award, amount):
    remaining = [
        f"{euro(advance.amount)} vanaf {day(advance.due_date)}"
        for advance in award.advances.all()
        if advance.state == AdvanceState.DUE
    ]
    return (
        f"Wij verlagen de voorschotten op uw subsidie {award.decision.reference} met "
        f"{euro(amount)}. "
        + (
            "Wij betalen nog: " + "; ".join(remaining) + "."
            if remaining
            else "Wij betalen geen voorschotten meer."
        )
        + " Bij de vaststelling kijken wij naar wat u werkelijk hebt gedaan."
    )


def _revocation(award):
    paid = award.paid
    text = (
        f"Wij trekken de subsidie van {euro(award.amount)} in die wij u verleenden voor "
        f"‘{award.application.title}’ (besluit {award.decision.reference}). Voorschotten die "
        "nog niet betaald zijn, vervallen."
    )
    if paid:
        text += (
            f" U heeft al {euro(paid)} ontvangen. Dat bedrag vorderen wij van u terug met een "
            "apart besluit (artikel 4:57 Algemene wet bestuursrecht)."
        )
    return text


def _recovery(application, revoked):
    return (
        f"Met besluit {revoked.reference} van {day(timezone.localtime(revoked.decided_at))} "
        f"trokken wij de subsidie voor ‘{application.title}’ in. Daarom vorderen wij het "
        "voorschot terug dat u al ontving."
    )


def _report_text(scheme, plan):
    if plan.tier == AccountabilityTier.DIRECT:
        return "U hoeft geen verantwoording te sturen (zie hierboven)."
    return (
        "Stuur uw verantwoording uiterlijk op: "
        + ", ".join(day(due) for due in plan.report_due)
        + f" ({scheme.report_due_weeks} weken na het einde van elk subsidiejaar)."
    )


def _grant_sections(decision, plan):
    application = decision.subject
    return [
        _p("Het bedrag en de berekening", _HEAD),
        _money_table(application, decision, plan),
        _p("De activiteiten", _HEAD),
        _p(
            f"{application.get_working_model_display()}: {application.goal}\n"
            f"{application.pupils_per_week} leerlingen per week, "
            f"{number_format(application.hours_per_week)} uur per week, "
            f"{application.weeks_per_year} weken per jaar."
        ),
        _p("Uw verplichtingen", _HEAD),
        _p(obligations_text(application.scheme, plan.tier)),
        _p("Verantwoording", _HEAD),
        _p(_report_text(application.scheme, plan)),
        _p("Betaling", _HEAD),
        _p(
            "Wij betalen de subsidie als voorschot op uw rekening "
            f"{application.organisation.iban}: "
            + "; ".join(f"{euro(amount)} vanaf {day(due)}" for due, amount in plan.advances)
            + ". Het eerste voorschot betalen wij binnen 6 weken na dit besluit."
        ),
    ]


def _money_table(application, decision, plan):
    rows = [["Post", "Bedrag"]]
    rows += [
        [f"{line.get_kind_display()}: {line.description}", euro(line.amount)]
        for line in application.budget_lines.all()
    ]
    rows += [
        ["Kosten min andere inkomsten", euro(application.total_costs - application.total_income)],
        ["Aangevraagd", euro(application.requested_amount)],
        ["Verleend", euro(decision.amount)],
    ]
    rows += [[f"waarvan in {year}", euro(amount)] for year, amount in plan.tranches]
    return amounts_table(rows, [120 * mm, 40 * mm])


def application_copy(application):
    """What the applicant submitted, for their own files."""
    return render(lambda: _copy_story(application), title=f"Aanvraag {application.reference}")


def _copy_story(application):
    received = application.received_at
    return [
        _p(f"Uw aanvraag {application.reference}: {application.title}", LETTER.title),
        _p(
            f"{application.organisation.name}\nRegeling: {application.scheme.name}\n"
            f"Ontvangen: {day(timezone.localtime(received)) if received else '–'}"
        ),
        _p("Activiteitenplan", _HEAD),
        _p(
            f"{application.get_working_model_display()}\nDoel: {application.goal}\n"
            f"Doelgroep: {application.target_group}\n"
            f"Periode: {day(application.period_start)} tot en met {day(application.period_end)}\n"
            f"{application.pupils_per_week} leerlingen per week, "
            f"{number_format(application.hours_per_week)} uur per week, "
            f"{application.weeks_per_year} weken per jaar\n"
            "Locaties: " + ", ".join(location.name for location in application.locations.all())
        ),
        _p("Begroting", _HEAD),
        _budget_table(application),
        _p("Bijlagen", _HEAD),
        _p(
            "\n".join(
                f"{attachment.original_name} ({attachment.description})"
                for attachment in application.attachments.all()
            )
            or "Geen bijlagen."
        ),
    ]


def _budget_table(application):
    rows = [["Soort", "Omschrijving", "Bedrag"]]
    rows += [
        [line.get_kind_display(), line.description, euro(line.amount)]
        for line in application.budget_lines.all()
    ]
    rows.append(["", "Gevraagd bedrag", euro(application.requested_amount or 0)])
    return amounts_table(rows, [30 * mm, 95 * mm, 35 * mm])
