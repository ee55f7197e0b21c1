"""The browser for the end-to-end tests that need one (see browser.py), and the live server
with the demo data."""

import importlib
import os

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS

from kern import demo
from kern.models import District
from tests.e2e.browser import chromium_path, missing


@pytest.fixture(scope="module")
def browser():
    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop beside the test; the ORM calls of the test
    # itself stay synchronous, which Django would otherwise refuse next to a running loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="module")
def _empty_afterwards(django_db_blocker):
    """A live server's tests end with a flush that recreates groups and permissions
    (post_migrate); a later test with a serialized rollback would then load its own copies
    on top of them and clash. Empty the tables after the module, as such a test does."""
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)


@pytest.fixture
def demo_site(_empty_afterwards, live_server):
    """The live server with the demo data, on the state migrations leave: the flush of an
    earlier transactional test may have emptied every table, groups and districts too."""
    if not Group.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
    if not District.objects.exists():
        importlib.import_module("kern.migrations.0002_load_districts").load(apps, None)
    data = demo.read()
    demo.load(data)
    return data
