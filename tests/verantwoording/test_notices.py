"""Meldingsplicht: the recipient reports that activities will not go ahead as planned; the
reviewer sees it on the award and in the queue; a decision maker lowers the unpaid advances
in a decision with a letter, and the lowered amount goes back under the ceiling."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from besluiten.choices import DecisionKind
from kern import roles
from subsidie.choices import AdvanceState, LedgerKind
from subsidie.models import LedgerEntry
from subsidie.services import advances, decisions
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from tests.pdf import stored_text
from tests.subsidie.helpers import proposed
from verantwoording.models import Notice

pytestmark = pytest.mark.django_db

MESSAGE = "Vanaf maart is de huiswerkklas op woensdag dicht: de vrijwilliger is gestopt."


def _granted():
    application = proposed(amount=Decimal("30000"), requested_amount=Decimal("30000"))
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    application.refresh_from_db()
    return application


def test_a_notice_leads_to_lower_advances_in_a_decision(django_capture_on_commit_callbacks):
    application = _granted()
    award = application.award
    member = Client()
    member.force_login(application.created_by)
    page = member.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert reverse("notice_create", args=[award.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        member.post(reverse("notice_create", args=[award.pk]), {"message": MESSAGE})
    notice = Notice.objects.get()
    told = next(m for m in mail.outbox if m.subject.startswith("Melding"))
    assert MESSAGE in told.body and reverse("notice_handle", args=[notice.pk]) in told.body

    reviewer = verify_second_factor(Client(), StaffFactory(role=roles.REVIEWER))
    assert (
        MESSAGE[:40]
        in reviewer.get(reverse("review_detail", args=[application.pk])).content.decode()
    )
    assert (
        reverse("notice_handle", args=[notice.pk])
        in reviewer.get(reverse("report_queue")).content.decode()
    )
    assert (
        "Voorschotten verlagen met"
        not in reviewer.get(reverse("notice_handle", args=[notice.pk])).content.decode()
    )

    unpaid = sorted(award.advances.filter(state=AdvanceState.DUE), key=lambda a: a.due_date)
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    decider.post(
        reverse("notice_handle", args=[notice.pk]),
        {
            "handling": "De activiteiten op woensdag vervallen; de voorschotten gaan omlaag.",
            "lower_by": "9.000,00",
        },
    )

    notice.refresh_from_db()
    assert notice.handled_at is not None
    amounts = {a.pk: a for a in award.advances.all()}
    last, before_last = unpaid[-1], unpaid[-2]
    assert amounts[last.pk].state == AdvanceState.CANCELLED  # 7.500 lapses
    assert amounts[before_last.pk].amount == before_last.amount - Decimal("1500")
    released = LedgerEntry.objects.filter(award=award, kind=LedgerKind.RELEASE)
    assert sum(entry.amount for entry in released) == Decimal("9000")
    decision = application.decisions.get(kind=DecisionKind.LOWER_ADVANCES)
    text = stored_text(decision.document)
    assert "Wij verlagen de voorschotten op uw subsidie" in text and "€ 9.000,00" in text
    assert "Bent u het niet eens met dit besluit?" in text


def test_advances_cannot_be_lowered_below_what_is_unpaid():
    application = _granted()
    with pytest.raises(ValidationError, match="hooguit de voorschotten die nog niet betaald zijn"):
        advances.lower_remaining(
            StaffFactory(role=roles.DECISION_MAKER),
            application.award,
            Decimal("30000.01"),
            "Te veel.",
        )
    with pytest.raises(Exception, match="Hiervoor heeft u geen recht"):
        advances.lower_remaining(
            StaffFactory(role=roles.REVIEWER), application.award, Decimal("100"), "Geen recht."
        )


def test_a_double_click_sends_one_notice():
    application = _granted()
    member = Client()
    member.force_login(application.created_by)
    url = reverse("notice_create", args=[application.award.pk])
    member.post(url, {"message": MESSAGE})
    again = member.post(url, {"message": MESSAGE}, follow=True).content.decode()
    assert Notice.objects.count() == 1 and "Deze melding heeft de gemeente al" in again
