"""Excel downloads for officers, with real dates and euro amounts rather than text, and the
one rule every export (these and the back office's) follows for text typed by users."""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from import_export import resources
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

EURO = '"€" #,##0.00'
DATE = "DD-MM-YYYY"
DATETIME = "DD-MM-YYYY HH:MM"


# A cell a spreadsheet would read as a formula starts like this (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")


def as_text(value):
    """User text as data, never a formula: a leading =, +, -, @, tab or carriage return
    gets a quote before it, as OWASP advises; a plain number stays as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class TextResource(resources.ModelResource):
    """A back-office export (CSV, Excel, ...) whose cells follow `as_text`."""

    def export_field(self, field, instance, **kwargs):
        return as_text(super().export_field(field, instance, **kwargs))


def workbook_bytes(title, columns, rows):
    """columns: (header, number_format or None, width); rows: iterables of cell values."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, (_, _, width) in enumerate(columns):
        sheet.column_dimensions[chr(65 + index)].width = width
    sheet.append([_header(sheet, name) for name, _, _ in columns])
    for row in rows:
        sheet.append(
            [_cell(sheet, value, fmt) for value, (_, fmt, _) in zip(row, columns, strict=True)]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet, name):
    cell = WriteOnlyCell(sheet, value=name)
    cell.font = Font(bold=True)
    return cell


def _cell(sheet, value, number_format):
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value).replace(tzinfo=None)
    cell = WriteOnlyCell(sheet, value=as_text(value))
    if number_format:
        cell.number_format = number_format
    return cell


def _csv_value(value):
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return as_text(value)


def csv_table(header, rows):
    """Semicolon-separated with a decimal comma, as Dutch Excel opens it; UTF-8 with a BOM.
    rows: sequences of values in the header's order; dates as ISO dates, yes/no as ja/nee."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows([_csv_value(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def csv_bytes(fields, rows):
    """`csv_table` of dicts with the keys `fields`."""
    return csv_table(fields, ([row[field] for field in fields] for row in rows))
