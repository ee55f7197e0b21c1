"""Administrators' pages for the household letters: one letter, or a print run for the
mail house."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from besluiten import store
from besluiten.models import Decision
from kern.exports import workbook_bytes
from kern.ui import XLSX, attempt, download, permission_required, report_errors
from vouchers import letters
from vouchers.forms import PrintRunForm
from vouchers.models import (
    Admission,
    Declaration,
    PrintFile,
    PrintRun,
    PrintRunState,
    Voucher,
    VoucherState,
    VoucherTerms,
)
from vouchers.services import admissions, declarations, issuing, parents, printing

issuers = permission_required("vouchers.issue_vouchers")


@issuers
def voucher_letter(request, pk, household):
    terms = get_object_or_404(VoucherTerms.objects.select_related("scheme"), pk=pk)
    vouchers = [
        voucher
        for voucher in parents.household_vouchers(terms, household)
        if voucher.state == VoucherState.ISSUED
    ]
    if not vouchers:
        raise Http404("no voucher to activate in this household")
    letter = letters.Letter(f"V{terms.pk}-H{household}", timezone.localdate(), vouchers)
    return download(letters.household_letter(letter), "application/pdf", f"brief-{household}.pdf")


@issuers
def revocation_letter(request, pk):
    voucher = get_object_or_404(
        Voucher.objects.select_related("pass_holder", "terms__scheme"),
        pk=pk,
        state=VoucherState.REVOKED,
    )
    decision = issuing.revocation(voucher)
    if decision is None:
        raise Http404("Geen besluit tot intrekking.")
    content = letter_or_404(lambda: store.content_of(decision))
    return download(content, "application/pdf", f"intrekking-{voucher.pk}.pdf")


@issuers
def decision_letter(request, pk):
    """A stored decision about a voucher or a refused child, for the officers."""
    decision = get_object_or_404(Decision.objects.filter(content_type__app_label="vouchers"), pk=pk)
    content = letter_or_404(lambda: store.content_of(decision))
    return download(content, "application/pdf", f"besluit-{decision.reference}.pdf")


@login_required
def admission_letter(request, pk):
    admission = get_object_or_404(
        Admission.objects.select_related("provider", "terms__scheme"), pk=pk
    )
    content = letter_or_404(lambda: admissions.decision_letter(request.user, admission))
    return download(content, "application/pdf", f"besluit-toelating-{admission.pk}.pdf")


@login_required
def declaration_letter(request, pk):
    declaration = get_object_or_404(
        Declaration.objects.select_related("admission__provider", "admission__terms__scheme"),
        pk=pk,
    )
    content = letter_or_404(lambda: declarations.decision_letter(request.user, declaration))
    return download(content, "application/pdf", f"besluit-{declaration.reference}.pdf")


def letter_or_404(make):
    """A record without a decision to send has no letter: not found, not an error."""
    try:
        return make()
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error


@issuers
@require_http_methods(["GET", "POST"])
def print_runs(request, pk):
    terms = get_object_or_404(VoucherTerms.objects.select_related("scheme"), pk=pk)
    form = PrintRunForm(request.POST or None, initial={"letter_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            run = printing.start_print_run(
                request.user,
                terms,
                form.cleaned_data["households"],
                form.cleaned_data["letter_date"],
            )
        except ValidationError as error:
            report_errors(request, error)
            return redirect("print_runs", pk)
        return redirect("print_run", run.pk)
    return render(
        request,
        "vouchers/print_runs.html",
        {
            "terms": terms,
            "form": form,
            "new_households": printing.new_households(terms).count(),
            "runs": terms.print_runs.select_related("started_by")[:50],
        },
    )


@issuers
def print_run(request, pk):
    run = get_object_or_404(PrintRun.objects.select_related("terms__scheme", "started_by"), pk=pk)
    return render(
        request,
        "vouchers/print_run.html",
        {
            "run": run,
            "running": run.state == PrintRunState.PRINTING,
            "files": run.files.only("part", "letters", "file"),
        },
    )


@issuers
@require_POST
def print_run_retry(request, pk):
    run = get_object_or_404(PrintRun, pk=pk)
    attempt(request, lambda: printing.retry(request.user, run), "De brieven worden verder gemaakt.")
    return redirect("print_run", pk)


@issuers
def print_file(request, pk, part):
    printed = get_object_or_404(PrintFile, run=pk, part=part - 1)
    return _stored(printed.file, "application/pdf")


@issuers
def print_mail_list(request, pk):
    run = get_object_or_404(PrintRun, pk=pk)
    if not run.mail_list:
        raise Http404("the mail list is written when the run is done")
    return _stored(run.mail_list, "text/csv; charset=utf-8")


UNADDRESSED_COLUMNS = [
    ("Huishouden", None, 14),
    ("Pasnummer", None, 14),
    ("Naam kind", None, 30),
    ("Postcode", None, 10),
    ("Huisnummer", None, 12),
]


@issuers
def print_run_unaddressed(request, pk):
    run = get_object_or_404(PrintRun, pk=pk)
    rows = (
        [
            holder.household_number,
            holder.pass_number,
            holder.name,
            holder.postcode,
            holder.house_number,
        ]
        for holder in (voucher.pass_holder for voucher in printing.unaddressed(run))
    )
    content = workbook_bytes("Zonder adres", UNADDRESSED_COLUMNS, rows)
    return download(content, XLSX, f"zonder-adres-{run.pk}.xlsx")


def _stored(field, content_type):
    with field.open("rb") as handle:
        return download(handle.read(), content_type, field.name.rsplit("/", 1)[-1])
