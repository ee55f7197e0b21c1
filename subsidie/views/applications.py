"""The applicant's side of an application: start, fill in step by step, submit, withdraw."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from besluiten.choices import HearingPurpose
from besluiten.models import Hearing
from kern.forms import ReasonForm
from kern.services import organisations_of
from kern.ui import attempt, download, report_errors
from subsidie import letters
from subsidie.choices import ApplicationState
from subsidie.forms import (
    ActivityPlanForm,
    AttachmentForm,
    BudgetLineFormSet,
    DeclarationForm,
    RequestedAmountForm,
)
from subsidie.models import Application, Attachment, Award, Scheme
from subsidie.services import applications as services

STEPS = [
    ("application_plan", "Activiteitenplan"),
    ("application_budget", "Begroting"),
    ("application_attachments", "Bijlagen"),
    ("application_submit", "Controleren en indienen"),
]


def _application_for(request, pk):
    """The application, if the user belongs to the applying organisation; else 404."""
    return get_object_or_404(
        Application.objects.for_member(request.user).select_related("scheme", "organisation"),
        pk=pk,
    )


def editable_step(view):
    """A step of the form: only for the applicant, and only while the application is open
    to changes (a draft, or after a request for more information)."""

    @wraps(view)
    @login_required
    @require_http_methods(["GET", "POST"])
    def wrapper(request, pk, *args, **kwargs):
        application = _application_for(request, pk)
        if not application.is_editable_by_applicant:
            messages.info(request, "Deze aanvraag is ingediend en kan niet meer worden gewijzigd.")
            return redirect("application_detail", pk=pk)
        return view(request, application, *args, **kwargs)

    return wrapper


def _step_context(application, current, **extra):
    return {"application": application, "steps": STEPS, "current": current, **extra}


@login_required
def application_list(request):
    organisations = organisations_of(request.user)
    now = timezone.now()
    return render(
        request,
        "subsidie/application_list.html",
        {
            "applications": Application.objects.for_member(request.user).select_related(
                "scheme", "organisation"
            ),
            "offers": [
                (organisation, services.eligible_schemes(organisation, now))
                for organisation in organisations
            ],
        },
    )


@login_required
@require_POST
def application_start(request, scheme_pk, organisation_pk):
    organisation = get_object_or_404(organisations_of(request.user), pk=organisation_pk)
    scheme = get_object_or_404(Scheme, pk=scheme_pk)
    try:
        application = services.start_application(request.user, organisation, scheme)
    except ValidationError as error:
        report_errors(request, error)
        return redirect("application_list")
    return redirect("application_plan", pk=application.pk)


@login_required
def application_detail(request, pk):
    application = _application_for(request, pk)
    award = Award.objects.filter(application=application).prefetch_related("advances").first()
    return render(
        request,
        "subsidie/application_detail.html",
        {
            "application": application,
            "steps": STEPS,
            "missing": application.completeness_errors()
            if application.is_editable_by_applicant
            else [],
            "open_request": application.information_requests.filter(
                answered_at__isnull=True
            ).first(),
            "transitions": application.transitions.select_related("actor"),
            "locations": application.locations.select_related("district__borough"),
            "decisions": application.decisions.all(),
            "hearing": _current_hearing(application, award),
            "award": award,
        },
    )


def _current_hearing(application, award):
    """An intended refusal of the application, or an intended revocation of its award."""
    return Hearing.objects.current(application, HearingPurpose.REFUSAL) or (
        award and Hearing.objects.current(award, HearingPurpose.REVOCATION)
    )


@editable_step
def application_plan(request, application):
    form = ActivityPlanForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        services.save_application(
            request.user, form.instance, locations=form.cleaned_data["locations"]
        )
        messages.success(request, "Het activiteitenplan is opgeslagen.")
        return redirect(_next_step(request, application, "application_plan"))
    return render(
        request, "subsidie/application_plan.html", _step_context(application, 0, form=form)
    )


def _next_step(request, application, current):
    """'Opslaan' stays on the step; 'Opslaan en verder' goes to the next one."""
    names = [name for name, _ in STEPS]
    if "next" in request.POST:
        return redirect(names[names.index(current) + 1], pk=application.pk).url
    return redirect(current, pk=application.pk).url


@editable_step
def application_budget(request, application):
    initial = [
        {"kind": line.kind, "description": line.description, "amount": line.amount}
        for line in application.budget_lines.all()
    ]
    formset = BudgetLineFormSet(request.POST or None, initial=initial, prefix="regel")
    amount_form = RequestedAmountForm(
        request.POST or None, initial={"requested_amount": application.requested_amount}
    )
    if request.method == "POST" and formset.is_valid() and amount_form.is_valid():
        lines = [
            (
                form.cleaned_data["kind"],
                form.cleaned_data["description"],
                form.cleaned_data["amount"],
            )
            for form in formset
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        services.replace_budget(
            request.user, application, lines, amount_form.cleaned_data["requested_amount"]
        )
        messages.success(request, "De begroting is opgeslagen.")
        return redirect(_next_step(request, application, "application_budget"))
    return render(
        request,
        "subsidie/application_budget.html",
        _step_context(application, 1, formset=formset, amount_form=amount_form),
    )


@editable_step
def application_attachments(request, application):
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(
                request.user,
                application,
                form.cleaned_data["file"],
                form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, "De bijlage is toegevoegd.")
            return redirect("application_attachments", pk=application.pk)
    return render(
        request,
        "subsidie/application_attachments.html",
        _step_context(application, 2, form=form, attachments=application.attachments.all()),
    )


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    application = _application_for(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    attempt(
        request,
        lambda: services.remove_attachment(request.user, attachment),
        f"{attachment.original_name} is verwijderd.",
    )
    return redirect("application_attachments", pk=pk)


@login_required
def attachment_download(request, pk, attachment_pk):
    """Attachments leave the private store only for the applicant and municipal staff."""
    queryset = (
        Application.objects.all()
        if request.user.has_perm("subsidie.view_application")
        else Application.objects.for_member(request.user)
    )
    application = get_object_or_404(queryset, pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@editable_step
def application_submit(request, application):
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _sign_and_submit(request.user, application)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, "Uw aanvraag is ingediend. U krijgt ook een e-mail.")
            return redirect("application_receipt", pk=application.pk)
    return render(
        request,
        "subsidie/application_submit.html",
        _step_context(application, 3, form=form, missing=_missing_without_declaration(application)),
    )


def _missing_without_declaration(application):
    return [error for error in application.completeness_errors() if "verklaring" not in error]


def _sign_and_submit(user, application):
    services.sign_declaration(user, application)
    if application.state == ApplicationState.INCOMPLETE:
        services.resubmit_application(user, application)
    else:
        services.submit_application(user, application)


@login_required
def application_receipt(request, pk):
    application = _application_for(request, pk)
    if application.received_at is None:
        return redirect("application_detail", pk=pk)
    return render(request, "subsidie/application_receipt.html", {"application": application})


@login_required
def application_pdf(request, pk):
    """What the applicant submitted, as a document to keep."""
    application = _application_for(request, pk)
    if application.is_editable_by_applicant:
        return redirect("application_detail", pk=pk)
    return download(
        letters.application_copy(application),
        "application/pdf",
        f"aanvraag-{application.reference or application.pk}.pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request, pk):
    application = _application_for(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: services.withdraw_application(
                request.user, application, form.cleaned_data["reason"]
            ),
            "Uw aanvraag is ingetrokken.",
        )
        return redirect("application_detail", pk=pk)
    return render(
        request, "subsidie/application_withdraw.html", {"application": application, "form": form}
    )
