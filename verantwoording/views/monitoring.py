"""The municipality's monitoring overview per scheme and year."""

from django.shortcuts import render
from django.utils import timezone

from kern.ui import permission_required
from verantwoording.services import monitoring


@permission_required("verantwoording.view_report")
def monitoring_overview(request):
    this_year = timezone.localdate().year
    year = request.GET.get("jaar", "")
    year = int(year) if year.isdigit() else this_year
    return render(
        request,
        "verantwoording/monitoring.html",
        {
            "year": year,
            "years": range(this_year + 1, this_year - 5, -1),
            "rows": monitoring.overview(year),
        },
    )
