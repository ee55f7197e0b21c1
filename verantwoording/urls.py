from django.urls import path

from verantwoording.views import monitoring, recipients, reviewers

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
    path("beoordeling/", reviewers.report_queue, name="report_queue"),
    path("beoordeling/<int:pk>/", reviewers.report_review, name="report_review"),
]
