"""A real browser for the end-to-end tests: Debian's Chromium driven by Playwright, with
axe-core (installed by `make test` from package.json) to check pages for WCAG 2.1 AA.

Without Chromium, Playwright or axe-core the tests that need them are skipped with the
reason; where CI is set they fail instead, so CI always runs them."""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.test import Client

AXE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Debian's /usr/bin/chromium is a shell wrapper; Playwright wants the binary itself.
_CHROMIUM = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")


def chromium_path():
    if os.environ.get("CHROMIUM_PATH"):
        return os.environ["CHROMIUM_PATH"]
    for candidate in _CHROMIUM:
        found = candidate if os.path.isfile(candidate) else shutil.which(candidate)
        if found:
            return found
    return None


def missing():
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed (make install)"
    if chromium_path() is None:
        return "Chromium is not installed (apt-get install chromium)"
    if not AXE.exists():
        return "axe-core is not installed: Node/npm is missing (make test runs npm ci)"
    return None


def page_as(browser, live_server, client=None, width=1280):
    """A page in a fresh context, logged in with the test client's session if given. The
    context may inject axe-core despite the site's Content-Security-Policy."""
    context = browser.new_context(
        bypass_csp=True, viewport={"width": width, "height": 900}, locale="nl-NL"
    )
    if client is not None:
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def logged_in(user, verified=True):
    from tests.conftest import verify_second_factor

    if verified:
        return verify_second_factor(Client(), user)
    client = Client()
    client.force_login(user)
    return client


def axe_violations(page):
    """The WCAG 2.1 A and AA violations axe-core finds on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return result["violations"], len(result["passes"])
