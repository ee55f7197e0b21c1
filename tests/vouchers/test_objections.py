"""Objections against the voucher scheme's decisions, found by the reference their letters
carry: a refused admission (founded: the provider is admitted), a revoked voucher (the
decision goes to the parents' address), a rejected declaration."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten.choices import ObjectionOutcome
from besluiten.models import Objection
from besluiten.services import objections
from kern import roles, transitions
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from tests.pdf import stored_text
from tests.subsidie.helpers import hold_objection_hearing
from tests.vouchers.helpers import refused_admission
from vouchers.choices import AdmissionState
from vouchers.services import issuing

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
    text = stored_text(objection.letter)
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
    text = stored_text(objection.letter)
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
