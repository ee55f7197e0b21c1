from verantwoording.models.notices import Notice
from verantwoording.models.reports import (
    OPEN_STATES,
    Report,
    ReportAttachment,
    ReportCost,
    ReportDistrict,
    ReportFigure,
)

__all__ = [
    "Notice",
    "OPEN_STATES",
    "Report",
    "ReportAttachment",
    "ReportCost",
    "ReportDistrict",
    "ReportFigure",
]
