"""The text of a PDF as a reader sees it: pages joined, every run of white space one space."""

import io

from pypdf import PdfReader


def text_of(content):
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def stored_text(field_file):
    """The text of a stored letter (a FileField's file)."""
    with field_file.open("rb") as handle:
        return text_of(handle.read())
