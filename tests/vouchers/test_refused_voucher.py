"""A child left out at the ceiling is refused by a decision of its own (Awb 4:25), with a
stored letter to the parents; a founded objection (Awb 7:11), through HTTP, issues the voucher
under the ceiling lock, in a decision that replaces the refusal, and the parents see both
letters in their portal. Budget that comes free goes to refused children first."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from besluiten import store
from besluiten.choices import DecisionKind, ObjectionOutcome
from besluiten.models import Decision
from kern import roles
from subsidie.models import SchemeBudget
from subsidie.services import budget
from tests.conftest import verify_second_factor
from tests.factories import PassHolderFactory, StaffFactory, VoucherTermsFactory
from tests.pdf import stored_text
from tests.subsidie.helpers import hold_objection_hearing
from tests.vouchers.helpers import born
from tests.vouchers.test_objections import _register_by_reference
from vouchers.models import CeilingRefusal, ParentAccount, Voucher
from vouchers.services import issuing, printing

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(django_capture_on_commit_callbacks):
    """Room for two vouchers of € 300 and three children: the third, Lina, is refused."""
    terms = VoucherTermsFactory(ceiling=Decimal("700"))
    for number, name in (("700001", "Sara"), ("700002", "Omar"), ("700003", "Lina")):
        PassHolderFactory(
            pass_number=number, date_of_birth=born(13), household_number="H700", name=name
        )
    admin = verify_second_factor(Client(), StaffFactory(role=roles.ADMINISTRATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("voucher_issue", args=[terms.pk]), follow=True)
    assert "1 kinderen kregen geen voucher" in response.content.decode()
    return terms, CeilingRefusal.objects.get()


def _room(terms):
    return budget.room_in_budget(terms.scheme, terms.budget_year)


def _parent():
    parent = get_user_model().objects.create_user("ouder-h700", password="x")
    ParentAccount.objects.create(user=parent, household_number="H700")
    client = Client()
    client.force_login(parent)
    return client


def _decide_founded(refusal):
    objection = _register_by_reference(
        f"V{refusal.terms_id}-W{refusal.pass_holder_id}", "Lina heeft net zo goed recht."
    )
    hold_objection_hearing(StaffFactory(role=roles.REVIEWER), objection)
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    response = decider.post(
        reverse("objection_decide", args=[objection.pk]),
        {"outcome": ObjectionOutcome.FOUNDED, "reasoning": "Er is geld vrijgekomen."},
    )
    objection.refresh_from_db()
    return objection, response


def test_the_refused_child_has_a_decision_with_a_stored_letter(refused):
    terms, refusal = refused
    decision = Decision.objects.about(refusal).get()
    assert decision.kind == DecisionKind.REFUSE_VOUCHER
    assert store.unchanged(decision)
    text = stored_text(decision.document)
    assert "Lina" in text and "subsidieplafond" in text and "bezwaar" in text
    assert decision.objection_deadline.strftime("%Y") in text
    # Issuing again with no room refuses no child twice.
    issuing.issue_vouchers(StaffFactory(role=roles.ADMINISTRATOR), terms)
    assert CeilingRefusal.objects.count() == 1


def test_a_founded_objection_issues_the_voucher_and_the_parents_see_both_letters(refused):
    terms, refusal = refused
    SchemeBudget.objects.filter(scheme=terms.scheme).update(ceiling=Decimal("1000"))
    before = _room(terms)

    objection, _ = _decide_founded(refusal)

    assert not objection.is_open
    voucher = Voucher.objects.get(pass_holder=refusal.pass_holder)
    assert (voucher.value, voucher.balance) == (Decimal("300.00"), Decimal("300.00"))
    assert _room(terms) == before - Decimal("300.00")
    refusal.refresh_from_db()
    assert refusal.voucher == voucher
    issued = Decision.objects.about(refusal).get(kind=DecisionKind.ISSUE_VOUCHER)
    assert issued.replaces.kind == DecisionKind.REFUSE_VOUCHER
    assert "Er is geld vrijgekomen." in stored_text(issued.document)
    # The letter with the code goes out with the next print run.
    assert "H700" in list(printing.new_households(terms))
    parent = _parent()
    home = parent.get(reverse("parent_home")).content.decode()
    for decision in (issued, issued.replaces):
        url = reverse("parent_decision_letter", args=[decision.pk])
        assert url in home
        served = parent.get(url)
        assert served.content == store.content_of(decision)


def test_without_room_the_decision_maker_is_told_and_nothing_is_issued(refused):
    terms, refusal = refused

    objection, response = _decide_founded(refusal)

    assert "geen ruimte voor het nieuwe besluit" in response.content.decode()
    assert objection.is_open
    assert not Voucher.objects.filter(pass_holder=refusal.pass_holder).exists()
    assert _room(terms) == Decimal("100.00")


def test_budget_that_comes_free_goes_to_the_refused_child_first(refused):
    terms, refusal = refused
    PassHolderFactory(pass_number="600000", date_of_birth=born(13), household_number="H600")
    SchemeBudget.objects.filter(scheme=terms.scheme).update(ceiling=Decimal("1000"))

    result = issuing.issue_vouchers(StaffFactory(role=roles.ADMINISTRATOR), terms)

    assert (result.issued, result.over_ceiling) == (1, 1)
    refusal.refresh_from_db()
    assert refusal.voucher.pass_holder == refusal.pass_holder


def test_another_household_cannot_read_the_letter(refused):
    _, refusal = refused
    decision = Decision.objects.about(refusal).get()
    stranger = get_user_model().objects.create_user("ouder-h800", password="x")
    ParentAccount.objects.create(user=stranger, household_number="H800")
    client = Client()
    client.force_login(stranger)
    assert client.get(reverse("parent_decision_letter", args=[decision.pk])).status_code == 404


def test_a_child_given_a_voucher_before_the_letters_are_made_gets_no_refusal_letter():
    """The letters are made after the issuing run; budget freed in between reaches the
    child first, and then no refusal goes out."""
    administrator = StaffFactory(role=roles.ADMINISTRATOR)
    terms = VoucherTermsFactory(ceiling=Decimal("300"))
    for number in ("710001", "710002"):
        PassHolderFactory(pass_number=number, date_of_birth=born(13))
    issuing.issue_vouchers(administrator, terms)  # its task is not run yet
    SchemeBudget.objects.filter(scheme=terms.scheme).update(ceiling=Decimal("600"))
    issuing.issue_vouchers(administrator, terms)

    issuing.decide_refusals(administrator, terms)

    refusal = CeilingRefusal.objects.get()
    assert refusal.voucher is not None
    assert not Decision.objects.about(refusal).exists()
