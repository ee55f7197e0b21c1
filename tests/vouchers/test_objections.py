"""Objections against the voucher scheme's decisions, found by the reference their letters
carry: a refused admission (founded: the provider is admitted), a revoked voucher (the
decision goes to the parents' address), a rejected declaration."""

from decimal import Decimal
from functools import partial

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten.choices import DecisionKind, ObjectionOutcome
from besluiten.models import Decision, Objection
from besluiten.services import objections
from kern import roles, transitions
from subsidie.services import budget
from tests.concurrency import at_once
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from tests.pdf import stored_text
from tests.subsidie.helpers import hold_objection_hearing
from tests.vouchers.helpers import refused_admission
from vouchers.choices import AdmissionState, EntryKind, VoucherState
from vouchers.services import issuing, sessions

pytestmark = pytest.mark.django_db


def _register_by_reference(reference, grounds):
    handler = verify_second_factor(Client(), StaffFactory(role=roles.REVIEWER))
    form = handler.get(f"{reverse('objection_find')}?kenmerk={reference.lower()}", follow=True)
    assert "Bezwaar registreren" in form.content.decode() and reference in form.content.decode()
    handler.post(
        form.redirect_chain[-1][0],
        {
            "received_on": timezone.localdate().isoformat(),
            "objector": form.context["form"]["objector"].value(),  # as the form fills it in
            "grounds": grounds,
        },
    )
    return Objection.objects.get(decision_reference=reference)


def test_a_founded_objection_admits_the_refused_provider(household):
    admission, member = refused_admission(household[0])
    provider = admission.provider
    reference = f"TL-{admission.pk:05d}-W"
    objection = _register_by_reference(reference, "Alle begeleiders hebben een VOG.")
    assert objection.organisation == provider and objection.objector == provider.name
    hold_objection_hearing(StaffFactory(role=roles.REVIEWER), objection)

    objections.decide(
        StaffFactory(role=roles.DECISION_MAKER),
        objection,
        ObjectionOutcome.FOUNDED,
        "De VOG's waren er op de dag van het besluit.",
    )

    admission.refresh_from_db()
    assert admission.state == AdmissionState.ADMITTED
    line = transitions.last_line(admission, "admit")
    assert line.from_state == AdmissionState.REFUSED and objection.reference in line.reason
    objection.refresh_from_db()
    text = stored_text(objection.ruling.document)
    assert "gegrond" in text and f"TL-{admission.pk:05d}-T" in text
    own = Client()
    own.force_login(member)
    listed = own.get(reverse("objection_list") + "?status=alle").content.decode()
    assert objection.reference in listed


def test_the_decision_on_a_parents_objection_goes_to_their_address(household):
    terms, (_, second, _) = household
    issuing.revoke_voucher(StaffFactory(role=roles.ADMINISTRATOR), second, "Verkeerd uitgegeven.")
    holder = second.pass_holder
    objection = _register_by_reference(f"V{terms.pk}-I{second.pk}", "Mijn zoon woont hier.")
    assert objection.organisation is None and holder.name in objection.objector
    hold_objection_hearing(StaffFactory(role=roles.REVIEWER), objection)

    objections.decide(
        StaffFactory(role=roles.DECISION_MAKER),
        objection,
        ObjectionOutcome.UNFOUNDED,
        "Volgens de pasadministratie woont uw zoon op een ander adres.",
    )

    objection.refresh_from_db()
    text = stored_text(objection.ruling.document)
    assert holder.name in text and holder.postcode in text and holder.city.upper() in text
    assert "ongegrond" in text and "rechtbank" in text


def test_a_rejected_declaration_is_found_by_its_reference(active_enrolment):
    from tests.vouchers.test_letter_clauses import _rejected_declaration

    _rejected_declaration(active_enrolment)
    declaration = active_enrolment[0].admission.declarations.get()
    objection = _register_by_reference(declaration.reference, "De uren klopten wel.")
    assert objection.organisation == declaration.admission.provider


def test_an_unknown_reference_says_so():
    handler = verify_second_factor(Client(), StaffFactory(role=roles.REVIEWER))
    page = handler.get(f"{reverse('objection_find')}?kenmerk=XX-123", follow=True)
    assert "Er is geen besluit met kenmerk ‘XX-123’" in page.content.decode()


def test_a_founded_objection_gives_the_revoked_voucher_back_with_its_balance(active_enrolment):
    """Awb 7:11: the revocation is replaced; the voucher is active again with what was left
    on it, committed again under the ceiling, and the parent sees it."""
    enrolment, provider_member, parent = active_enrolment
    voucher = enrolment.voucher
    sessions.record_session(
        provider_member, enrolment, voucher.terms.school_year_start, Decimal("1"), "uur-1"
    )
    voucher.refresh_from_db()
    left = voucher.balance
    terms = voucher.terms

    def room():
        return budget.room_in_budget(terms.scheme, terms.budget_year)

    before = room()
    issuing.revoke_voucher(StaffFactory(role=roles.ADMINISTRATOR), voucher, "Geen pas meer.")
    revoked = Decision.objects.about(voucher).get(kind=DecisionKind.REVOKE_VOUCHER)
    assert room() == before + left
    objection = _register_by_reference(revoked.reference, "Wij hebben de pas nog.")
    hold_objection_hearing(StaffFactory(role=roles.REVIEWER), objection)

    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    decider.post(
        reverse("objection_decide", args=[objection.pk]),
        {"outcome": ObjectionOutcome.FOUNDED, "reasoning": "De pas was verlengd."},
    )

    voucher.refresh_from_db()
    assert (voucher.state, voucher.balance) == (VoucherState.ACTIVE, left)
    assert voucher.entries.aggregate(total=Sum("amount"))["total"] == left
    assert room() == before
    reinstated = Decision.objects.about(voucher).get(kind=DecisionKind.REINSTATE_VOUCHER)
    assert reinstated.replaces == revoked and reinstated.amount == left
    assert "weer te gebruiken" in stored_text(reinstated.document)
    objection.refresh_from_db()
    assert reinstated.reference in stored_text(objection.ruling.document)
    own = Client()
    own.force_login(parent)
    home = own.get(reverse("parent_home")).content.decode()
    assert f"{left:.2f}".replace(".", ",") in home


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_decision_makers_deciding_one_objection_give_the_voucher_back_once(postgres, household):
    _, (_, second, _) = household
    issuing.revoke_voucher(StaffFactory(role=roles.ADMINISTRATOR), second, "Verkeerd.")
    objection = objections.register(
        StaffFactory(role=roles.REVIEWER), second, received_on=timezone.localdate(), grounds="Nee."
    )
    hold_objection_hearing(StaffFactory(role=roles.REVIEWER), objection)
    terms = second.terms
    before = budget.room_in_budget(terms.scheme, terms.budget_year)
    deciders = [StaffFactory(role=roles.DECISION_MAKER) for _ in range(2)]

    decided, refused = at_once(
        [
            partial(objections.decide, decider, objection, ObjectionOutcome.FOUNDED, "Terecht.")
            for decider in deciders
        ]
    )

    assert (len(decided), len(refused)) == (1, 1)
    assert Decision.objects.about(second).filter(kind=DecisionKind.REINSTATE_VOUCHER).count() == 1
    assert second.entries.filter(kind=EntryKind.CORRECTION).count() == 1
    assert budget.room_in_budget(terms.scheme, terms.budget_year) == before - second.value


def test_only_a_decision_taken_can_be_objected_to(household, active_enrolment):
    """A voucher never revoked, or an admission's decision sent to the grant form: 404."""
    _, (_, second, _) = household
    admitted = Decision.objects.get(kind=DecisionKind.ADMIT)
    handler = verify_second_factor(Client(), StaffFactory(role=roles.REVIEWER))
    for record in (second, admitted):
        kind = ContentType.objects.get_for_model(record)
        url = reverse("objection_register", args=[kind.pk, record.pk])
        assert handler.get(url).status_code == 404
