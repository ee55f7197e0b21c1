"""The demo data holds a running voucher round (scenario 5) that the demo parent and the
demo provider see as soon as they log in."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kern import demo
from vouchers.models import (
    Admission,
    AdmissionState,
    Declaration,
    DeclarationState,
    Enrolment,
    EnrolmentState,
    ParentAccount,
    PassHolder,
    PostcodeArea,
    Session,
    Voucher,
    VoucherState,
    VoucherTerms,
)

pytestmark = pytest.mark.django_db

ROUND_MODELS = (
    PassHolder,
    VoucherTerms,
    Voucher,
    Admission,
    ParentAccount,
    Enrolment,
    Session,
    Declaration,
    PostcodeArea,
)


@pytest.fixture
def demo_data():
    data = demo.read()
    demo.load(data)
    return data


def _log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, follow=True)


def test_the_demo_has_a_running_voucher_round(demo_data):
    terms = VoucherTerms.objects.get()
    assert PassHolder.objects.count() == 300
    districts = {area.district_id for area in PostcodeArea.objects.all()}
    assert len(districts) >= 8
    assert terms.vouchers.count() > 100
    assert Admission.objects.filter(terms=terms, state=AdmissionState.ADMITTED).count() == 2
    enrolment = Enrolment.objects.get(state=EnrolmentState.ACTIVE)
    assert enrolment.voucher.state == VoucherState.ACTIVE
    assert enrolment.sessions.count() >= 4
    assert Declaration.objects.get().state == DeclarationState.SUBMITTED


def test_loading_twice_adds_nothing(demo_data):
    counts = [model.objects.count() for model in ROUND_MODELS]
    histories = [Voucher.history.count(), Enrolment.history.count()]
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [model.objects.count() for model in ROUND_MODELS] == counts
    assert [Voucher.history.count(), Enrolment.history.count()] == histories


def test_the_demo_parent_sees_the_voucher_the_place_and_the_hours(client, demo_data):
    page = _log_in(client, "ouder", demo_data["password"]).content.decode()
    enrolment = Enrolment.objects.get(state=EnrolmentState.ACTIVE)
    session = enrolment.sessions.order_by("-day").first()
    assert enrolment.voucher.pass_holder.name in page
    assert "Huiswerkclub Moerwijk" in page
    assert f"{session.day.day} " in page
    assert "geactiveerd" in page or "staat aan" in page


def test_the_demo_provider_sees_the_enrolment_and_the_declaration(client, demo_data):
    home = _log_in(client, "aanbieder", demo_data["password"]).content.decode()
    assert "Vouchers van ouders" in home
    vouchers_page = client.get(reverse("provider_home")).content.decode()
    enrolment = Enrolment.objects.get(state=EnrolmentState.ACTIVE)
    assert enrolment.voucher.pass_holder.name in vouchers_page
    declarations = client.get(reverse("provider_declarations")).content.decode()
    assert "ingediend" in declarations


def test_the_demo_command_says_how_to_log_in_as_the_parent(demo_data, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "ouder" in out and "Ouder met vouchers" in out
