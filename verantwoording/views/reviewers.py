"""The municipality's side: the reports in a queue, and the review of one report."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kern import transitions
from kern.permissions import require
from kern.ui import attempt, by_state, permission_required
from verantwoording.choices import ReportState
from verantwoording.forms import NoticeHandlingForm, ReviewMessageForm
from verantwoording.models import Notice, Report, ReportAttachment
from verantwoording.services import notices, reports

readers = permission_required("verantwoording.view_report")

_DECISIONS = {
    "goedkeuren": (reports.accept_report, False, "De verantwoording is goedgekeurd."),
    "aanpassen": (reports.request_changes, True, "De organisatie is gevraagd aan te passen."),
    "afkeuren": (reports.reject_report, True, "De verantwoording is afgekeurd."),
}


@readers
def report_queue(request):
    report_set = Report.objects.select_related(
        "award__application__organisation", "award__decision"
    )
    return render(
        request,
        "verantwoording/report_queue.html",
        by_state(request, report_set, ReportState.choices, ReportState.SUBMITTED)
        | {
            "today": timezone.localdate(),
            "notices": Notice.objects.filter(handled_at__isnull=True).select_related(
                "award__application__organisation", "award__decision"
            ),
        },
    )


@readers
@require_http_methods(["GET", "POST"])
def report_review(request, pk):
    report = get_object_or_404(
        Report.objects.select_related("award__application__organisation", "award__decision"), pk=pk
    )
    form = ReviewMessageForm(request.POST or None)
    choice = request.POST.get("besluit")
    if request.method == "POST" and choice in _DECISIONS and form.is_valid():
        operation, with_message, success = _DECISIONS[choice]
        args = (form.cleaned_data["message"],) if with_message else ()
        if attempt(request, lambda: operation(request.user, report, *args), success):
            return redirect("report_review", pk=pk)
    return render(
        request,
        "verantwoording/report_review.html",
        {
            "report": report,
            "form": form,
            "actions": transitions.available(report, request.user),
            "limit": report.award.application.scheme.deviation_percentage,
            "transitions": report.transitions.select_related("actor"),
        },
    )


@login_required
def attachment_download(request, pk, attachment_pk):
    """For the recipient's members and for staff."""
    report = get_object_or_404(Report, pk=pk)
    if not request.user.has_perm("verantwoording.view_report"):
        require(request.user, "verantwoording.act_for_report", report)
    attachment = get_object_or_404(ReportAttachment, report=report, pk=attachment_pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )


@permission_required("verantwoording.handle_notice")
@require_http_methods(["GET", "POST"])
def notice_handle(request, pk):
    notice = get_object_or_404(
        Notice.objects.select_related("award__application__organisation", "award__decision"), pk=pk
    )
    may_lower = request.user.has_perm("subsidie.decide_application")
    form = NoticeHandlingForm(request.POST or None, may_lower=may_lower)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: notices.handle(
                request.user,
                notice,
                form.cleaned_data["handling"],
                form.cleaned_data.get("lower_by"),
            ),
            "De melding is afgehandeld.",
        )
    ):
        return redirect("review_detail", pk=notice.award.application_id)
    return render(
        request,
        "verantwoording/notice_handle.html",
        {"notice": notice, "form": form, "advances": notice.award.advances.all()},
    )
