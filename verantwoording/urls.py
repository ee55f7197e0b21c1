from django.urls import path

from verantwoording.views import monitoring, recipients, reviewers, settlements

urlpatterns = [
    path("", recipients.report_list, name="report_list"),
    path("<int:pk>/", recipients.report_edit, name="report_edit"),
    path("<int:pk>/bijlagen/", recipients.report_attachment_add, name="report_attachment_add"),
    path(
        "<int:pk>/bijlagen/<int:attachment_pk>/",
        reviewers.attachment_download,
        name="report_attachment",
    ),
    path("subsidie/<int:award_pk>/melden/", recipients.notice_create, name="notice_create"),
    path("meldingen/<int:pk>/", reviewers.notice_handle, name="notice_handle"),
    path("monitoring/", monitoring.monitoring_overview, name="monitoring"),
    path("monitoring/excel/", monitoring.workbook_request, name="workbook_request"),
    path("monitoring/excel/<int:pk>/", monitoring.workbook_detail, name="workbook_detail"),
    path(
        "monitoring/excel/<int:pk>/download/",
        monitoring.workbook_download,
        name="workbook_download",
    ),
    path("beoordeling/", reviewers.report_queue, name="report_queue"),
    path("beoordeling/<int:pk>/", reviewers.report_review, name="report_review"),
    path("vaststellen/", settlements.settlement_queue, name="settlement_queue"),
    path(
        "vaststellen/subsidie/<int:award_pk>/",
        settlements.settlement_prepare,
        name="settlement_prepare",
    ),
    path("vaststellingen/<int:pk>/", settlements.settlement_detail, name="settlement_detail"),
    path(
        "vaststellingen/<int:pk>/voornemen/",
        settlements.settlement_intend,
        name="settlement_intend",
    ),
    path(
        "vaststellingen/<int:pk>/besluiten/",
        settlements.settlement_decide,
        name="settlement_decide",
    ),
    path("direct-vaststellen/", settlements.run_start, name="run_start"),
    path("direct-vaststellen/<int:pk>/", settlements.run_detail, name="run_detail"),
    path("terugvorderingen/", settlements.recovery_list, name="recovery_list"),
    path("terugvorderingen/<int:pk>/", settlements.recovery_detail, name="recovery_detail"),
    path(
        "terugvorderingen/na-intrekking/<int:pk>/",
        settlements.recover_after_revocation,
        name="recover_after_revocation",
    ),
]
