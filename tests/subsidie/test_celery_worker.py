"""A real Celery worker, in its own process, on Redis: the decision mail goes out after the
decision commits, and not at all when it rolls back. Runs in CI (PostgreSQL, and
CELERY_BROKER_URL naming Redis); skipped where either is missing."""

import email
import email.policy
import os
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction

from config import celery_app
from kern import roles
from kern import tasks as kern_tasks
from subsidie.services import decisions
from tests.factories import StaffFactory, UserFactory
from tests.subsidie.helpers import proposed

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _broker():
    url = celery_app.conf.broker_url or ""
    if not url.startswith("redis://"):
        pytest.skip("needs Redis: set CELERY_BROKER_URL=redis://127.0.0.1:6379/0 (CI does)")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"Redis at {url} does not answer")
    return url


def _database_url():
    """The test database, which the worker process must read too."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker process shares the test database: needs PostgreSQL")
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(postgres, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": _broker(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
    }
    celery_app.control.purge()
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--without-mingle",
            "--without-gossip",
            "--loglevel",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield tmp_path
    finally:
        celery_app.conf.task_always_eager = True
        process.terminate()
        process.wait(timeout=30)


def _subjects(folder):
    subjects = []
    for path in folder.glob("*.log"):
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                subjects.append(
                    email.message_from_string(raw.strip(), policy=email.policy.default)["Subject"]
                )
    return subjects


def _wait_for(folder, prefix, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [subject for subject in _subjects(folder) if subject.startswith(prefix)]
        if found:
            return found
        time.sleep(0.2)
    return []


def test_decision_mail_is_sent_by_the_worker_after_commit(worker):
    application = proposed()
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    assert _wait_for(worker, "Besluit op uw aanvraag") == [
        f"Besluit op uw aanvraag {application.reference}"
    ]


def test_no_decision_mail_when_the_decision_rolls_back(worker):
    application = proposed()
    with pytest.raises(RuntimeError), transaction.atomic():
        decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
        raise RuntimeError("something failed after the decision")
    # The worker handles tasks in order: once this later task's mail is there, a queued
    # decision mail would have been sent already.
    kern_tasks.send_welcome_mail.delay(UserFactory(email="controle@example.org").pk)
    assert _wait_for(worker, "Uw account")
    assert not [subject for subject in _subjects(worker) if subject.startswith("Besluit")]
