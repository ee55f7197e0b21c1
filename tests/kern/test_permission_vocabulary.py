"""One vocabulary: roles hold Django permissions, pages and services ask the same ones, and
the buttons on a page are the transitions the user may take."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kern import roles, transitions
from kern.models import TransitionLog
from subsidie.choices import ApplicationState
from subsidie.services import applications
from tests.factories import ApplicationFactory, MembershipFactory, StaffFactory
from tests.subsidie.helpers import proposed

pytestmark = pytest.mark.django_db

# Each staff page and the one role whose permission opens it.
PAGES = [
    ("declaration_review_list", roles.FINANCE),
    ("passholder_imports", roles.ADMINISTRATOR),
    ("voucher_terms", roles.ADMINISTRATOR),
    ("admission_list", roles.ADMINISTRATOR),
    ("voucher_monitoring", roles.ADMINISTRATOR),
]


@pytest.mark.parametrize("role", roles.STAFF_ROLES)
@pytest.mark.parametrize(("page", "holder"), PAGES)
def test_a_page_of_another_role_is_a_403_that_says_why(staff_client, page, holder, role):
    client, _ = staff_client(role)
    response = client.get(reverse(page))
    if role == holder:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "Hiervoor heeft u geen recht" in response.content.decode()


@pytest.mark.parametrize(
    ("page", "holder"),
    [("review_decide", roles.DECISION_MAKER), ("review_return", roles.DECISION_MAKER)],
)
def test_decision_forms_are_for_decision_makers_only(staff_client, page, holder):
    application = proposed()
    for role in roles.STAFF_ROLES:
        client, _ = staff_client(role)
        status = client.get(reverse(page, args=[application.pk])).status_code
        assert status == (200 if role == holder else 403), role


def test_each_role_holds_its_own_permissions_only():
    def held(role):
        return {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=role).permissions.select_related("content_type")
        }

    assert "subsidie.review_application" in held(roles.REVIEWER)
    assert "subsidie.decide_application" in held(roles.DECISION_MAKER)
    assert {"betalingen.manage_payments", "vouchers.approve_declaration"} <= held(roles.FINANCE)
    assert {"vouchers.admit_provider", "vouchers.import_passholders"} <= held(roles.ADMINISTRATOR)
    # An addition to one role's declaration stays with that role.
    assert "subsidie.review_application" not in held(roles.FINANCE)
    assert "subsidie.decide_application" not in held(roles.REVIEWER)


def test_buttons_are_the_transitions_the_user_may_take(staff_client):
    submitted = ApplicationFactory()
    MembershipFactory(organisation=submitted.organisation, user=submitted.created_by)
    applications.submit_application(submitted.created_by, submitted)
    waiting = proposed()

    client, _ = staff_client(roles.REVIEWER)
    assert "In behandeling nemen" in client.get(reverse("review_detail", args=[submitted.pk])).text
    assert "Besluit nemen" not in client.get(reverse("review_detail", args=[waiting.pk])).text

    client, _ = staff_client(roles.DECISION_MAKER)
    assert (
        "In behandeling nemen" not in client.get(reverse("review_detail", args=[submitted.pk])).text
    )
    page = client.get(reverse("review_detail", args=[waiting.pk])).text
    assert "Besluit nemen" in page
    assert "Voorstel terugsturen" in page


def test_the_runner_refuses_an_actor_without_the_transitions_permission():
    application = proposed()
    before = TransitionLog.objects.count()
    with pytest.raises(PermissionDenied, match="op aanvragen besluiten"):
        transitions.run(StaffFactory(role=roles.FINANCE), application, "grant")
    application.refresh_from_db()
    assert application.state == ApplicationState.PROPOSED
    assert TransitionLog.objects.count() == before


def test_object_rules_tell_members_of_the_applicant_from_others():
    application = ApplicationFactory()
    member = MembershipFactory(organisation=application.organisation).user
    outsider = MembershipFactory().user
    assert member.has_perm("subsidie.act_for_application", application)
    assert not outsider.has_perm("subsidie.act_for_application", application)
    with pytest.raises(PermissionDenied, match="Alleen medewerkers van de aanvrager"):
        transitions.run(outsider, application, "submit", application.created_at)


def test_staff_overview_links_to_organisations_for_those_who_may_see_them(staff_client):
    client, _ = staff_client(roles.REVIEWER)
    page = client.get(reverse("home")).text
    assert reverse("admin:kern_organisation_changelist") in page
    assert reverse("passholder_imports") not in page
    client, _ = staff_client(roles.ADMINISTRATOR)
    assert reverse("passholder_imports") in client.get(reverse("home")).text
