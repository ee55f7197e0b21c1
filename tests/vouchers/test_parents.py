import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from kern import roles
from tests.vouchers.helpers import activation_data
from vouchers import letters
from vouchers.models import ActivationAttempt, ParentAccount, VoucherState
from vouchers.services import enrolments, parents, sessions

pytestmark = pytest.mark.django_db


def test_household_letter_has_each_childs_code_and_instructions(household, staff_client):
    terms, (first, second, _) = household
    client, _ = staff_client(roles.ADMINISTRATOR)
    response = client.get(reverse("voucher_letter", args=[terms.pk, "H100"]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        first.code,
        second.code,
        "Sara Voorbeeld",
        "Zo zet u de voucher aan",
        "300,00",
        "Hoefkade 1",
        "2525 BC DEN HAAG",
        f"Kenmerk: V{terms.pk}-HH100",
        "Postbus 12652",
        "bezwaar maken",
    ):
        assert expected in text
    assert "Noah" not in text


def test_parent_activates_with_the_letter_and_sees_the_balance(household):
    _, (first, second, other) = household
    client = Client()
    # The letter's link carries the code in the fragment, which site.js fills in; a code
    # sent in the query is not echoed (it would already sit in an access log).
    page = client.get(reverse("voucher_activate"), {"code": first.code}).content.decode()
    assert first.code not in page and "js/site.js" in page
    response = client.post(reverse("voucher_activate"), activation_data(first))
    assert response["Location"] == reverse("parent_home")
    first.refresh_from_db()
    assert first.state == VoucherState.ACTIVE
    account = ParentAccount.objects.get(user__username="ouder.voorbeeld")
    assert account.household_number == "H100"

    home = client.get(reverse("parent_home")).content.decode()
    assert "Sara Voorbeeld" in home and "300,00" in home
    assert "Omar" not in home  # not yet activated
    client.post(reverse("voucher_activate"), activation_data(second))
    assert "Omar Voorbeeld" in client.get(reverse("parent_home")).content.decode()

    refused = client.post(reverse("voucher_activate"), activation_data(other))
    assert "ander huishouden" in refused.content.decode()
    other.refresh_from_db()
    assert other.state == VoucherState.ISSUED
    assert client.get("/")["Location"] == reverse("parent_home")


def test_wrong_details_are_refused_without_saying_which(household):
    _, (first, _, _) = household
    client = Client()
    wrong_birth = activation_data(first, date_of_birth=date(2001, 1, 1).isoformat())
    response = client.post(reverse("voucher_activate"), wrong_birth)
    assert "horen niet bij een voucher" in response.content.decode()
    assert not ParentAccount.objects.exists()
    assert ActivationAttempt.objects.count() == 1


def test_guessing_is_stopped_after_ten_failures(household):
    _, (first, _, _) = household
    client = Client()
    for _ in range(parents.MAX_FAILED_ACTIVATIONS):
        client.post(reverse("voucher_activate"), activation_data(first, pass_number="999999"))
    again = client.post(reverse("voucher_activate"), activation_data(first, pass_number="999999"))
    assert "te vaak" in again.content.decode()
    # Another parent behind the same address (a library) is not locked out by those typos.
    response = client.post(reverse("voucher_activate"), activation_data(first))
    assert response["Location"] == reverse("parent_home")
    assert ActivationAttempt.objects.exclude(subject="").count() == 10
    assert not ActivationAttempt.objects.filter(subject__contains="999999").exists()


def test_trying_many_pass_numbers_from_one_address_is_stopped(household):
    _, (first, _, _) = household
    client = Client()
    for number in range(parents.MAX_FAILED_FROM_ONE_ADDRESS):
        client.post(reverse("voucher_activate"), activation_data(first, pass_number=f"9{number}"))
    response = client.post(reverse("voucher_activate"), activation_data(first))
    assert "te vaak" in response.content.decode()
    first.refresh_from_db()
    assert first.state == VoucherState.ISSUED


def test_behind_the_proxy_the_address_it_reports_is_counted(household, settings):
    settings.BEHIND_TLS_PROXY = True
    _, (first, _, _) = household
    wrong = activation_data(first, pass_number="999999")
    Client().post(
        reverse("voucher_activate"),
        wrong,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
    )
    assert ActivationAttempt.objects.get().ip_address == "203.0.113.9"


def test_letters_are_for_administrators_only(household, staff_client):
    terms, _ = household
    client, _ = staff_client(roles.REVIEWER)
    assert client.get(reverse("voucher_letter", args=[terms.pk, "H100"])).status_code == 403


def test_other_users_have_no_parent_page(member_client):
    assert member_client.get(reverse("parent_home")).status_code == 404


def test_the_letters_qr_code_keeps_the_voucher_code_out_of_urls_sent_to_servers(household):
    _, (voucher, _, _) = household
    link = letters.activation_link(voucher)
    assert link.endswith(f"/vouchers/activeren/#code={voucher.code}")
    assert "?" not in link


def test_the_activation_form_starts_at_its_first_field(client):
    page = client.get(reverse("voucher_activate")).content.decode()
    assert page.count("autofocus") == 1
    assert re.search(r'<input[^>]*name="pass_number"[^>]*autofocus', page)


def test_an_already_active_voucher_says_so_instead_of_wrong_details(household):
    _, (first, _, _) = household
    Client().post(reverse("voucher_activate"), activation_data(first))
    again = Client().post(
        reverse("voucher_activate"), activation_data(first, username="tweede.ouder")
    )
    assert "staat al aan" in again.content.decode()
    assert "horen niet bij een voucher" not in again.content.decode()
    assert not ActivationAttempt.objects.exists()  # right details are no failed attempt


def test_the_parent_reads_what_was_used_without_minus_signs(active_enrolment):
    enrolment, staff, parent = active_enrolment
    client = Client()
    client.force_login(parent)
    assert "<li>Nog niets.</li>" in client.get(reverse("parent_home")).content.decode()

    day = enrolment.voucher.terms.school_year_start
    session, _ = sessions.record_session(staff, enrolment, day, Decimal("1.5"), "first")
    home = client.get(reverse("parent_home")).content.decode()
    assert "begeleiding, 1,50 uur, € 12,00</li>" in home
    assert "Nog niets." not in home and "-12" not in home

    sessions.reverse_session(staff, session, "Verkeerde dag")
    home = client.get(reverse("parent_home")).content.decode()
    assert "correctie, 1,50 uur, € 12,00 terug op de voucher</li>" in home


def test_a_child_with_a_place_is_not_offered_a_list_that_would_be_refused(active_enrolment):
    enrolment, _, parent = active_enrolment
    client = Client()
    client.force_login(parent)
    choose = reverse("choose_location", args=[enrolment.voucher.pk])
    assert choose not in client.get(reverse("parent_home")).content.decode()
    page = client.get(choose, follow=True)
    assert page.redirect_chain[-1][0] == reverse("parent_home")
    assert "al een plek of een aanvraag" in page.content.decode()

    enrolments.stop_enrolment(parent, enrolment)
    assert choose in client.get(reverse("parent_home")).content.decode()
    assert "Hier aanmelden" in client.get(choose).content.decode()
