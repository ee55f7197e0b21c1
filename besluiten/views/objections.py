"""Objections: staff register and handle them in a queue with their terms; organisations
see their own and download the decisions."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from besluiten import decision_kinds, store
from besluiten.choices import ObjectionOutcome, ObjectionState
from besluiten.forms import (
    AdviceForm,
    ObjectionDecisionForm,
    ObjectionForm,
    ObjectionHearingForm,
    RepairForm,
    ReportForm,
)
from besluiten.models import Objection
from besluiten.models.objections import OPEN_STATES
from besluiten.services import objections
from kern import exports, terms, transitions
from kern.exports import DATE
from kern.forms import ReasonForm
from kern.roles import is_municipal_staff
from kern.services import organisations_of
from kern.ui import XLSX, attempt, download, made, permission_required

handlers = permission_required("besluiten.handle_objection")
readers = permission_required("besluiten.view_objection")

PAGE_SIZE = 25


OBJECTION_COLUMNS = [
    ("Kenmerk", None, 16),
    ("Bezwaarmaker", None, 32),
    ("Tegen besluit", None, 22),
    ("Besluit verstuurd", DATE, 14),
    ("Ontvangen", DATE, 14),
    ("Op tijd", None, 10),
    ("Status", None, 20),
    ("Beslissen vóór", DATE, 14),
    ("Dagen over", "0", 10),
    ("Beslissing", None, 20),
]


def _filtered(request):
    """The objections this user may see, with the list's filters applied."""
    if is_municipal_staff(request.user):
        objection_set = Objection.objects.all()
    else:
        objection_set = Objection.objects.filter(organisation__in=organisations_of(request.user))
    shown = request.GET.get("status", "open")
    if shown == "open":
        objection_set = objection_set.filter(state__in=OPEN_STATES)
    elif shown == "besloten":
        objection_set = objection_set.filter(state=ObjectionState.DECIDED)
    search = request.GET.get("zoek", "").strip()
    if search:
        objection_set = objection_set.filter(
            Q(reference__icontains=search)
            | Q(decision_reference__icontains=search)
            | Q(objector__icontains=search)
        )
    return objection_set.select_related("organisation"), shown, search


@login_required
def objection_list(request):
    """Staff: the queue, nearest term first; members: their organisations' objections."""
    objection_set, shown, search = _filtered(request)
    page = Paginator(objection_set, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "besluiten/objection_list.html",
        {
            "page": page,
            "staff": is_municipal_staff(request.user),
            "shown": shown,
            "search": search,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@readers
def objection_export(request):
    objection_set, _, _ = _filtered(request)
    today = timezone.localdate()
    rows = (
        [
            objection.reference,
            objection.objector,
            objection.decision_reference,
            objection.decision_sent_on,
            objection.received_on,
            "ja" if objection.on_time else "nee",
            objection.get_state_display(),
            objection.decision_due,
            (objection.decision_due - today).days if objection.is_open else None,
            objection.get_outcome_display(),
        ]
        for objection in objection_set
    )
    content = exports.workbook_bytes("Bezwaren", OBJECTION_COLUMNS, rows)
    return download(content, XLSX, f"bezwaren-{today:%Y-%m-%d}.xlsx")


@handlers
def objection_find(request):
    """From the reference an objection letter cites to the registration form."""
    reference = request.GET.get("kenmerk", "")
    decision = decision_kinds.find(reference) if reference.strip() else None
    if decision is None:
        messages.error(
            request,
            f"Er is geen besluit met kenmerk ‘{reference.strip()}’ waartegen bezwaar kan worden "
            "gemaakt. Kijk of het kenmerk klopt, zoals het in de brief staat.",
        )
        return redirect("objection_list")
    content_type = ContentType.objects.get_for_model(decision)
    return redirect("objection_register", content_type_id=content_type.pk, object_id=decision.pk)


@handlers
@require_http_methods(["GET", "POST"])
def objection_register(request, content_type_id, object_id):
    decision = decision_kinds.decision_for(content_type_id, object_id)
    if decision is None:
        raise Http404("Geen besluit waartegen bezwaar kan worden gemaakt.")
    described = decision_kinds.kind_of(decision).describe(decision)
    form = ObjectionForm(
        request.POST or None,
        request.FILES or None,
        initial={"objector": described.objector, "received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        objection = made(
            request,
            lambda: objections.register(
                request.user,
                decision,
                received_on=data["received_on"],
                posted_on=data["posted_on"],
                grounds=data["grounds"],
                grounds_file=data["grounds_file"],
                objector=data["objector"],
                advisory_committee=data["advisory_committee"],
                lateness_excused=data["lateness_excused"],
                lateness_reasons=data["lateness_reasons"],
            ),
            "Het bezwaar is geregistreerd. De bezwaarmaker krijgt een ontvangstbevestiging.",
        )
        if objection:
            return redirect("objection_detail", pk=objection.pk)
    return render(
        request,
        "besluiten/objection_register.html",
        {
            "form": form,
            "described": described,
            "deadline": terms.objection_deadline(described.sent_on),
        },
    )


@readers
def objection_detail(request, pk):
    objection = get_object_or_404(Objection.objects.select_related("organisation"), pk=pk)
    described = decision_kinds.kind_of(objection.decision).describe(objection.decision)
    return render(
        request,
        "besluiten/objection_detail.html",
        {
            "objection": objection,
            "described": described,
            "actions": transitions.available(objection, request.user),
            "transitions": objection.transitions.select_related("actor"),
            "today": timezone.localdate(),
        },
    )


# One page per step: its form, the service call with the form's data, what it says after.
_STEPS = {
    "herstel": (
        "Om herstel vragen",
        RepairForm,
        lambda user, objection, data: objections.request_repair(
            user, objection, data["message"], data["due"]
        ),
        "De bezwaarmaker is gevraagd het verzuim te herstellen.",
    ),
    "hersteld": (
        "Verzuim hersteld",
        None,
        lambda user, objection, data: objections.record_repair(user, objection),
        "Het verzuim is hersteld. De behandeling gaat verder.",
    ),
    "hoorzitting": (
        "Hoorzitting plannen",
        ObjectionHearingForm,
        lambda user, objection, data: objections.plan_hearing(
            user,
            objection,
            timezone.make_aware(datetime.combine(data["day"], data["time"])),
            data["place"],
        ),
        "De hoorzitting is gepland. De bezwaarmaker krijgt een uitnodiging.",
    ),
    "verslag": (
        "Verslag van de hoorzitting",
        ReportForm,
        lambda user, objection, data: objections.record_hearing(user, objection, data["report"]),
        "Het verslag is vastgelegd.",
    ),
    "advies": (
        "Advies van de bezwaarcommissie",
        AdviceForm,
        lambda user, objection, data: objections.record_advice(user, objection, data["advice"]),
        "Het advies is vastgelegd.",
    ),
    "verlengen": (
        "Beslistermijn verlengen met 6 weken",
        ReasonForm,
        lambda user, objection, data: objections.extend(user, objection, data["reason"]),
        "De beslistermijn is verlengd. De bezwaarmaker krijgt bericht.",
    ),
}


@handlers
@require_http_methods(["GET", "POST"])
def objection_step(request, pk, step):
    if step not in _STEPS:
        raise Http404
    objection = get_object_or_404(Objection, pk=pk)
    title, form_class, operation, success = _STEPS[step]
    form = form_class(request.POST or None) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        if attempt(request, lambda: operation(request.user, objection, data), success):
            return redirect("objection_detail", pk=pk)
    return render(
        request,
        "besluiten/objection_step.html",
        {"objection": objection, "form": form, "title": title},
    )


@permission_required("besluiten.decide_objection")
@require_http_methods(["GET", "POST"])
def objection_decide(request, pk):
    objection = get_object_or_404(Objection, pk=pk)
    kind = decision_kinds.kind_of(objection.decision)
    form_class = kind.revision_form(objection.decision)
    replaceable = kind.revisable(objection.decision)
    revisable = replaceable and form_class is not None
    data = request.POST if request.method == "POST" else None
    form = ObjectionDecisionForm(data)
    revision = form_class(data, prefix="nieuw") if revisable else None
    valid = data is not None and form.is_valid() and (revision is None or revision.is_valid())
    if valid and attempt(
        request,
        lambda: objections.decide(
            request.user,
            objection,
            form.cleaned_data["outcome"],
            form.cleaned_data["reasoning"],
            revision.cleaned_data if revision else None,
        ),
        "Er is beslist op het bezwaar. De bezwaarmaker krijgt de beslissing.",
    ):
        return redirect("objection_detail", pk=pk)
    return render(
        request,
        "besluiten/objection_decide.html",
        {
            "objection": objection,
            "form": form,
            "revision": revision,
            # A founded objection undoes the decision without anything to fill in.
            "replaced_as_it_was": replaceable and not revisable,
            "founded": [ObjectionOutcome.FOUNDED, ObjectionOutcome.PARTLY_FOUNDED],
        },
    )


@login_required
def objection_letter(request, pk):
    """The stored decision on the objection, for staff and the organisation, if unchanged."""
    visible = (
        Objection.objects.all()
        if request.user.has_perm("besluiten.view_objection")
        else Objection.objects.filter(organisation__in=organisations_of(request.user))
    )
    ruling = get_object_or_404(visible, pk=pk).ruling
    if ruling is None or not store.unchanged(ruling):
        raise Http404("no decision, or checksum mismatch")
    return FileResponse(
        ruling.document.open("rb"),
        as_attachment=True,
        filename=f"beslissing-op-bezwaar-{ruling.reference}.pdf",
        content_type="application/pdf",
    )


@readers
def objection_grounds(request, pk):
    objection = get_object_or_404(Objection.objects.exclude(grounds_file=""), pk=pk)
    return FileResponse(
        objection.grounds_file.open("rb"),
        as_attachment=True,
        filename=objection.grounds_file_name or f"bezwaarschrift-{objection.reference}",
    )
