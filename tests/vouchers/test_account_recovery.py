"""A parent without e-mail who lost their password gets back in with a one-time code from
the service desk; the desk's step and its use are kept."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from kern import roles
from tests.vouchers.helpers import PASSWORD
from vouchers.models import AccountRecovery, ParentAccount

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nieuw-wachtwoord-Escamp-77"


@pytest.fixture
def parent(db):
    user = get_user_model().objects.create_user("moeder.zonder.mail", password=PASSWORD)
    return ParentAccount.objects.create(user=user, household_number="H300")


def _code_from_desk(client, parent):
    page = client.get(reverse("recovery_desk"), {"household": "H300"}).content.decode()
    assert "moeder.zonder.mail" in page
    response = client.post(reverse("recovery_code", args=[parent.pk]), {"identity_checked": "ja"})
    return re.search(
        r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3})</strong>", response.content.decode()
    ).group(1)


def _recover(code, password=NEW_PASSWORD, username="moeder.zonder.mail"):
    client = Client()
    response = client.post(
        reverse("parent_account_recover"),
        {"username": username, "code": code, "password1": password, "password2": password},
        follow=True,
    )
    return client, response.content.decode()


def test_the_desk_gives_a_code_and_the_parent_chooses_a_new_password(administrator_client, parent):
    desk, officer = administrator_client
    refused = desk.post(reverse("recovery_code", args=[parent.pk]), follow=True).content.decode()
    assert "Bekijk eerst de Ooievaarspas" in refused
    code = _code_from_desk(desk, parent)

    client, page = _recover(code.lower().replace("-", " "))

    assert "Uw nieuwe wachtwoord is opgeslagen" in page
    assert "Mijn vouchers" in page
    recovery = AccountRecovery.objects.get()
    assert recovery.issued_by == officer and recovery.used_at is not None
    assert recovery.code_hash != code and code not in recovery.code_hash
    parent.user.refresh_from_db()
    assert parent.user.check_password(NEW_PASSWORD)
    assert not parent.user.check_password(PASSWORD)
    _, again = _recover(code, password="Nog-een-ander-wachtwoord-9")
    assert "al gebruikt of verlopen" in again
    history = desk.get(reverse("recovery_desk"), {"household": "H300"}).content.decode()
    assert "Eerder gegeven herstelcodes" in history


def test_a_new_code_replaces_the_old_one(administrator_client, parent):
    desk, _ = administrator_client
    first = _code_from_desk(desk, parent)
    second = _code_from_desk(desk, parent)
    assert "al gebruikt of verlopen" in _recover(first)[1]
    assert "Uw nieuwe wachtwoord is opgeslagen" in _recover(second)[1]


def test_guessing_codes_is_stopped(administrator_client, parent):
    desk, _ = administrator_client
    code = _code_from_desk(desk, parent)
    for _ in range(10):
        _recover("AAAA-BBBB-CCC")
    assert "te vaak" in _recover(code)[1]


def test_the_login_page_leads_parents_without_email_to_the_code(client):
    page = client.get(reverse("login")).content.decode()
    assert reverse("parent_account_recover") in page


@pytest.mark.parametrize("role", [roles.REVIEWER, roles.FINANCE])
def test_only_the_service_desk_gives_codes(staff_client, parent, role):
    client, _ = staff_client(role)
    assert client.get(reverse("recovery_desk")).status_code == 403
    assert client.post(reverse("recovery_code", args=[parent.pk])).status_code == 403
