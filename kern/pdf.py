"""What every letter the system makes shares: the municipality's letterhead and styles,
paragraphs with line breaks, A4 set-up, Dutch dates and QR codes.
ReportLab draws in pure Python, so a fresh laptop needs no system libraries."""

from io import BytesIO
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from reportlab.lib import colors
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

SENDER = "Gemeente Den Haag"
# The letterhead's sender block: where letters come from and where to ask questions.
SENDER_BLOCK = (
    "Dienst Onderwijs, Cultuur en Welzijn",
    "Postbus 12652",
    "2500 DP Den Haag",
    "Telefoon 14 070",
    "www.denhaag.nl",
)
_GREEN = HexColor("#1c7a3e")
_SAMPLE = getSampleStyleSheet()
# The addressee starts below the sender block, where a window envelope shows it.
_TOP_MARGIN = 48 * mm


class Styles:
    """Body, heading and title at one body size (letters to parents use a larger one)."""

    def __init__(self, size=10, leading=14):
        self.body = ParagraphStyle(
            "body", parent=_SAMPLE["BodyText"], fontSize=size, leading=leading
        )
        self.heading = ParagraphStyle(
            "heading", parent=_SAMPLE["Heading3"], fontSize=size + 1, spaceBefore=8
        )
        self.title = ParagraphStyle(
            "title", parent=_SAMPLE["Title"], fontSize=size + 4, alignment=0
        )
        self.small = ParagraphStyle("small", parent=self.body, fontSize=9, leading=12)
        self.small_heading = ParagraphStyle(
            "small heading", parent=self.small, fontName="Helvetica-Bold"
        )


# Decision letters to organisations and the objection letters.
LETTER = Styles()


def paragraph(text, style):
    """Plain text as a paragraph: escaped, with its line breaks kept."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def day(value):
    """A date as Dutch readers write it in letters: 24 november 2026."""
    return date_format(value, "j F Y")


def addressed(lines, date, reference, subject, styles):
    """A letter's opening: the address in the envelope window, then date, reference and
    subject, in `styles` (a Styles; the small lines in its `small` style)."""
    return [
        paragraph("\n".join(line for line in lines if line), styles.body),
        Spacer(1, 8 * mm),
        paragraph(f"Datum: {day(date)}\nKenmerk: {reference}\nOnderwerp: {subject}", styles.small),
        Spacer(1, 6 * mm),
    ]


def letterhead(canvas, document):
    """The municipality's name and sender block at the top of a letter's first page."""
    width, height = document.pagesize
    _band(canvas, width, height)
    canvas.saveState()
    left = width - 75 * mm
    canvas.setFillColorRGB(0.2, 0.2, 0.2)
    canvas.setFont("Helvetica", 8.5)
    for number, line in enumerate(SENDER_BLOCK):
        canvas.drawString(left, height - 23.5 * mm - number * 4 * mm, line)
    canvas.restoreState()


def _band(canvas, width, height):
    """The green band and the name, on every page."""
    canvas.saveState()
    canvas.setFillColor(_GREEN)
    canvas.rect(0, height - 8 * mm, width, 8 * mm, stroke=0, fill=1)
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(width - 75 * mm, height - 18 * mm, SENDER)
    canvas.restoreState()


def _later_page(canvas, document):
    _band(canvas, *document.pagesize)


class QrCode(Flowable):
    """A QR code drawn as one path of dark runs, row by row: a hundredth of the time the
    module-by-module drawing of ReportLab's own widget takes."""

    def __init__(self, text, size):
        super().__init__()
        # One fixed mask: any mask gives a valid code, and trying all eight to pick the
        # prettiest costs four times the encoding itself.
        self.rows = segno.make_qr(text, error="m", mask=0).matrix
        self.size = size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        quiet = 4  # the white border a scanner needs, in modules
        module = self.size / (len(self.rows) + 2 * quiet)
        path = self.canv.beginPath()
        for y, row in enumerate(self.rows):
            bottom = self.size - (y + quiet + 1) * module
            x = 0
            while x < len(row):
                if not row[x]:
                    x += 1
                    continue
                start = x
                while x < len(row) and row[x]:
                    x += 1
                path.rect((start + quiet) * module, bottom, (x - start) * module, module)
        self.canv.drawPath(path, stroke=0, fill=1)


FIRST_PAGE = "eerste"


def render(build_story, *, title):
    """Renders the story that build_story() returns on the letterhead, in the site's language
    (tasks and commands run outside any request). A story with several letters starts each
    with NextPageTemplate(FIRST_PAGE) and a page break."""
    with translation.override(settings.LANGUAGE_CODE):
        buffer = BytesIO()
        document = BaseDocTemplate(
            buffer, pagesize=A4, title=title, author=SENDER, leftMargin=25 * mm
        )
        width, height = A4
        frame_width = width - 50 * mm
        document.addPageTemplates(
            [
                PageTemplate(
                    FIRST_PAGE,
                    [Frame(25 * mm, 20 * mm, frame_width, height - _TOP_MARGIN - 20 * mm)],
                    onPage=letterhead,
                    autoNextPageTemplate="vervolg",
                ),
                PageTemplate(
                    "vervolg",
                    [Frame(25 * mm, 20 * mm, frame_width, height - 45 * mm)],
                    onPage=_later_page,
                ),
            ]
        )
        document.build(build_story())
        return buffer.getvalue()


def amounts_table(rows, widths, amounts=1):
    """A table with a header row and the amounts in its last columns, right-aligned."""
    first = len(widths) - amounts
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("ALIGN", (first, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
            ]
        )
    )
    return table
