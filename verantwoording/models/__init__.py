from verantwoording.models.reports import (
    OPEN_STATES,
    Report,
    ReportAttachment,
    ReportCost,
    ReportDistrict,
    ReportFigure,
)

__all__ = [
    "OPEN_STATES",
    "Report",
    "ReportAttachment",
    "ReportCost",
    "ReportDistrict",
    "ReportFigure",
]
