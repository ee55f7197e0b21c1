"""Finance's pages: what is due, payment batches, bank file and Excel, marking paid."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_http_methods, require_POST

from betalingen import services as payments
from betalingen.forms import BatchForm
from betalingen.models import PaymentBatch
from kern.ui import XLSX, download, permission_required, report_errors

# Batches carry IBANs and move money: finance's pages only, also to look at.
finance_only = permission_required("betalingen.manage_payments")


@finance_only
@require_http_methods(["GET", "POST"])
def payment_overview(request):
    until = parse_date(request.GET.get("tot", "")) or timezone.localdate() + timedelta(days=14)
    form = BatchForm(request.POST or None, initial={"execution_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            batch = payments.create_batch(
                request.user, request.POST.getlist("item"), form.cleaned_data["execution_date"]
            )
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, f"Betaalbatch {batch.reference} is gemaakt.")
            return redirect("payment_batch", pk=batch.pk)
    return render(
        request,
        "betalingen/payment_overview.html",
        {
            "items": payments.due_items(until),
            "until": until,
            "form": form,
            "batches": PaymentBatch.objects.all()[:50],
        },
    )


@finance_only
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


@finance_only
def payment_batch_excel(request, pk):
    batch = get_object_or_404(PaymentBatch, pk=pk)
    return download(payments.batch_workbook(batch), XLSX, f"{batch.reference}.xlsx")


@finance_only
@require_POST
def payment_batch_paid(request, pk):
    batch = get_object_or_404(PaymentBatch, pk=pk)
    try:
        payments.mark_paid(request.user, batch)
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, f"Betaalbatch {batch.reference} is betaald.")
    return redirect("payment_batch", pk=pk)
