"""The letter to a household with its children's voucher codes, in plain Dutch (B1)."""

from django.conf import settings
from django.urls import reverse
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from kern.money import euro
from kern.pdf import SENDER, Styles, day, paragraph, render

_STYLES = Styles(size=11, leading=16)
_BODY, _TITLE = _STYLES.body, _STYLES.title
_CODE = ParagraphStyle("code", parent=_BODY, fontName="Courier-Bold", fontSize=16, leading=22)


def activation_page():
    return settings.SITE_URL.rstrip("/") + reverse("voucher_activate")


def activation_link(voucher):
    """For the QR code: the page with the code already filled in. The code rides in the
    fragment, which the browser keeps to itself: it never reaches a server's access log."""
    return f"{activation_page()}#code={voucher.code}"


def household_letter(vouchers):
    return render(lambda: _story(vouchers), title="Uw voucher")


def _story(vouchers):
    first = vouchers[0].pass_holder
    story = [
        _p(SENDER, _TITLE),
        _p(
            "Aan de ouders of verzorgers\n"
            f"Postcode {first.postcode}, huisnummer {first.house_number}"
        ),
        Spacer(1, 8 * mm),
        _p("Beste ouder of verzorger,"),
        _p(
            "U hebt een Ooievaarspas. Daarom kan uw kind gratis huiswerkbegeleiding krijgen. "
            "De gemeente betaalt. Hieronder staat per kind een code. Met die code zet u de "
            "voucher aan."
        ),
    ]
    story += [KeepTogether(_child_section(voucher)) for voucher in vouchers]
    story += [
        Spacer(1, 6 * mm),
        _p(
            "Hebt u vragen, of lukt het niet? Bel 14 070 of vraag hulp bij het "
            "servicepunt in uw wijk. Neem deze brief mee."
        ),
        _p(f"Met vriendelijke groet,\n{SENDER}"),
    ]
    return story


def _p(text, style=_BODY):
    return paragraph(text, style)


def _child_section(voucher):
    terms = voucher.terms
    return [
        Spacer(1, 6 * mm),
        _p(f"Voor {voucher.pass_holder.name}", _STYLES.heading),
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
        _qr(activation_link(voucher)),
    ]


def _qr(link):
    widget = QrCodeWidget(link)
    left, bottom, right, top = widget.getBounds()
    size = 35 * mm
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    return drawing
