"""The municipality's look: Den Haag's design tokens vendored at a recorded version, a
favicon, and a trail back on pages deeper than two levels."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from kern import roles
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory, VoucherTermsFactory
from tests.subsidie.helpers import proposed
from tools.vendor_design_tokens import PACKAGES

pytestmark = pytest.mark.django_db


def test_the_vendored_tokens_are_the_versions_the_script_names():
    folder = settings.BASE_DIR / "static" / "vendor" / "denhaag"
    recorded = json.loads((folder / "VERSIONS.json").read_text())
    assert {name: entry["version"] for name, entry in recorded.items()} == PACKAGES
    assert "EUPL" in (folder / "LICENSE.md").read_text()
    css = (folder / "design-tokens-components.css").read_text()
    assert "--denhaag-button-primary-action-background-color" in css


def test_every_page_loads_the_tokens_and_the_favicon(client):
    page = client.get(reverse("login")).content.decode()
    assert 'class="denhaag-theme"' in page
    for asset in re.findall(r'(?:href|src)="/static/([^"]+)"', page):
        assert finders.find(asset), asset
    assert "favicon.svg" in page


def test_the_site_styles_use_the_tokens_for_colour_and_type():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    root = css[css.index(":root") : css.index("}")]
    assert "#" not in root  # no colour of its own: each comes from a token
    assert "var(--denhaag-" in root and "var(--utrecht-document-font-family)" in root


def _trail(page):
    match = re.search(r'<nav aria-label="Kruimelpad" class="breadcrumbs">(.*?)</nav>', page, re.S)
    return match and re.sub(r"<[^>]+>", " ", match.group(1)).split()


def test_deep_pages_show_the_way_back(db):
    terms = VoucherTermsFactory()
    officer = verify_second_factor(Client(), StaffFactory(role=roles.ADMINISTRATOR))
    application = proposed()
    reviewer = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    applicant = Client()
    applicant.force_login(application.created_by)
    pages = [
        (officer, reverse("print_runs", args=[terms.pk]), "Brieven"),
        (officer, reverse("voucher_issue", args=[terms.pk]), "uitgeven"),
        (officer, reverse("passholder_imports"), "inlezen"),
        (reviewer, reverse("review_decide", args=[application.pk]), "nemen"),
        (applicant, reverse("application_receipt", args=[application.pk]), "Ontvangstbevestiging"),
    ]
    for client, url, last in pages:
        trail = _trail(client.get(url).content.decode())
        assert trail and trail[-1] == last, (url, trail)
