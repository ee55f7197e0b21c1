"""Every page sends a Content-Security-Policy and a Permissions-Policy; a page behind a login
is never stored by the browser or a proxy."""

import pytest
from django.urls import reverse

from kern import roles

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_carries_csp_permissions_policy_and_no_store(staff_client):
    client, _ = staff_client(roles.REVIEWER)
    response = client.get(reverse("review_queue"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_public_pages_carry_the_policies_too(client):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_no_template_has_an_inline_script_or_style(settings):
    """The policy allows no inline code, so none may be written (it would silently break)."""
    from pathlib import Path

    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text()
        for forbidden in ("<script>", "<style", " style=", " onclick=", " onchange=", " onsubmit="):
            if forbidden in text:
                offenders.append((path.name, forbidden))
    assert offenders == []
