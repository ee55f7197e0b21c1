"""The municipality's monitoring overview per scheme and year, and its Excel workbook."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from aanbod.choices import ReferralState
from aanbod.services import referrals
from kern.ui import made, permission_required
from verantwoording.models import MonitoringWorkbook
from verantwoording.services import monitoring, workbooks

workbook_readers = permission_required("verantwoording.view_monitoringworkbook")


def _year(value):
    return int(value) if value.isdigit() else timezone.localdate().year


@permission_required("verantwoording.view_report")
def monitoring_overview(request):
    this_year = timezone.localdate().year
    year = _year(request.GET.get("jaar", ""))
    return render(
        request,
        "verantwoording/monitoring.html",
        {
            "year": year,
            "years": range(this_year + 1, this_year - 5, -1),
            "rows": monitoring.overview(year),
            "referrals": referrals.counts(year),
            "outcomes": ReferralState.choices,
            "district_note": monitoring.DISTRICT_SPLIT_NOTE,
        },
    )


@workbook_readers
@require_POST
def workbook_request(request):
    workbook = made(
        request,
        lambda: workbooks.request_workbook(request.user, _year(request.POST.get("jaar", ""))),
        "De werkmap wordt gemaakt.",
    )
    return redirect("workbook_detail", pk=workbook.pk) if workbook else redirect("monitoring")


@workbook_readers
def workbook_detail(request, pk):
    workbook = get_object_or_404(MonitoringWorkbook, pk=pk)
    return render(request, "verantwoording/workbook_detail.html", {"workbook": workbook})


@workbook_readers
def workbook_download(request, pk):
    workbook = get_object_or_404(MonitoringWorkbook, pk=pk)
    if not workbook.file:
        raise Http404("not made yet")
    return FileResponse(
        workbook.file.open("rb"),
        as_attachment=True,
        filename=f"monitoring-{workbook.year}.xlsx",
    )
