"""Excel downloads for officers, with real dates and euro amounts rather than text."""

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

EURO = '"€" #,##0.00'
DATE = "DD-MM-YYYY"
DATETIME = "DD-MM-YYYY HH:MM"


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
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    return cell
