"""The municipality's side of applications: the work queue and the review actions."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from besluiten.choices import HearingPurpose
from besluiten.models import Decision, Hearing, Objection
from kern import exports, terms, transitions
from kern.models import Location
from kern.ui import XLSX, attempt, download, permission_required
from subsidie import exports as application_exports
from subsidie.forms import AssignForm, ExtensionForm, InformationRequestForm, QueueFilterForm
from subsidie.models import Application, Award
from subsidie.models.awards import REVOCABLE_STATES
from subsidie.services import applications as services

readers = permission_required("subsidie.view_application")
reviewers = permission_required("subsidie.review_application")
assigners = permission_required("subsidie.assign_application")
handlers = permission_required("subsidie.handle_application")

PAGE_SIZE = 25


def _queue(request):
    form = QueueFilterForm(request.GET or None)
    applications = (
        form.filter(Application.objects.all())
        .select_related("scheme", "organisation", "assigned_reviewer")
        .prefetch_related(
            Prefetch("locations", queryset=Location.objects.select_related("district"))
        )
        .order_by("decision_due", "complete_at", "pk")
    )
    return form, applications


@readers
def queue(request):
    form, applications = _queue(request)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "subsidie/review_queue.html",
        {"form": form, "page": page, "today": timezone.localdate(), "query": query.urlencode()},
    )


@readers
def queue_export(request):
    _, applications = _queue(request)
    content = exports.workbook_bytes(
        "Aanvragen",
        application_exports.APPLICATION_COLUMNS,
        application_exports.application_rows(applications, timezone.localdate()),
    )
    return download(content, XLSX, f"aanvragen-{timezone.localdate():%Y-%m-%d}.xlsx")


def staff_application(pk):
    return get_object_or_404(
        Application.objects.select_related(
            "scheme", "organisation", "provider", "assigned_reviewer", "created_by"
        ),
        pk=pk,
    )


@readers
def review_detail(request, pk):
    application = staff_application(pk)
    decision_type = ContentType.objects.get_for_model(Decision)
    award = Award.objects.filter(application=application).prefetch_related("advances").first()
    return render(
        request,
        "subsidie/review_detail.html",
        {
            "application": application,
            "actions": transitions.available(application, request.user),
            "today": timezone.localdate(),
            "assign_form": AssignForm(initial={"reviewer": application.assigned_reviewer}),
            "locations": application.locations.select_related("district__borough"),
            "transitions": application.transitions.select_related("actor"),
            "reviews": application.reviews.select_related("reviewer").prefetch_related(
                "scores__criterion"
            ),
            "decisions": application.decisions.select_related("decided_by", "replaces"),
            "hearing": Hearing.objects.current(application, HearingPurpose.REFUSAL),
            "decision_type": decision_type.pk,
            "award": award,
            "revocable": award is not None and award.state in REVOCABLE_STATES,
            "revocation": award and Hearing.objects.current(award, HearingPurpose.REVOCATION),
            "objections": Objection.objects.filter(
                content_type=decision_type,
                object_id__in=application.decisions.values("pk"),
            ),
        },
    )


def form_page(request, application, form, title, intro, button):
    """One form about one application, on the shared staff form page."""
    return render(
        request,
        "subsidie/review_form.html",
        {
            "application": application,
            "form": form,
            "title": title,
            "intro": intro,
            "button": button,
        },
    )


def act(request, pk, operation, success, *args):
    attempt(request, lambda: operation(request.user, staff_application(pk), *args), success)
    return redirect("review_detail", pk=pk)


@reviewers
@require_POST
def review_start(request, pk):
    return act(request, pk, services.start_review, "U behandelt deze aanvraag nu.")


@reviewers
@require_POST
def review_as_is(request, pk):
    return act(
        request,
        pk,
        services.review_as_is,
        "De aanvraag is weer in behandeling. Beoordeel haar met de gegevens die er zijn.",
    )


@assigners
@require_POST
def review_assign(request, pk):
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies een beoordelaar uit de lijst.")
        return redirect("review_detail", pk=pk)
    return act(
        request,
        pk,
        services.assign_reviewer,
        "De beoordelaar is gewijzigd.",
        form.cleaned_data["reviewer"],
    )


@reviewers
@require_http_methods(["GET", "POST"])
def review_request_information(request, pk):
    application = staff_application(pk)
    form = InformationRequestForm(
        request.POST or None,
        initial={"due_date": terms.after(timezone.localdate(), weeks=2)},
    )
    if request.method == "POST" and form.is_valid():
        return act(
            request,
            pk,
            services.request_information,
            "De aanvrager is gevraagd de aanvraag aan te vullen.",
            form.cleaned_data["message"],
            form.cleaned_data["due_date"],
        )
    return render(
        request,
        "subsidie/review_request_information.html",
        {"application": application, "form": form},
    )


@handlers
@require_http_methods(["GET", "POST"])
def review_extend(request, pk):
    application = staff_application(pk)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return act(
            request,
            pk,
            services.extend_decision_term,
            "De beslistermijn is verlengd. De aanvrager krijgt een bericht.",
            form.cleaned_data["weeks"],
            form.cleaned_data["reason"],
        )
    return form_page(
        request,
        application,
        form,
        "Beslistermijn verlengen",
        "Dit kan één keer, vóór de termijn afloopt (artikel 4:14 Awb).",
        "Termijn verlengen",
    )
