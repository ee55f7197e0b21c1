"""A scratch database for a benchmark run, so no real or development data is touched.

    with scratch_database():
        ...  # Django is set up and migrated on an empty database

With DATABASE_URL=postgres://... the scratch database is created beside the named one;
otherwise a temporary SQLite file is used. Either is removed again on leaving the block.
"""

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def scratch_database():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    url = os.environ.get("DATABASE_URL", "")
    remove = _postgres(url) if url.startswith("postgres") else _sqlite()
    try:
        import django
        from django.core.management import call_command
        from django.test.utils import setup_test_environment

        django.setup()
        setup_test_environment()  # the test client's host, in-memory e-mail
        call_command("migrate", verbosity=0)
        yield
    finally:
        remove()


def _sqlite():
    folder = tempfile.mkdtemp(prefix="bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"

    def remove():
        _close_connections()
        shutil.rmtree(folder, ignore_errors=True)

    return remove


def _postgres(url):
    import psycopg

    parts = urlparse(url)
    name = f"bench_{os.getpid()}"
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{name}"))

    def remove():
        _close_connections()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return remove


def _close_connections():
    from django.db import connections

    connections.close_all()
