"""Staff roles get their permissions from every app's declaration after one migrate."""

import pytest
from django.contrib.auth.models import Group

from kern import roles


@pytest.mark.django_db
def test_one_migrate_gives_administrators_the_voucher_permissions():
    """The test database is made by a single migrate, as a fresh installation is."""
    held = set(
        Group.objects.get(name=roles.ADMINISTRATOR).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert {
        ("vouchers", "change_voucherterms"),
        ("vouchers", "change_postcodearea"),
        ("vouchers", "change_passnumberrule"),
        ("kern", "change_organisation"),
        ("subsidie", "change_scheme"),
        ("auth", "add_user"),
    } <= held


@pytest.mark.parametrize(
    "page",
    [
        "/beheer/vouchers/voucherterms/",
        "/beheer/vouchers/postcodearea/",
        "/beheer/vouchers/passnumberrule/",
    ],
)
def test_administrator_opens_the_voucher_pages_of_the_back_office(administrator_client, page):
    client, _ = administrator_client
    assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_each_role_holds_exactly_what_the_apps_declare():
    declared = roles.declared_permissions()
    for role in roles.STAFF_ROLES:
        held = set(
            Group.objects.get(name=role).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
        assert held == declared[role]
