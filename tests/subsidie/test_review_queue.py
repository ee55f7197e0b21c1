import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kern import roles
from kern.models import District
from subsidie.models import Application
from subsidie.services import applications
from tests.factories import ApplicationFactory, LocationFactory, MembershipFactory, SchemeFactory
from tests.subsidie.helpers import proposed

pytestmark = pytest.mark.django_db


def _submitted(**kwargs):
    application = ApplicationFactory(**kwargs)
    MembershipFactory(organisation=application.organisation, user=application.created_by)
    return applications.submit_application(application.created_by, application)


@pytest.fixture
def reviewer(staff_client):
    return staff_client(roles.REVIEWER)


def _references(response):
    return {application.reference for application in response.context["page"]}


def test_queue_shows_what_needs_action_with_the_shortest_term_first(reviewer):
    client, _ = reviewer
    late = _submitted()
    Application.objects.filter(pk=late.pk).update(
        decision_due=timezone.localdate() - timedelta(days=1)
    )
    soon = _submitted()
    ApplicationFactory()  # a draft is not the municipality's business yet
    response = client.get(reverse("review_queue"))
    assert [a.reference for a in response.context["page"]] == [late.reference, soon.reference]
    page = response.content.decode()
    assert "1 dag te laat" in page
    assert "nog 56 dagen" in page


def test_queue_filters_by_scheme_state_district_and_reviewer(reviewer):
    client, user = reviewer
    in_moerwijk = _submitted()
    in_moerwijk.locations.set(
        [
            LocationFactory(
                organisation=in_moerwijk.organisation,
                district=District.objects.get(name="Moerwijk en Zuiderpark"),
            )
        ]
    )
    other = _submitted(scheme=SchemeFactory())
    applications.start_review(user, other)

    moerwijk = District.objects.get(name="Moerwijk en Zuiderpark")
    assert _references(client.get(reverse("review_queue"), {"district": moerwijk.pk})) == {
        in_moerwijk.reference
    }
    assert _references(client.get(reverse("review_queue"), {"scheme": other.scheme.pk})) == {
        other.reference
    }
    assert _references(client.get(reverse("review_queue"), {"state": "in_review"})) == {
        other.reference
    }
    assert _references(client.get(reverse("review_queue"), {"reviewer": user.pk})) == {
        other.reference
    }
    assert _references(client.get(reverse("review_queue"), {"q": in_moerwijk.reference})) == {
        in_moerwijk.reference
    }


def test_queue_renders_with_constant_queries(reviewer, django_assert_max_num_queries):
    client, _ = reviewer
    for _ in range(3):
        _submitted()
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("review_queue"))
    for _ in range(25):
        _submitted()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("review_queue"))
    assert len(response.context["page"]) == 25


def test_queue_exports_filtered_list_as_excel_with_real_types(reviewer):
    client, _ = reviewer
    application = _submitted()
    response = client.get(reverse("review_queue_export"), {"scheme": application.scheme.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell for cell in sheet[2]], strict=True))
    assert row["Kenmerk"].value == application.reference
    assert isinstance(row["Ontvangen"].value, datetime)
    assert row["Gevraagd bedrag"].value == 12000
    assert "€" in row["Gevraagd bedrag"].number_format
    assert sheet.max_row == 2


def test_decision_makers_see_proposals_waiting_on_their_home_page(staff_client):
    proposed()
    client, _ = staff_client(roles.DECISION_MAKER)
    assert "1 voorstel wacht op uw besluit" in client.get("/").content.decode()


def test_back_office_offers_the_application_list_for_export(reviewer):
    client, _ = reviewer
    response = client.get(reverse("admin:subsidie_application_export"))
    assert response.status_code == 200
    assert "xlsx" in response.content.decode()


def test_applicants_list_renders_with_constant_queries(client, django_assert_max_num_queries):
    first = ApplicationFactory()
    membership = MembershipFactory(organisation=first.organisation)
    client.force_login(membership.user)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("application_list"))
    for _ in range(20):
        ApplicationFactory(organisation=first.organisation, scheme=first.scheme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("application_list"))
    assert len(response.context["applications"]) == 21
