"""The recipient's side: the reports the organisation owes, filled in and submitted here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kern.services import organisations_of
from kern.ui import attempt
from subsidie.models import Award
from verantwoording.forms import NoticeForm, ReportAttachmentForm, ReportForm
from verantwoording.models import Report
from verantwoording.services import notices, reports


def _reports_of(user):
    return Report.objects.filter(
        award__application__organisation__in=organisations_of(user)
    ).select_related("award__application__organisation", "award__decision")


@login_required
def report_list(request):
    return render(
        request, "verantwoording/report_list.html", {"reports": _reports_of(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    report = get_object_or_404(_reports_of(request.user), pk=pk)
    form = ReportForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        if "indienen" not in request.POST:
            attempt(
                request, lambda: _save(request, report, form), "Uw verantwoording is opgeslagen."
            )
        elif (
            not attempt(
                request,
                lambda: (_save(request, report, form), reports.submit_report(request.user, report)),
                "Uw verantwoording is ingediend. U krijgt bericht als wij haar hebben bekeken.",
            )
            and report.is_editable
        ):  # saved, then refused as incomplete
            messages.info(request, "Wat u invulde, is wel opgeslagen.")
        return redirect("report_edit", pk=pk)
    return render(
        request,
        "verantwoording/report_edit.html",
        {
            "report": report,
            "form": form,
            "attachment_form": ReportAttachmentForm(),
            "missing": reports.completeness_errors(report) if report.is_editable else [],
        },
    )


def _save(request, report, form):
    return reports.save_report(request.user, report, **form.saved_data())


@login_required
@require_POST
def report_attachment_add(request, pk):
    report = get_object_or_404(_reports_of(request.user), pk=pk)
    form = ReportAttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: reports.add_attachment(
                request.user,
                report,
                data["file"],
                data["description"],
                data["is_auditor_statement"],
            ),
            "De bijlage is toegevoegd.",
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("report_edit", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def notice_create(request, award_pk):
    award = get_object_or_404(
        Award.objects.filter(application__organisation__in=organisations_of(request.user)),
        pk=award_pk,
    )
    form = NoticeForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: notices.report_change(request.user, award, form.cleaned_data["message"]),
            "Dank u. Uw melding is verstuurd; de gemeente neemt contact met u op.",
        )
    ):
        return redirect("application_detail", pk=award.application_id)
    return render(request, "verantwoording/notice_form.html", {"award": award, "form": form})
