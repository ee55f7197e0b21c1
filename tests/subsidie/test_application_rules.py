"""Refusals with clear Dutch messages: eligibility, completeness, transitions, uploads."""

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kern import roles
from kern.choices import MemberRole
from subsidie.choices import ApplicationState, SchemeKind
from subsidie.models import Application, SchemeSelection
from subsidie.services import applications
from tests.conftest import verify_second_factor
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    ProviderFactory,
    SchemeFactory,
    SchoolFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def _member_client(organisation):
    membership = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN)
    client = Client()
    client.force_login(membership.user)
    return client, membership.user


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_commercial_provider_cannot_apply_to_provider_scheme():
    provider = ProviderFactory(not_for_profit=False, legal_form="bv")
    scheme = SchemeFactory(kind=SchemeKind.PROVIDERS)
    client, _ = _member_client(provider)
    page = client.get(reverse("application_list")).content.decode()
    assert "Alleen aanbieders zonder winstoogmerk" in page
    response = client.post(reverse("application_start", args=[scheme.pk, provider.pk]), follow=True)
    assert any("zonder winstoogmerk" in message for message in _messages(response))
    assert not Application.objects.exists()


def test_school_not_on_selection_list_is_refused():
    school = SchoolFactory()
    scheme = SchemeFactory(kind=SchemeKind.SELECTED_SCHOOLS)
    SchemeSelection.objects.create(scheme=scheme, organisation=SchoolFactory(), reason="wijk")
    client, _ = _member_client(school)
    response = client.post(reverse("application_start", args=[scheme.pk, school.pk]), follow=True)
    assert any("niet op de lijst" in message for message in _messages(response))


def test_provider_cannot_apply_to_school_scheme():
    errors = SchemeFactory(kind=SchemeKind.ALL_SCHOOLS).eligibility_errors(ProviderFactory())
    assert errors == ["Alleen vo-scholen kunnen deze subsidie aanvragen."]


def test_school_naming_a_commercial_provider_is_refused_on_the_form():
    school = SchoolFactory()
    scheme = SchemeFactory(kind=SchemeKind.ALL_SCHOOLS)
    commercial = ProviderFactory(name="Bijles BV", not_for_profit=False, legal_form="bv")
    client, user = _member_client(school)
    application = applications.start_application(user, school, scheme)
    response = client.post(
        reverse("application_plan", args=[application.pk]),
        {"title": "Huiswerkklas", "provider": commercial.pk},
    )
    assert "Bijles BV is geen aanbieder zonder winstoogmerk" in response.content.decode()
    application.refresh_from_db()
    assert application.provider is None


def test_incomplete_application_lists_what_is_missing_and_stays_draft():
    provider = ProviderFactory()
    client, user = _member_client(provider)
    application = applications.start_application(user, provider, SchemeFactory())
    response = client.post(
        reverse("application_submit", args=[application.pk]), {"declaration": "on"}, follow=True
    )
    texts = " ".join(_messages(response))
    assert "Vul nog in: de werkwijze." in texts
    assert "Kies minstens één locatie." in texts
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_requested_amount_above_costs_or_scheme_maximum_is_refused():
    application = ApplicationFactory(requested_amount=Decimal("16000"))
    application.budget_lines.update(amount=Decimal("15000"))
    assert any("hoger dan de kosten" in error for error in application.completeness_errors())
    application.scheme.max_amount = Decimal("10000")
    application.requested_amount = Decimal("12000")
    assert any("hooguit € 10.000,00" in error for error in application.completeness_errors())


def test_submission_after_the_window_closed_is_refused():
    application = ApplicationFactory(
        scheme=SchemeFactory(closes_at=timezone.now() - timedelta(hours=1))
    )
    MembershipFactory(organisation=application.organisation, user=application.created_by)
    with pytest.raises(ValidationError, match="termijn om aan te vragen is voorbij"):
        applications.submit_application(application.created_by, application)


def test_state_cannot_be_set_directly_from_the_shell():
    application = ApplicationFactory()
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        application.state = ApplicationState.GRANTED


def test_back_office_cannot_change_an_application(administrator_client):
    client, _ = administrator_client
    application = ApplicationFactory()
    url = reverse("admin:subsidie_application_change", args=[application.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"state": "granted"}).status_code == 403
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_forbidden_transitions_are_refused_with_a_clear_message():
    application = ApplicationFactory()
    reviewer = StaffFactory(role=roles.REVIEWER)
    with pytest.raises(ValidationError, match="status ‘concept’"):
        applications.start_review(reviewer, application)
    MembershipFactory(organisation=application.organisation, user=application.created_by)
    applications.submit_application(application.created_by, application)
    with pytest.raises(ValidationError, match="status ‘ingediend’"):
        applications.submit_application(application.created_by, application)
    assert application.transitions.count() == 1


def test_only_reviewers_request_information():
    application = ApplicationFactory()
    finance = StaffFactory(role=roles.FINANCE)
    client = verify_second_factor(Client(), finance)
    response = client.post(
        reverse("review_request_information", args=[application.pk]),
        {"message": "x", "due_date": (timezone.localdate() + timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 403


def test_organisation_members_cannot_open_the_work_queue():
    client, _ = _member_client(ProviderFactory())
    assert client.get(reverse("review_queue")).status_code == 403


def _xlsx(extra=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        if extra:
            archive.writestr(extra, b"macro")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ", "Dit soort bestand"),
        ("nep.pdf", b"MZ\x90\x00", "geen echt PDF"),
        ("nep.xlsx", b"%PDF-1.4", "geen echt PDF"),
        ("macro.xlsx", _xlsx("xl/vbaProject.bin"), "geen echt PDF"),
        ("groot.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "te groot"),
    ],
)
def test_unsafe_or_too_large_uploads_are_refused(name, content, message):
    application = ApplicationFactory()
    client, _ = _member_client(application.organisation)
    response = client.post(
        reverse("application_attachments", args=[application.pk]),
        {"file": SimpleUploadedFile(name, content), "description": "test"},
    )
    assert message in response.content.decode()
    assert not application.attachments.exists()


def test_attachments_are_served_only_to_the_applicant_and_staff():
    application = ApplicationFactory()
    owner, _ = _member_client(application.organisation)
    owner.post(
        reverse("application_attachments", args=[application.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", _xlsx()), "description": "plan"},
    )
    attachment = application.attachments.get()
    url = reverse("attachment_download", args=[application.pk, attachment.pk])
    assert owner.get(url).status_code == 200
    stranger, _ = _member_client(ProviderFactory())
    assert stranger.get(url).status_code == 404
    staff = verify_second_factor(Client(), StaffFactory(role=roles.REVIEWER))
    response = staff.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_period_in_a_year_without_a_ceiling_is_refused_at_submission():
    application = ApplicationFactory()
    application.period_end = application.period_start.replace(
        year=application.period_start.year + 3
    )
    assert any("geen budget voor" in error for error in application.completeness_errors())
