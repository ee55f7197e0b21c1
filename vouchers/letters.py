"""The letter to a household with its children's voucher codes, in plain Dutch (B1): one
for the administrator to download, or many in one file for the mail house."""

from dataclasses import dataclass

from django.urls import reverse
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, PageBreak, Spacer

from besluiten.clauses import objection_section
from kern.mail import site_url
from kern.money import euro
from kern.pdf import (
    FIRST_PAGE,
    SENDER,
    QrCode,
    Styles,
    addressed,
    day,
    paragraph,
    render,
)

_STYLES = Styles(size=11, leading=16)
_BODY, _HEAD = _STYLES.body, _STYLES.heading
_CODE = ParagraphStyle("code", parent=_BODY, fontName="Courier-Bold", fontSize=16, leading=22)


def activation_page():
    return site_url(reverse("voucher_activate"))


def activation_link(voucher):
    """For the QR code: the page with the code already filled in. The code rides in the
    fragment, which the browser keeps to itself: it never reaches a server's access log."""
    return f"{activation_page()}#code={voucher.code}"


@dataclass
class Letter:
    """One household's letter: its reference, date and the vouchers it announces (issued
    vouchers of one household; the first child's record carries the address). A decision
    about a child without a voucher names its CeilingRefusal instead: both have the child
    (pass_holder) and the round (terms)."""

    reference: str
    date: object
    vouchers: list

    @property
    def holder(self):
        return self.vouchers[0].pass_holder

    @property
    def name_line(self):
        names = [voucher.pass_holder.name for voucher in self.vouchers]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
        return f"De ouders of verzorgers van {joined}"[:200]

    @property
    def street_line(self):
        return f"{self.holder.street} {self.holder.house_number}".strip()

    @property
    def city_line(self):
        return f"{self.holder.postcode}  {self.holder.city.upper()}".strip()


def has_address(holder):
    return bool(holder.street and holder.city)


def household_letter(letter):
    return render(lambda: _story(letter), title="Uw voucher")


def letter_file(letters):
    """Many letters in one PDF, each starting on a new page; returns the file and each
    letter's number of pages, for the mail house."""
    starts = []
    story = []
    for letter in letters:
        story += [NextPageTemplate(FIRST_PAGE), PageBreak(), _PageMark(starts), *_story(letter)]
    # The end counts as the start of a letter after the last page.
    story.append(_PageMark(starts, offset=1))
    content = render(lambda: story[2:], title="Brieven vouchers")
    pages = [after - before for before, after in zip(starts, starts[1:], strict=False)]
    return content, pages


class _PageMark(Flowable):
    """Takes no room; notes the page it lands on, so a letter's pages can be counted."""

    def __init__(self, starts, offset=0):
        super().__init__()
        self.starts, self.offset = starts, offset

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.starts.append(self.canv.getPageNumber() + self.offset)


def _heading(letter, subject):
    return [
        *addressed(
            [letter.name_line, letter.street_line, letter.city_line],
            letter.date,
            letter.reference,
            subject,
            _STYLES,
        ),
        _p("Beste ouder of verzorger,"),
    ]


def _closing(letter):
    """Where to ask, the greeting and how to object."""
    return [
        Spacer(1, 4 * mm),
        _p(
            "Hebt u vragen, of lukt het niet? Bel 14 070 of vraag hulp bij het "
            "servicepunt in uw wijk. Neem deze brief mee."
        ),
        _p(f"Met vriendelijke groet,\n{SENDER}"),
        *objection_section(letter.vouchers[0].terms.scheme.objection_body, letter.date, _STYLES),
    ]


def provider_decision(organisation, reference, date, subject, paragraphs, objection_body):
    """A decision about a provider (admission refused or suspended, declaration rejected),
    addressed to the organisation, with its reasons and how to object."""
    return render(
        lambda: [
            *addressed(
                [organisation.name, organisation.contact_name, organisation.address_line],
                date,
                reference,
                subject,
                _STYLES,
            ),
            _p("Geachte heer, mevrouw,"),
            *[_p(text) for text in paragraphs],
            _p(f"Met vriendelijke groet,\n{SENDER}"),
            *objection_section(objection_body, date, _STYLES),
        ],
        title=subject,
    )


def _to_the_parents(letter, subject, title, what, why, meaning):
    """A decision about a child's voucher: what we decided, why, and what it means."""
    return render(
        lambda: [
            *_heading(letter, subject),
            _p(what),
            _p("Waarom?", _HEAD),
            _p(why),
            _p("Wat betekent dit voor u?", _HEAD),
            _p(meaning),
            *_closing(letter),
        ],
        title=title,
    )


def revocation_letter(letter, reason, unspent):
    """The decision that takes a voucher back (Awb 4:48), with its reason."""
    return _to_the_parents(
        letter,
        "wij trekken de voucher in",
        "Intrekking voucher",
        f"Wij trekken de voucher voor huiswerkbegeleiding van {letter.holder.name} in. De "
        f"voucher is vanaf {day(letter.date)} niet meer te gebruiken.",
        reason,
        f"Het geld dat nog op de voucher stond ({euro(unspent)}), gaat terug naar de gemeente. "
        "Wat al is gebruikt, hoeft u niet terug te betalen.",
    )


def reinstatement_letter(letter, decision):
    """The voucher comes back after a founded objection (Awb 7:11)."""
    return _to_the_parents(
        letter,
        "uw voucher is weer te gebruiken",
        "Voucher hersteld",
        f"U maakte bezwaar tegen ons besluit {decision.replaces.reference} om de voucher van "
        f"{letter.holder.name} in te trekken. U hebt gelijk gekregen. Daarom is de voucher weer "
        "te gebruiken.",
        decision.reasoning,
        f"Er staat weer {euro(decision.amount)} op de voucher. Uw kind kan weer naar de "
        "huiswerkbegeleiding. Had u al een plek gekozen? Vraag dan bij de aanbieder of die plek "
        "er nog is.",
    )


def refusal_letter(letter, decision):
    """No voucher: the ceiling was reached (Awb 4:25). What happens when money comes free."""
    child = letter.holder.name
    return _to_the_parents(
        letter,
        "geen voucher voor huiswerkbegeleiding",
        "Geen voucher",
        f"{child} heeft recht op een voucher voor huiswerkbegeleiding. Toch krijgt {child} die "
        "nu niet. Het geld voor de vouchers van dit schooljaar is op.",
        "De gemeente heeft een vast bedrag voor deze vouchers: het subsidieplafond. Dat bedrag "
        "is helemaal verdeeld (artikel 4:25 Algemene wet bestuursrecht).",
        f"Komt er geld vrij? Dan krijgt {child} alsnog een voucher van {euro(decision.amount)}. "
        "U krijgt dan een brief met de code. U hoeft daar niets voor te doen.",
    )


def granted_letter(letter, decision):
    """The voucher after all, after a founded objection against the refusal (Awb 7:11)."""
    child = letter.holder.name
    return _to_the_parents(
        letter,
        "uw kind krijgt toch een voucher",
        "Toch een voucher",
        f"U maakte bezwaar tegen ons besluit {decision.replaces.reference}: {child} kreeg geen "
        "voucher omdat het geld op was. U hebt gelijk gekregen. Daarom krijgt "
        f"{child} toch een voucher van {euro(decision.amount)}.",
        decision.reasoning,
        "U krijgt binnenkort een aparte brief met de code van de voucher. Met die code zet u de "
        "voucher aan en kiest u een plek voor huiswerkbegeleiding.",
    )


def _story(letter):
    story = [
        *_heading(letter, "uw voucher voor huiswerkbegeleiding"),
        _p(
            "U hebt een Ooievaarspas. Daarom krijgt uw kind een voucher voor gratis "
            "huiswerkbegeleiding. De gemeente betaalt. Hieronder staat per kind een code. Met "
            "die code zet u de voucher aan."
        ),
    ]
    story += [KeepTogether(_child_section(voucher)) for voucher in letter.vouchers]
    return story + _closing(letter)


def _p(text, style=_BODY):
    return paragraph(text, style)


def _child_section(voucher):
    terms = voucher.terms
    return [
        Spacer(1, 2 * mm),
        _p(f"Voor {voucher.pass_holder.name}", _HEAD),
        _p(
            f"Deze voucher is {euro(voucher.value)} waard, voor het schooljaar van "
            f"{day(terms.school_year_start)} tot "
            f"{day(terms.school_year_end)}."
        ),
        _p("Zo zet u de voucher aan:"),
        _p(
            f"1. Ga naar {activation_page()} of scan de QR-code met uw telefoon.\n"
            "2. Vul het pasnummer van uw kind in, de geboortedatum en deze code:"
        ),
        _p(voucher.code, _CODE),
        _p("3. Kies een gebruikersnaam en een wachtwoord. Daarna ziet u de voucher en het saldo."),
        QrCode(activation_link(voucher), 30 * mm),
    ]
