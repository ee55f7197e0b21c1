"""The hearing before a refusal (zienswijze, Awb 4:7-4:12): nobody refuses an application
before the applicant had the intention and either responded or let the term pass."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten.choices import DecisionKind, HearingPurpose
from besluiten.models import Hearing
from besluiten.services import hearings
from kern import roles, terms
from subsidie.choices import ApplicationState, Outcome
from subsidie.services import decisions, reviews
from tests.conftest import verify_second_factor
from tests.factories import MembershipFactory, StaffFactory
from tests.pdf import stored_text
from tests.subsidie.helpers import heard, proposed

pytestmark = pytest.mark.django_db

REASONS = "Uw begeleiders hebben geen VOG, zo bleek bij het bezoek op 3 november."


def _refusal_proposed():
    return proposed(outcome=Outcome.REJECT)


def test_a_refusal_waits_for_the_intention_and_its_term():
    application = _refusal_proposed()
    decider = StaffFactory(role=roles.DECISION_MAKER)
    with pytest.raises(ValidationError, match="Stuur eerst het voornemen"):
        decisions.decide(decider, application)

    hearing = reviews.send_intention(StaffFactory(role=roles.REVIEWER), application)

    assert hearing.due_date == terms.after(timezone.localdate(), days=14)
    with pytest.raises(ValidationError, match="kan nog reageren op het voornemen, tot en met"):
        decisions.decide(decider, application)
    Hearing.objects.filter(pk=hearing.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    decision = decisions.decide(decider, application)

    assert decision.kind == DecisionKind.REJECT and decision.hearing == hearing
    assert "Wij hebben geen reactie ontvangen" in stored_text(decision.document)
    hearing.refresh_from_db()
    assert hearing.closed_at is not None
    lines = list(application.transitions.values_list("transition", flat=True))
    assert lines[-2:] == ["hear", "reject"]


def test_a_response_ends_the_term_and_the_letter_answers_it():
    application = _refusal_proposed()
    hearing = heard(application, response="Alle vijf begeleiders hebben sinds oktober een VOG.")
    decider = StaffFactory(role=roles.DECISION_MAKER)
    with pytest.raises(ValidationError, match="Schrijf wat u met die reactie doet"):
        decisions.decide(decider, application)

    decision = decisions.decide(
        decider, application, "De VOG's zijn van na het bezoek; wij blijven bij ons besluit."
    )

    text = stored_text(decision.document)
    assert "Alle vijf begeleiders hebben sinds oktober een VOG." in text
    assert "wij blijven bij ons besluit" in text
    assert hearing.responded_by == application.created_by


def test_the_response_is_refused_after_the_term_and_from_outsiders():
    application = _refusal_proposed()
    hearing = reviews.send_intention(StaffFactory(role=roles.REVIEWER), application)
    stranger = MembershipFactory().user
    with pytest.raises(Exception, match="U hoort niet bij deze organisatie"):
        hearings.respond(stranger, hearing, "Wij zijn het er niet mee eens.")
    Hearing.objects.filter(pk=hearing.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="U kunt niet meer reageren"):
        hearings.respond(application.created_by, hearing, "Te laat.")


def test_returning_the_proposal_drops_the_intention():
    application = _refusal_proposed()
    hearing = reviews.send_intention(StaffFactory(role=roles.REVIEWER), application)
    decider = StaffFactory(role=roles.DECISION_MAKER)

    reviews.return_to_review(decider, application, "Eerst nog een keer op bezoek.")
    reviews.propose(decider, application, Outcome.REJECT, None, REASONS)

    hearing.refresh_from_db()
    assert hearing.closed_at is not None and "Eerst nog een keer op bezoek" in hearing.closing
    with pytest.raises(ValidationError, match="Stuur eerst het voornemen"):
        decisions.decide(decider, application)
    with pytest.raises(ValidationError, match="U kunt niet meer reageren"):
        hearings.respond(application.created_by, hearing, "Te laat.")


def test_through_the_web_the_applicant_is_heard_before_the_refusal(
    django_capture_on_commit_callbacks,
):
    application = proposed(outcome=Outcome.REJECT)
    application.proposal_reasoning = REASONS
    application.save()
    reviewer = verify_second_factor(Client(), StaffFactory(role=roles.REVIEWER))
    detail = reverse("review_detail", args=[application.pk])
    page = reviewer.get(detail).content.decode()
    assert "Besluit nemen" not in page and "Voornemen tot afwijzen versturen" in page
    confirm = reviewer.get(reverse("review_intention", args=[application.pk])).content.decode()
    assert REASONS in confirm and "14 dagen" in confirm

    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(reverse("review_intention", args=[application.pk]))

    hearing = Hearing.objects.current(application, HearingPurpose.REFUSAL)
    invitation = next(m for m in mail.outbox if m.subject.startswith("Reageer op ons voornemen"))
    assert application.created_by.email in invitation.to and REASONS in invitation.body
    assert reverse("hearing_detail", args=[hearing.pk]) in invitation.body

    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    assert "Besluit nemen" not in decider.get(detail).content.decode()
    applicant = Client()
    applicant.force_login(application.created_by)
    home = applicant.get(reverse("home")).content.decode()
    assert "Lees het voornemen en reageer" in home
    assert reverse("hearing_detail", args=[hearing.pk]) in home
    response_page = applicant.get(reverse("hearing_detail", args=[hearing.pk])).content.decode()
    assert REASONS in response_page and "Reactie versturen" in response_page
    with django_capture_on_commit_callbacks(execute=True):
        applicant.post(
            reverse("hearing_detail", args=[hearing.pk]),
            {"response": "De VOG-aanvragen zijn verstuurd op 1 november."},
        )
    assert any(m.subject.startswith("Zienswijze ontvangen") for m in mail.outbox)
    outsider = Client()
    outsider.force_login(MembershipFactory().user)
    assert outsider.get(reverse("hearing_detail", args=[hearing.pk])).status_code == 404

    page = decider.get(detail).content.decode()
    assert "Besluit nemen" in page and "De aanvrager reageerde op" in page
    decide = reverse("review_decide", args=[application.pk])
    assert "De VOG-aanvragen zijn verstuurd op 1 november." in decider.get(decide).content.decode()
    refused = decider.post(decide, {"answer": ""}, follow=True).content.decode()
    assert "Wat doet u met de reactie van de aanvrager?" in refused
    decider.post(decide, {"answer": "Aangevraagd is niet hetzelfde als ontvangen."})

    application.refresh_from_db()
    assert application.state == ApplicationState.REJECTED
    text = stored_text(application.decisions.get().document)
    assert "De VOG-aanvragen zijn verstuurd op 1 november." in text
    assert "Aangevraagd is niet hetzelfde als ontvangen." in text
