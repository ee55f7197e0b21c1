"""What every letter the system makes shares: the municipality's styles, paragraphs with
line breaks, A4 set-up, Dutch dates. ReportLab draws in pure Python, so a fresh laptop
needs no system libraries."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

SENDER = "Gemeente Den Haag"
_SAMPLE = getSampleStyleSheet()


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


def paragraph(text, style):
    """Plain text as a paragraph: escaped, with its line breaks kept."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def day(value):
    """A date as Dutch readers write it in letters: 24 november 2026."""
    return date_format(value, "j F Y")


def render(build_story, *, title):
    """Renders the story that build_story() returns, in the site's language (tasks and
    commands run outside any request)."""
    with translation.override(settings.LANGUAGE_CODE):
        buffer = BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=25 * mm,
            rightMargin=25 * mm,
            topMargin=20 * mm,
            bottomMargin=20 * mm,
            title=title,
            author=SENDER,
        )
        document.build(build_story())
        return buffer.getvalue()
