"""Settling awards: the queue of awards to settle, the proposal per budget line, the hearing
of a lower proposal and the decision; and the recoveries that finance follows up."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from besluiten.choices import DecisionKind, HearingPurpose
from besluiten.forms import HearingAnswerForm
from besluiten.models import Hearing, Objection
from kern import transitions
from kern.exports import DATE, EURO, workbook_bytes
from kern.ui import XLSX, attempt, by_state, download, made, permission_required
from subsidie.choices import AwardState
from subsidie.models import Award, Scheme
from verantwoording.choices import RecoveryState, SettlementState
from verantwoording.forms import RepaymentForm, SettlementForm, SettlementRunForm, WriteOffForm
from verantwoording.models import Recovery, Settlement, SettlementRun
from verantwoording.services import direct, settlements
from verantwoording.services import recoveries as recoveries_service

readers = permission_required("verantwoording.view_settlement")
PAGE_SIZE = 25


@readers
def settlement_queue(request):
    """Awards whose period ended, with where their settlement stands."""
    query = request.GET.get("zoek", "").strip()
    awards = (
        Award.objects.filter(state=AwardState.REPORT_DUE)
        .select_related("application__organisation", "decision", "settlement")
        .order_by("period_end", "pk")
    )
    if query:
        awards = awards.filter(
            Q(decision__reference__icontains=query)
            | Q(application__organisation__name__icontains=query)
        )
    page = Paginator(awards, PAGE_SIZE).get_page(request.GET.get("pagina"))
    for award in page:
        award.blocker = settlements.readiness_error(award)
    return render(
        request,
        "verantwoording/settlement_queue.html",
        {
            "page": page,
            "zoek": query,
            "query": f"zoek={query}",
            "awaiting_recovery": recoveries_service.owed_after_revocation().count(),
        },
    )


@permission_required("verantwoording.prepare_settlement")
@require_http_methods(["GET", "POST"])
def settlement_prepare(request, award_pk):
    award = get_object_or_404(
        Award.objects.select_related("application__organisation", "decision"), pk=award_pk
    )
    existing = Settlement.objects.filter(award=award).first()
    if existing and existing.state != SettlementState.PROPOSED:
        return redirect("settlement_detail", pk=existing.pk)
    lines = list(existing.lines.all()) if existing else settlements.draft_lines(award)
    form = SettlementForm(
        request.POST or None, lines=lines, reasoning=existing.reasoning if existing else ""
    )
    if request.method == "POST" and form.is_valid():
        settlement = made(
            request,
            lambda: settlements.propose(
                request.user, award, form.entries(), form.cleaned_data["reasoning"]
            ),
            "Het voorstel is opgeslagen.",
        )
        if settlement:
            return redirect("settlement_detail", pk=settlement.pk)
    return render(
        request,
        "verantwoording/settlement_prepare.html",
        {
            "award": award,
            "form": form,
            "blocker": settlements.readiness_error(award),
            "reports": award.reports.all(),
        },
    )


@readers
def settlement_detail(request, pk):
    settlement = get_object_or_404(
        Settlement.objects.select_related(
            "award__application__organisation", "award__decision", "decision", "proposed_by"
        ),
        pk=pk,
    )
    hearing = Hearing.objects.current(settlement, HearingPurpose.LOWER_SETTLEMENT)
    return render(
        request,
        "verantwoording/settlement_detail.html",
        {
            "settlement": settlement,
            "award": settlement.award,
            "revisions": settlement.award.application.decisions.filter(
                kind=DecisionKind.SETTLE, replaces__isnull=False
            ).order_by("decided_at"),
            "hearing": hearing,
            "form": HearingAnswerForm(required=bool(hearing and hearing.response)),
            "actions": transitions.available(settlement, request.user),
            "may_prepare": request.user.has_perm("verantwoording.prepare_settlement"),
            "transitions": settlement.transitions.select_related("actor"),
        },
    )


@permission_required("verantwoording.prepare_settlement")
@require_POST
def settlement_intend(request, pk):
    settlement = get_object_or_404(Settlement, pk=pk)
    attempt(
        request,
        lambda: settlements.intend(request.user, settlement),
        "Het voornemen is verstuurd. De organisatie kan nu reageren.",
    )
    return redirect("settlement_detail", pk=pk)


@permission_required("verantwoording.decide_settlement")
@require_POST
def settlement_decide(request, pk):
    settlement = get_object_or_404(Settlement, pk=pk)
    form = HearingAnswerForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: settlements.decide(request.user, settlement, form.cleaned_data["answer"]),
            "De subsidie is vastgesteld. De organisatie krijgt de besluitbrief.",
        )
    return redirect("settlement_detail", pk=pk)


RECOVERY_COLUMNS = [
    ("Besluit", None, 20),
    ("Organisatie", None, 40),
    ("Bedrag", EURO, 14),
    ("Betalen vóór", DATE, 14),
    ("Status", None, 14),
    ("Afgesloten op", DATE, 14),
    ("Toelichting", None, 40),
    ("Terugvorderen kan tot", DATE, 20),
]


def _recoveries():
    """With the organisation each recovery's decision is about (a generic subject)."""
    return Recovery.objects.select_related("decision").prefetch_related(
        "decision__subject__organisation"
    )


@permission_required("verantwoording.view_recovery")
def recovery_list(request):
    recoveries = _recoveries()
    if request.GET.get("formaat") == "xlsx":
        return _recovery_workbook(by_state(request, recoveries, RecoveryState.choices, "")["page"])
    return render(
        request,
        "verantwoording/recovery_list.html",
        by_state(request, recoveries, RecoveryState.choices, RecoveryState.OPEN)
        | {"today": timezone.localdate(), "revoked": recoveries_service.owed_after_revocation()},
    )


@permission_required("verantwoording.decide_settlement")
@require_http_methods(["GET", "POST"])
def recover_after_revocation(request, pk):
    """Confirmation first: the decision goes out at once and cannot be undone."""
    award = get_object_or_404(
        Award.objects.select_related("application__organisation", "decision"),
        pk=pk,
        state=AwardState.REVOKED,
    )
    if request.method == "POST":
        recovery = made(
            request,
            lambda: recoveries_service.recover_after_revocation(request.user, award),
            "De terugvordering is besloten. De organisatie krijgt de brief.",
        )
        # Refused (decided already, by a second click or a colleague): the list says why.
        return (
            redirect("recovery_detail", pk=recovery.pk) if recovery else redirect("recovery_list")
        )
    return render(
        request,
        "verantwoording/recover_after_revocation.html",
        {"award": award},
    )


def _recovery_workbook(page):
    rows = (
        [
            recovery.decision.reference,
            recovery.decision.subject.organisation.name,
            recovery.amount,
            recovery.due_date,
            recovery.get_state_display(),
            recovery.closed_on,
            recovery.closing,
            recovery.limit_date,
        ]
        for recovery in page.paginator.object_list
    )
    content = workbook_bytes("Terugvorderingen", RECOVERY_COLUMNS, rows)
    return download(content, XLSX, f"terugvorderingen-{timezone.localdate():%Y-%m-%d}.xlsx")


@permission_required("verantwoording.view_recovery")
@require_http_methods(["GET", "POST"])
def recovery_detail(request, pk):
    recovery = get_object_or_404(_recoveries(), pk=pk)
    step = request.POST.get("stap")
    repaid = RepaymentForm(request.POST if step == "betaald" else None)
    written_off = WriteOffForm(request.POST if step == "afboeken" else None)
    if step == "betaald" and repaid.is_valid():
        data = repaid.cleaned_data
        operation = lambda: settlements.record_repayment(  # noqa: E731
            request.user, recovery, data["received_on"], data["note"]
        )
        if attempt(request, operation, "De terugbetaling is vastgelegd."):
            return redirect("recovery_detail", pk=pk)
    if step == "afboeken" and written_off.is_valid():
        reason = written_off.cleaned_data["reason"]
        if attempt(
            request,
            lambda: settlements.write_off(request.user, recovery, reason),
            "Het bedrag is afgeboekt.",
        ):
            return redirect("recovery_detail", pk=pk)
    return render(
        request,
        "verantwoording/recovery_detail.html",
        {
            "recovery": recovery,
            "objections": Objection.objects.about(recovery.decision),
            "repaid": repaid,
            "written_off": written_off,
            "actions": transitions.available(recovery, request.user),
            "transitions": recovery.transitions.select_related("actor"),
        },
    )


@permission_required("verantwoording.decide_settlement")
@require_http_methods(["GET", "POST"])
def run_start(request):
    form = SettlementRunForm(
        request.POST or None,
        schemes=Scheme.objects.order_by("name"),
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = made(
            request,
            lambda: direct.start_run(
                request.user, data["scheme"], data["year"], data["percentage"]
            ),
            "De ronde is gestart. De besluiten worden nu gemaakt.",
        )
        if run:
            return redirect("run_detail", pk=run.pk)
    return render(
        request,
        "verantwoording/run_start.html",
        {"form": form, "runs": SettlementRun.objects.select_related("scheme")[:20]},
    )


@readers
def run_detail(request, pk):
    run = get_object_or_404(SettlementRun.objects.select_related("scheme", "started_by"), pk=pk)
    done, total = direct.progress(run)
    return render(
        request,
        "verantwoording/run_detail.html",
        {
            "run": run,
            "done": done,
            "total": total,
            "evidence": direct.evidence_reports(run),
            "failures": run.failures.items(),
        },
    )
