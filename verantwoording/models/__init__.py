from verantwoording.models.notices import Notice
from verantwoording.models.reports import (
    OPEN_STATES,
    Report,
    ReportAttachment,
    ReportCost,
    ReportDistrict,
    ReportFigure,
)
from verantwoording.models.runs import SettlementRun
from verantwoording.models.settlements import (
    FinalPayment,
    Recovery,
    Settlement,
    SettlementLine,
)
from verantwoording.models.workbooks import MonitoringWorkbook

__all__ = [
    "FinalPayment",
    "MonitoringWorkbook",
    "Notice",
    "OPEN_STATES",
    "Recovery",
    "Report",
    "ReportAttachment",
    "ReportCost",
    "ReportDistrict",
    "ReportFigure",
    "Settlement",
    "SettlementLine",
    "SettlementRun",
]
