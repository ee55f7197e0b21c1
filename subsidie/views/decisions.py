"""Reviewing, proposing and taking decisions; the decision letter; ranking; award lists."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from besluiten import store
from besluiten.choices import HearingPurpose
from besluiten.forms import HearingAnswerForm
from besluiten.models import Decision, Hearing
from kern import exports
from kern.forms import ReasonForm
from kern.money import euro
from kern.ui import XLSX, download, permission_required
from subsidie import exports as award_exports
from subsidie.choices import ApplicationState, Outcome
from subsidie.forms import ProposalForm, ReviewForm
from subsidie.models import Application, Award, Review, Scheme
from subsidie.services import budget, decisions, reviews, revocations
from subsidie.views.reviews import act, form_page, staff_application

readers = permission_required("subsidie.view_application")
reviewers = permission_required("subsidie.review_application")
handlers = permission_required("subsidie.handle_application")
deciders = permission_required("subsidie.decide_application")


@reviewers
@require_http_methods(["GET", "POST"])
def review_assess(request, pk):
    application = staff_application(pk)
    criteria = application.scheme.criteria.all()
    review = Review.objects.filter(application=application, reviewer=request.user).first()
    initial = (
        {"advice": review.advice, "recommendation": review.recommendation}
        | {f"score_{s.criterion_id}": s.score for s in review.scores.all()}
        if review
        else None
    )
    form = ReviewForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        return act(
            request,
            pk,
            reviews.save_review,
            "Uw beoordeling is opgeslagen.",
            form.cleaned_data["advice"],
            form.cleaned_data["recommendation"],
            form.scores(),
        )
    return form_page(
        request,
        application,
        form,
        "Beoordelen",
        "Geef per criterium een score en schrijf uw advies.",
        "Beoordeling opslaan",
    )


@handlers
@require_http_methods(["GET", "POST"])
def review_propose(request, pk):
    application = staff_application(pk)
    form = ProposalForm(
        request.POST or None,
        initial={"outcome": Outcome.GRANT, "amount": application.requested_amount},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return act(
            request,
            pk,
            reviews.propose,
            "Het besluit is voorgesteld. Een besluitvormer neemt het besluit.",
            data["outcome"],
            data["amount"],
            data["reasoning"],
        )
    return form_page(
        request,
        application,
        form,
        "Besluit voorstellen",
        f"Aangevraagd: {euro(application.requested_amount)}. Vanaf "
        f"{euro(application.scheme.four_eyes_from)} neemt een andere besluitvormer het besluit "
        "dan degene die het voorstelt.",
        "Voorstel opslaan",
    )


@deciders
@require_http_methods(["GET", "POST"])
def review_decide(request, pk):
    """Confirmation page first: a decision cannot be undone, only objected to."""
    application = staff_application(pk)
    hearing = Hearing.objects.current(application, HearingPurpose.REFUSAL)
    form = _answer_form(request, hearing)
    if request.method == "POST" and form.is_valid():
        return act(
            request,
            pk,
            decisions.decide,
            "Het besluit is genomen en verstuurd.",
            form.cleaned_data["answer"],
        )
    if application.state != ApplicationState.PROPOSED:
        # A page opened from an older list: the proposal was returned or decided since.
        messages.info(request, "Er ligt geen voorstel meer om over te besluiten.")
        return redirect("review_detail", pk=pk)
    return render(
        request,
        "subsidie/review_decide.html",
        {"application": application, "hearing": hearing, "form": form},
    )


def _answer_form(request, hearing):
    """What the decider does with a response to the intention, where there is one."""
    return HearingAnswerForm(
        request.POST if request.method == "POST" else None,
        required=bool(hearing and hearing.response),
    )


def _on_award(operation):
    """A service on the award, called the way `act` calls a service on the application."""
    return lambda actor, application, *args: operation(actor, application.award, *args)


@handlers
@require_http_methods(["GET", "POST"])
def review_intention(request, pk):
    """Confirmation page first: the applicant receives the intended refusal at once."""
    return _confirmed(
        request,
        pk,
        reviews.send_intention,
        "Het voornemen is verstuurd. De aanvrager kan nu reageren.",
        "subsidie/review_intention.html",
    )


def _confirmed(request, pk, operation, success, template):
    """A step without input: a page that says what will happen, and its button."""
    if request.method == "POST":
        return act(request, pk, operation, success)
    return render(request, template, {"application": staff_application(pk)})


@handlers
@require_http_methods(["GET", "POST"])
def award_intention(request, pk):
    """The intended revocation with its reasons goes to the organisation (Awb 4:8)."""
    application = staff_application(pk)
    award = get_object_or_404(Award, application=application)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return act(
            request,
            pk,
            _on_award(revocations.intend_revocation),
            "Het voornemen is verstuurd. De organisatie kan nu reageren.",
            form.cleaned_data["reason"],
        )
    return form_page(
        request,
        application,
        form,
        "Voornemen tot intrekken versturen",
        f"De organisatie krijgt bericht dat de gemeente van plan is de subsidie van "
        f"{euro(award.amount)} in te trekken, met uw redenen. Zij kan daarop "
        f"{application.scheme.hearing_term_days} dagen reageren. Daarna kan een besluitvormer "
        "de subsidie intrekken.",
        "Voornemen versturen",
    )


@deciders
@require_http_methods(["GET", "POST"])
def award_revoke(request, pk):
    """Confirmation page with the hearing: revoking cannot be undone, only objected to."""
    application = staff_application(pk)
    award = get_object_or_404(Award, application=application)
    hearing = Hearing.objects.current(award, HearingPurpose.REVOCATION)
    form = _answer_form(request, hearing)
    if request.method == "POST" and form.is_valid():
        return act(
            request,
            pk,
            _on_award(revocations.revoke),
            "De subsidie is ingetrokken. De organisatie krijgt de besluitbrief. Is er al een "
            "voorschot betaald? Vorder dat terug bij Vaststellen › Terugvorderingen.",
            form.cleaned_data["answer"],
        )
    return render(
        request,
        "subsidie/award_revoke.html",
        {"application": application, "award": award, "hearing": hearing, "form": form},
    )


@deciders
@require_http_methods(["GET", "POST"])
def review_return(request, pk):
    application = staff_application(pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return act(
            request,
            pk,
            reviews.return_to_review,
            "Het voorstel is teruggestuurd naar de beoordelaar.",
            form.cleaned_data["reason"],
        )
    return form_page(
        request,
        application,
        form,
        "Voorstel terugsturen",
        "Schrijf wat er anders moet.",
        "Terugsturen",
    )


@deciders
@require_http_methods(["GET", "POST"])
def review_not_processed(request, pk):
    return _confirmed(
        request,
        pk,
        decisions.declare_not_processed,
        "De aanvraag is buiten behandeling gesteld. De aanvrager krijgt de besluitbrief.",
        "subsidie/review_not_processed.html",
    )


def decision_download(request, pk):
    """The stored letter, for the applicant's members and for staff, if it is unchanged."""
    if not request.user.is_authenticated:
        raise Http404
    applications = (
        Application.objects.all()
        if request.user.has_perm("subsidie.view_application")
        else Application.objects.for_member(request.user)
    )
    decision = get_object_or_404(Decision, pk=pk, application__in=applications)
    if not store.unchanged(decision):
        messages.error(request, "Dit document is beschadigd. Neem contact op met de gemeente.")
        raise Http404("checksum mismatch")
    return FileResponse(
        decision.document.open("rb"),
        as_attachment=True,
        filename=f"besluit-{decision.reference}.pdf",
        content_type="application/pdf",
    )


@readers
def scheme_ranking(request, scheme_pk):
    scheme = get_object_or_404(Scheme, pk=scheme_pk)
    return render(
        request,
        "subsidie/scheme_ranking.html",
        {
            "scheme": scheme,
            "ranking": reviews.ranking(scheme),
            "budgets": budget.budget_overview(scheme),
        },
    )


@readers
def scheme_awards_export(request, scheme_pk):
    scheme = get_object_or_404(Scheme, pk=scheme_pk)
    awards = (
        Award.objects.filter(application__scheme=scheme)
        .select_related("decision", "application__organisation")
        .prefetch_related("advances")
    )
    return download(
        exports.workbook_bytes(
            "Verleningen", award_exports.AWARD_COLUMNS, award_exports.award_rows(awards)
        ),
        XLSX,
        f"verleningen-{scheme.code}-{timezone.localdate():%Y-%m-%d}.xlsx",
    )
