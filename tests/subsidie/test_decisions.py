from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from besluiten.choices import DecisionKind
from besluiten.models import Decision
from kern import roles
from subsidie.choices import AllocationMethod, ApplicationState, Outcome
from subsidie.models import Application, LedgerEntry
from subsidie.services import applications, awards, budget, decisions, reviews
from tests.conftest import verify_second_factor
from tests.factories import ApplicationFactory, MembershipFactory, SchemeFactory, StaffFactory
from tests.subsidie.helpers import heard, in_review, proposed

pytestmark = pytest.mark.django_db


@pytest.fixture
def decider():
    return StaffFactory(role=roles.DECISION_MAKER)


def test_same_person_cannot_propose_and_decide_above_threshold(decider):
    application = proposed(
        amount=Decimal("30000"), proposer=decider, requested_amount=Decimal("30000")
    )
    with pytest.raises(ValidationError, match="andere besluitvormer"):
        decisions.decide(decider, application)
    assert Application.objects.get(pk=application.pk).state == ApplicationState.PROPOSED
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    assert Application.objects.get(pk=application.pk).state == ApplicationState.GRANTED


def test_same_person_may_propose_and_decide_below_threshold(decider):
    application = proposed(proposer=decider)
    decisions.decide(decider, application)
    assert Application.objects.get(pk=application.pk).state == ApplicationState.GRANTED


def test_only_decision_makers_decide():
    application = proposed()
    with pytest.raises(Exception, match="op aanvragen besluiten"):
        decisions.decide(StaffFactory(role=roles.REVIEWER), application)


def test_four_eyes_refusal_shown_in_dutch_through_the_web(decider, client):
    application = proposed(
        amount=Decimal("30000"), proposer=decider, requested_amount=Decimal("30000")
    )
    verify_second_factor(client, decider)
    response = client.post(reverse("review_decide", args=[application.pk]), follow=True)
    assert "neemt een andere besluitvormer het besluit" in response.content.decode()


def test_ceiling_is_never_exceeded_and_rejection_says_so(decider):
    scheme = SchemeFactory(ceiling=Decimal("20000"))
    first = proposed(scheme=scheme, amount=Decimal("12000"))
    decisions.decide(decider, first)
    second = proposed(scheme=scheme, amount=Decimal("12000"))
    with pytest.raises(budget.CeilingReached, match="subsidieplafond voor .* is bereikt"):
        decisions.decide(decider, second)
    assert not LedgerEntry.objects.filter(award__application=second).exists()
    assert len(default_storage.listdir("besluiten")[1]) == 1  # no letter for the refusal
    reviews.return_to_review(decider, second, "Plafond bereikt")
    reviews.propose(
        decider, second, Outcome.REJECT, None, "Het subsidieplafond is bereikt (Awb 4:25)."
    )
    heard(second)
    decision = decisions.decide(decider, Application.objects.get(pk=second.pk))
    assert decision.kind == DecisionKind.REJECT
    assert "subsidieplafond is bereikt" in decision.reasoning
    committed = sum(entry.amount for entry in LedgerEntry.objects.filter(budget__scheme=scheme))
    assert committed == Decimal("12000")


def test_granting_more_than_requested_is_refused():
    application = in_review()
    with pytest.raises(ValidationError, match="niet meer verlenen"):
        reviews.propose(
            StaffFactory(role=roles.REVIEWER), application, Outcome.GRANT, Decimal("99999"), "x"
        )


def test_not_processed_only_after_the_repair_term(decider):
    application = in_review()
    reviewer = StaffFactory(role=roles.REVIEWER)
    applications.request_information(
        reviewer, application, "Stuur de begroting.", timezone.localdate() + timedelta(days=3)
    )
    with pytest.raises(ValidationError):
        decisions.declare_not_processed(decider, Application.objects.get(pk=application.pk))
    application.information_requests.update(due_date=timezone.localdate() - timedelta(days=1))
    decision = decisions.declare_not_processed(decider, Application.objects.get(pk=application.pk))
    assert decision.kind == DecisionKind.NOT_PROCESSED
    assert "4:5" in decision.reasoning
    assert Application.objects.get(pk=application.pk).state == ApplicationState.NOT_PROCESSED


def test_ranking_follows_scores_and_allocation_stops_at_the_ceiling():
    scheme = SchemeFactory(allocation=AllocationMethod.RANKING, ceiling=Decimal("25000"))
    criterion = scheme.criteria.create(name="Bereik", weight=2, max_score=5)
    reviewer = StaffFactory(role=roles.REVIEWER)
    scored = {}
    for score in (3, 5, 4):
        application = in_review(scheme=scheme)
        reviews.save_review(reviewer, application, "advies", Outcome.GRANT, {criterion: score})
        scored[score] = application
    scheme.closes_at = timezone.now() - timedelta(minutes=1)
    scheme.opens_at = timezone.now() - timedelta(days=10)
    scheme.save()
    ranked = reviews.ranking(scheme)
    assert [entry.application for entry in ranked] == [scored[5], scored[4], scored[3]]
    assert [entry.fits for entry in ranked] == [True, True, False]
    with pytest.raises(ValidationError, match="buiten het subsidieplafond"):
        reviews.propose(reviewer, scored[3], Outcome.GRANT, Decimal("12000"), "x")
    reviews.propose(reviewer, scored[5], Outcome.GRANT, Decimal("12000"), "x")


def test_ranked_scheme_proposals_wait_for_the_window_to_close():
    scheme = SchemeFactory(allocation=AllocationMethod.RANKING)
    application = in_review(scheme=scheme)
    with pytest.raises(ValidationError, match="aanvraagperiode voorbij"):
        reviews.propose(
            StaffFactory(role=roles.REVIEWER), application, Outcome.GRANT, Decimal("100"), "x"
        )


def test_large_award_gets_quarterly_advances_and_full_accountability(decider):
    scheme = SchemeFactory(max_amount=Decimal("200000"))
    application = proposed(
        scheme=scheme, amount=Decimal("130000"), requested_amount=Decimal("130000")
    )
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    award = Application.objects.get(pk=application.pk).award
    amounts = [advance.amount for advance in award.advances.all()]
    assert amounts == [Decimal("32500.00")] * 4
    assert award.tier == "volledig"
    year = application.period_start.year
    assert [advance.due_date for advance in award.advances.all()][1:] == [
        date(year, 4, 1),
        date(year, 7, 1),
        date(year, 10, 1),
    ]


def test_split_by_year_is_exact_and_proportional():
    parts = awards.split_by_year(Decimal("10000"), date(2027, 7, 1), date(2028, 6, 30))
    assert [year for year, _ in parts] == [2027, 2028]
    assert sum(amount for _, amount in parts) == Decimal("10000")
    # 184 of the 366 days fall in 2027.
    assert parts[0][1] == Decimal("5027.32")


def test_decision_is_never_changed_and_a_tampered_letter_is_not_served(decider, client):
    application = proposed(proposer=decider)
    decision = decisions.decide(decider, application)
    with pytest.raises(ValidationError):
        decision.save()
    decision.document.storage.delete(decision.document.name)
    decision.document.storage.save(decision.document.name, ContentFile(b"%PDF-1.4 vervalst"))
    verify_second_factor(client, decider)
    assert client.get(reverse("decision_download", args=[decision.pk])).status_code == 404
    decision.document.storage.delete(decision.document.name)
    assert client.get(reverse("decision_download", args=[decision.pk])).status_code == 404
    assert Decision.objects.count() == 1


def test_other_organisations_cannot_download_a_decision(decider, client):
    decision = decisions.decide(decider, proposed(proposer=decider))
    other = ApplicationFactory()
    client.force_login(MembershipFactory(organisation=other.organisation).user)
    assert client.get(reverse("decision_download", args=[decision.pk])).status_code == 404


class _ClockCrossingMidnight:
    """Stands in for django.utils.timezone in the decisions module: every reading of now()
    is a minute later, starting one minute before midnight."""

    def __init__(self):
        midnight = timezone.make_aware(
            timezone.datetime.combine(
                timezone.localdate() + timedelta(days=1), timezone.datetime.min.time()
            )
        )
        self.moments = iter(midnight + timedelta(minutes=minute) for minute in range(-1, 100))

    def now(self):
        return next(self.moments)

    def __getattr__(self, name):
        return getattr(timezone, name)


def test_letter_award_and_advances_share_one_clock_reading(decider, monkeypatch):
    """A decision taken at 23:59 must not date its advances a day later than its letter."""
    application = proposed(amount=Decimal("10000"), requested_amount=Decimal("10000"))
    monkeypatch.setattr(decisions, "timezone", _ClockCrossingMidnight())
    decision = decisions.decide(decider, application)
    (advance,) = decision.award.advances.all()
    assert advance.due_date == timezone.localdate(decision.decided_at)
