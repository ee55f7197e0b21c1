"""Revoking an award (Awb 4:48) only after the organisation was heard (Awb 4:8): unpaid
advances lapse and go back under the ceiling, the letter says what was paid and will be
recovered, and carries the objection clause."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten.choices import DecisionKind, HearingPurpose, ObjectionOutcome
from besluiten.models import Hearing
from besluiten.services import hearings, objections
from betalingen import services as payments
from betalingen.bankdays import bank_day_from
from kern import roles
from kern.money import euro
from subsidie.choices import AdvanceState, AwardState, LedgerKind
from subsidie.models import LedgerEntry
from subsidie.services import decisions, revocations
from subsidie.services.budget import room_in_budget
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from tests.pdf import stored_text
from tests.subsidie.helpers import hold_objection_hearing, proposed
from tests.verantwoording.helpers import revoked

pytestmark = pytest.mark.django_db

REASONS = "De huiswerkklas is sinds 1 oktober gesloten; u meldde dat niet."


def _granted_and_first_advance_paid():
    application = proposed(amount=Decimal("30000"), requested_amount=Decimal("30000"))
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    award = application.award
    finance = StaffFactory(role=roles.FINANCE)
    first = award.advances.order_by("due_date").first()
    day = bank_day_from(max(first.due_date, timezone.localdate()))
    batch = payments.create_batch(finance, [f"advance:{first.pk}"], day)
    payments.export_sepa(finance, batch)
    payments.mark_paid(finance, batch)
    award.refresh_from_db()
    return application, award


def test_an_award_is_revoked_only_after_the_hearing():
    application, award = _granted_and_first_advance_paid()
    decider = StaffFactory(role=roles.DECISION_MAKER)
    with pytest.raises(ValidationError, match="Stuur eerst het voornemen"):
        revocations.revoke(decider, award)
    hearing = revocations.intend_revocation(StaffFactory(role=roles.REVIEWER), award, REASONS)
    with pytest.raises(ValidationError, match="kan nog reageren op het voornemen"):
        revocations.revoke(decider, award)

    Hearing.objects.filter(pk=hearing.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    unpaid = sum(a.amount for a in award.advances.filter(state=AdvanceState.DUE))
    years = {
        tranche.year: room_in_budget(application.scheme, tranche.year)
        for tranche in award.tranches.all()
    }
    decision = revocations.revoke(decider, award)

    award.refresh_from_db()
    assert award.state == AwardState.REVOKED and decision.kind == DecisionKind.REVOKE
    assert not award.advances.filter(state=AdvanceState.DUE).exists()
    assert award.advances.filter(state=AdvanceState.CANCELLED).count() >= 1
    released = LedgerEntry.objects.filter(award=award, kind=LedgerKind.RELEASE)
    assert sum(entry.amount for entry in released) == unpaid > 0
    gained = sum(
        room_in_budget(application.scheme, year) - before for year, before in years.items()
    )
    assert gained == unpaid
    text = stored_text(decision.document)
    assert "Wij trekken de subsidie van € 30.000,00 in" in text
    assert f"U heeft al {euro(award.paid)} ontvangen" in text
    assert REASONS in text and "Wij hebben geen reactie ontvangen" in text
    assert "bezwaar" in text


def test_a_batched_advance_holds_the_revocation():
    application = proposed(amount=Decimal("30000"), requested_amount=Decimal("30000"))
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    award = application.award
    first = award.advances.order_by("due_date").first()
    payments.create_batch(
        StaffFactory(role=roles.FINANCE),
        [f"advance:{first.pk}"],
        bank_day_from(max(first.due_date, timezone.localdate())),
    )
    hearing = revocations.intend_revocation(StaffFactory(role=roles.REVIEWER), award, REASONS)
    Hearing.objects.filter(pk=hearing.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="zit in een betaalbatch"):
        revocations.revoke(StaffFactory(role=roles.DECISION_MAKER), award)
    award.refresh_from_db()
    assert award.state == AwardState.GRANTED


def test_through_the_web_the_organisation_responds_before_the_revocation():
    application, award = _granted_and_first_advance_paid()
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    detail = reverse("review_detail", args=[application.pk])
    page = decider.get(detail).content.decode()
    assert "Voornemen tot intrekken versturen" in page and "Subsidie intrekken" not in page
    decider.post(reverse("award_intention", args=[application.pk]), {"reason": REASONS})
    hearing = Hearing.objects.current(award, HearingPurpose.REVOCATION)
    assert hearing.reasons == REASONS
    revoke_page = decider.get(reverse("award_revoke", args=[application.pk])).content.decode()
    assert "Ja, subsidie intrekken" not in revoke_page

    member = Client()
    member.force_login(application.created_by)
    assert "intrekking van uw subsidie" in member.get(reverse("home")).content.decode()
    shown = member.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert reverse("hearing_detail", args=[hearing.pk]) in shown
    member.post(
        reverse("hearing_detail", args=[hearing.pk]),
        {"response": "Wij zijn verhuisd naar het buurthuis en gaan daar door."},
    )

    assert "Subsidie intrekken" in decider.get(detail).content.decode()
    decider.post(
        reverse("award_revoke", args=[application.pk]),
        {"answer": "Het buurthuis ligt buiten de wijk van de aanvraag."},
    )
    award.refresh_from_db()
    assert award.state == AwardState.REVOKED
    text = stored_text(application.decisions.get(kind=DecisionKind.REVOKE).document)
    assert "Wij zijn verhuisd naar het buurthuis" in text
    assert "Het buurthuis ligt buiten de wijk van de aanvraag." in text
    with pytest.raises(ValidationError, match="U kunt niet meer reageren"):
        hearings.respond(application.created_by, hearing, "Nog iets.")


def test_a_founded_objection_undoes_the_revocation_and_the_money_follows():
    """Awb 7:11 through HTTP: the award stands again, the lapsed advances are payable again
    and committed again under the ceiling, the register lists it, and the letter says so."""
    award = revoked(paid=False)
    application = award.application
    scheme, revocation = application.scheme, award.revocation
    years = [tranche.year for tranche in award.tranches.all()]

    def room():
        return sum(room_in_budget(scheme, year) for year in years)

    lapsed = list(award.advances.filter(state=AdvanceState.CANCELLED))
    assert lapsed
    after_revocation = room()
    objection = objections.register(
        StaffFactory(role=roles.REVIEWER),
        revocation,
        received_on=timezone.localdate(),
        grounds="Wij zijn niet gestopt.",
    )
    hold_objection_hearing(StaffFactory(role=roles.REVIEWER), objection)
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    form = decider.get(reverse("objection_decide", args=[objection.pk])).content.decode()
    assert "te verlenen bedrag" not in form and "het komt weer zoals het was" in form

    decider.post(
        reverse("objection_decide", args=[objection.pk]),
        {"outcome": ObjectionOutcome.FOUNDED, "reasoning": "De activiteiten liepen door."},
    )

    award.refresh_from_db()
    assert award.state == AwardState.GRANTED  # nothing was paid yet
    assert {a.state for a in award.advances.filter(pk__in=[a.pk for a in lapsed])} == {
        AdvanceState.DUE
    }
    assert room() == after_revocation - sum(a.amount for a in lapsed)
    reinstated = application.decisions.get(replaces=revocation)
    assert reinstated.kind == DecisionKind.REINSTATE_AWARD
    letter = stored_text(reinstated.document)
    assert revocation.reference in letter and "De activiteiten liepen door." in letter
    register = Client().get(reverse("subsidy_register")).content.decode()
    assert application.organisation.name in register
    payable = [item.key for item in payments.due_items(timezone.localdate() + timedelta(days=400))]
    assert all(f"advance:{a.pk}" in payable for a in lapsed)
