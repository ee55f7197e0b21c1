import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "huiswerkbegeleiding.denhaag.example",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def _manage(*args, env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_configuration_passes_deploy_check_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_without_secret_key_fails_closed():
    """No insecure fallback key: the deploy check fails and nothing can be signed (sessions,
    password-reset links), while commands that need no key still run."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}
    check = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert check.returncode != 0
    assert "security.W009" in check.stderr + check.stdout
    signing = _manage("shell", "-c", "from django.core import signing; signing.dumps(1)", env=env)
    assert signing.returncode != 0
    assert "SECRET_KEY setting must not be empty" in signing.stderr
    assert _manage("makemigrations", "--check", "--dry-run", env=env).returncode == 0


def test_defaults_are_dutch_and_amsterdam_time():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_TZ
