"""Assessing applications: reviews with scores, the ranking, and proposals."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from besluiten.choices import HearingPurpose
from besluiten.services import hearings
from kern import transitions
from kern.permissions import require
from subsidie.choices import AllocationMethod, ApplicationState, Outcome
from subsidie.models import Application, CriterionScore, Review
from subsidie.services.applications import lock
from subsidie.services.budget import room_in_budget

CENT = Decimal("0.01")


@transaction.atomic
def save_review(actor, application, advice, recommendation, scores):
    """scores: {criterion: score}; one review per reviewer, replaced when saved again."""
    require(actor, "subsidie.review_application")
    if application.state != ApplicationState.IN_REVIEW:
        raise ValidationError("U kunt alleen een aanvraag beoordelen die in behandeling is.")
    for criterion, score in scores.items():
        if not 0 <= score <= criterion.max_score:
            raise ValidationError(
                f"Geef voor ‘{criterion}’ een score van 0 tot {criterion.max_score}."
            )
    review, _ = Review.objects.update_or_create(
        application=application,
        reviewer=actor,
        defaults={"advice": advice, "recommendation": recommendation},
    )
    review.scores.all().delete()
    CriterionScore.objects.bulk_create(
        CriterionScore(review=review, criterion=criterion, score=score)
        for criterion, score in scores.items()
    )
    return review


@dataclass
class RankedApplication:
    application: Application
    score: Decimal
    cumulative: Decimal
    fits: bool


def ranking(scheme):
    """Reviewed applications by average weighted score; the allocation follows this order
    until the first year's ceiling is used up."""
    applications = (
        Application.objects.filter(
            scheme=scheme,
            state__in=[ApplicationState.IN_REVIEW, ApplicationState.PROPOSED],
        )
        .select_related("organisation")
        .prefetch_related("reviews__scores__criterion")
    )
    scored = [(application, _average_score(application)) for application in applications]
    scored.sort(key=lambda pair: (-pair[1], pair[0].complete_at or timezone.now()))
    available = room_in_budget(scheme, _first_year(scheme))
    cumulative, ranked = Decimal(0), []
    for application, score in scored:
        cumulative += application.requested_amount or 0
        ranked.append(RankedApplication(application, score, cumulative, cumulative <= available))
    return ranked


def _average_score(application):
    reviews = list(application.reviews.all())
    if not reviews:
        return Decimal(0)
    total = sum(Decimal(review.weighted_score) for review in reviews)
    return (total / len(reviews)).quantize(CENT)


def _first_year(scheme):
    return timezone.localtime(scheme.closes_at).year


# --- proposals ---------------------------------------------------------------------------


@transaction.atomic
def propose(actor, application, outcome, amount, reasoning):
    require(actor, "subsidie.handle_application")
    application = lock(application)
    if outcome == Outcome.GRANT:
        _check_grant_proposal(application, amount)
    return transitions.run(
        actor, application, "propose", actor, outcome, amount, reasoning, reason=reasoning
    )


def _check_grant_proposal(application, amount):
    if amount is None or amount <= 0:
        raise ValidationError("Vul het bedrag in dat u wilt verlenen.")
    if amount > application.requested_amount:
        raise ValidationError("U kunt niet meer verlenen dan is aangevraagd.")
    scheme = application.scheme
    if scheme.allocation == AllocationMethod.RANKING:
        if scheme.is_open(timezone.now()):
            raise ValidationError(
                "Bij deze regeling wordt gerangschikt: stel pas een besluit voor als de "
                "aanvraagperiode voorbij is."
            )
        ranked = {entry.application.pk: entry for entry in ranking(scheme)}
        if not ranked.get(application.pk, RankedApplication(None, 0, 0, False)).fits:
            raise ValidationError(
                "Deze aanvraag valt in de rangschikking buiten het subsidieplafond. Stel een "
                "afwijzing voor."
            )


@transaction.atomic
def return_to_review(actor, application, reason):
    require(actor, "subsidie.decide_application")
    application = lock(application)
    hearings.close(application, HearingPurpose.REFUSAL, f"Voorstel teruggestuurd: {reason}")
    return transitions.run(actor, application, "return_to_review", reason=reason)


@transaction.atomic
def send_intention(actor, application):
    """Awb 4:8: the applicant reads the proposed refusal and its reasons, and may respond
    before the decision maker refuses."""
    require(actor, "subsidie.handle_application")
    application = lock(application)
    if application.state != ApplicationState.PROPOSED or (
        application.proposed_outcome != Outcome.REJECT
    ):
        raise ValidationError("Er ligt geen voorstel om de aanvraag af te wijzen.")
    return hearings.start(
        actor,
        application,
        application.organisation,
        HearingPurpose.REFUSAL,
        title=f"afwijzing van uw aanvraag {application.reference} ({application.title})",
        intention=f"Wij zijn van plan uw aanvraag {application.reference} af te wijzen.",
        reasons=application.proposal_reasoning,
        days=application.scheme.hearing_term_days,
    )
