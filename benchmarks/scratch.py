"""A scratch database for a benchmark run, so no real or development data is touched."""

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Points DATABASE_URL at a new, empty database, starts Django and migrates.

    With DATABASE_URL=postgres://... the scratch database is created beside the named one;
    otherwise a temporary SQLite file is used. Returns a function that removes it again.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    drop = _scratch_database()
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()  # the test client's host, in-memory e-mail
    call_command("migrate", verbosity=0)
    return drop


def _scratch_database():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        folder = tempfile.mkdtemp()
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        return lambda: None
    import psycopg

    parts = urlparse(url)
    name = f"bench_{os.getpid()}"
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{name}"))

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return drop
