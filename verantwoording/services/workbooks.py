"""The monitoring overview as an Excel workbook: a summary sheet, then one sheet per scheme
with its money, reports, pupils per district and a native bar chart of granted versus
settled per district. Made by a Celery task that counts the schemes done, so the page can
show progress for a large year. Every figure comes from `monitoring.overview`."""

import re
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from kern.exports import EURO, as_text
from kern.permissions import require
from verantwoording import tasks
from verantwoording.models import MonitoringWorkbook
from verantwoording.services import monitoring

BOLD = Font(bold=True)
MONEY = (
    ("Plafond", "ceiling"),
    ("Verleend", "granted"),
    ("Voorschotten betaald", "advanced"),
    ("Vastgesteld", "settled"),
    ("Terugbetaald na terugvordering", "recovered"),
    ("Nog vrij", "remaining"),
)


def request_workbook(actor, year):
    require(actor, "verantwoording.view_monitoringworkbook")
    if not 2000 <= year <= 2100:
        raise ValidationError("Kies een jaar.")
    workbook = MonitoringWorkbook.objects.create(year=year, requested_by=actor)
    transaction.on_commit(lambda: tasks.build_workbook.delay(workbook.pk))
    return workbook


def build(workbook_id):
    record = MonitoringWorkbook.objects.get(pk=workbook_id)
    rows = monitoring.overview(record.year)
    MonitoringWorkbook.objects.filter(pk=record.pk).update(schemes=len(rows))
    book = Workbook()
    _summary(book.active, record.year, rows)
    for done, row in enumerate(rows, start=1):
        _scheme_sheet(book.create_sheet(_sheet_title(row.scheme.name, done)), record.year, row)
        MonitoringWorkbook.objects.filter(pk=record.pk).update(schemes_done=done)
    buffer = BytesIO()
    book.save(buffer)
    record.file.save(f"monitoring-{record.year}.xlsx", ContentFile(buffer.getvalue()), save=False)
    record.finished_at = timezone.now()
    record.save(update_fields=["file", "finished_at"])
    return record


def _sheet_title(name, number):
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name; names must differ."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", name).strip()
    return f"{number}. {cleaned}"[:31]


def _printable(sheet):
    """Landscape, one page wide: officers print these for the council."""
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0


def _money(sheet, values):
    sheet.append(values)
    for cell in sheet[sheet.max_row][1:]:
        cell.number_format = EURO


def _summary(sheet, year, rows):
    sheet.title = "Overzicht"
    sheet.append([f"Monitoring huiswerkbegeleiding {year}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Regeling", *(label for label, _ in MONEY)])
    for cell in sheet[2]:
        cell.font = BOLD
    for row in rows:
        _money(sheet, [as_text(row.scheme.name), *(getattr(row, name) for _, name in MONEY)])
    sheet.column_dimensions["A"].width = 45
    for column in "BCDEFG":
        sheet.column_dimensions[column].width = 30
    _printable(sheet)


def _scheme_sheet(sheet, year, row):
    sheet.append([as_text(row.scheme.name), year])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, name in MONEY:
        _money(sheet, [label, getattr(row, name)])
    sheet.append([])
    sheet.append(["Verantwoordingen"])
    sheet.cell(sheet.max_row, 1).font = BOLD
    for label, count in row.reports.items():
        sheet.append([label, count])
    sheet.append(["Leerlingen per week gepland", row.pupils_planned])
    sheet.append(["Leerlingen per week bereikt", row.pupils_reached])
    sheet.append([])
    _districts(sheet, year, row)
    sheet.column_dimensions["A"].width = 34
    for column in "BCD":
        sheet.column_dimensions[column].width = 18
    _printable(sheet)


def _districts(sheet, year, row):
    sheet.append([f"Per wijk (subsidies die in {year} eindigden)"])
    sheet.cell(sheet.max_row, 1).font = BOLD
    header = sheet.max_row + 1
    sheet.append(["Wijk", "Verleend", "Vastgesteld", "Leerlingen bereikt"])
    for cell in sheet[header]:
        cell.font = BOLD
    pupils = dict(row.districts)
    for name, granted, settled in row.money_by_district:
        _money(sheet, [name, granted, settled])
        sheet.cell(sheet.max_row, 4, pupils.get(name, 0)).number_format = "0"
    if not row.money_by_district:
        return
    last = sheet.max_row
    sheet.append([monitoring.DISTRICT_SPLIT_NOTE])
    chart = BarChart()
    chart.type = "col"
    chart.title = "Verleend en vastgesteld per wijk"
    chart.y_axis.title = "Euro"
    chart.y_axis.numFmt = '"€" #,##0'
    chart.add_data(
        Reference(sheet, min_col=2, max_col=3, min_row=header, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, "F2")
