"""Finance's pages: what is due, payment batches, bank file and Excel, marking paid."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from betalingen import bankdays, notifications
from betalingen import services as payments
from betalingen.forms import BatchForm
from betalingen.models import PaymentBatch
from kern.permissions import require
from kern.ui import XLSX, attempt, download, permission_required, report_errors

# Batches carry IBANs and move money: finance makes and pays them; administrators may look
# (reviewers and decision makers never see an IBAN list).
finance_only = permission_required("betalingen.manage_payments")
readers = permission_required("betalingen.view_paymentbatch")


@readers
@require_http_methods(["GET", "POST"])
def payment_overview(request):
    """Choose an execution date, tick what is due by then, check count and total, confirm."""
    form = BatchForm(
        request.POST or request.GET or None,
        initial={"execution_date": bankdays.next_bank_day(timezone.localdate())},
    )
    execution_date = form.cleaned_data["execution_date"] if form.is_valid() else None
    if request.method == "POST":
        require(request.user, "betalingen.manage_payments")
    if request.method == "POST" and execution_date:
        keys = request.POST.getlist("item")
        if request.POST.get("bevestigd") == "ja":
            return _create_batch(request, keys, execution_date)
        items, total = payments.batch_preview(keys, execution_date)
        return render(
            request,
            "betalingen/payment_confirm.html",
            {"form": form, "items": items, "total": total, "date": execution_date},
        )
    shown = execution_date or form.initial["execution_date"]
    return render(
        request,
        "betalingen/payment_overview.html",
        {
            "items": payments.due_items(shown),
            "at_risk": payments.at_risk(timezone.localdate() + notifications.WARN_AHEAD),
            "today": timezone.localdate(),
            "date": shown,
            "form": form,
            "batches": PaymentBatch.objects.all()[:50],
        },
    )


def _create_batch(request, keys, execution_date):
    try:
        batch = payments.create_batch(request.user, keys, execution_date)
    except ValidationError as error:
        report_errors(request, error)
        return redirect(f"{request.path}?execution_date={execution_date:%Y-%m-%d}")
    messages.success(request, f"Betaalbatch {batch.reference} is gemaakt.")
    return redirect("payment_batch", pk=batch.pk)


@readers
def payment_batch(request, pk):
    batch = get_object_or_404(PaymentBatch, pk=pk)
    return render(
        request,
        "betalingen/payment_batch.html",
        {"batch": batch, "items": payments.batch_items(batch)},
    )


@finance_only
@require_POST
def payment_batch_sepa(request, pk):
    batch = get_object_or_404(PaymentBatch, pk=pk)
    try:
        content = payments.export_sepa(request.user, batch)
    except ValidationError as error:
        report_errors(request, error)
        return redirect("payment_batch", pk=pk)
    return download(content, "application/xml", f"{batch.reference}.xml")


@readers
def payment_batch_excel(request, pk):
    batch = get_object_or_404(PaymentBatch, pk=pk)
    return download(payments.batch_workbook(batch), XLSX, f"{batch.reference}.xlsx")


@finance_only
@require_POST
def payment_batch_paid(request, pk):
    batch = get_object_or_404(PaymentBatch, pk=pk)
    attempt(
        request,
        lambda: payments.mark_paid(request.user, batch),
        f"Betaalbatch {batch.reference} is betaald.",
    )
    return redirect("payment_batch", pk=pk)
