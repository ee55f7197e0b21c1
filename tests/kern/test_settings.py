import os
import re
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "huiswerkbegeleiding.denhaag.example",
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "PAYER_IBAN": "NL91ABNA0417164300",
    "PAYER_BIC": "ABNANL2A",
    "EMAIL_HOST": "smtp.denhaag.example",
}


def _manage(*args, env):
    return _run("manage.py", *args, env=env)


def _run(*args, env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PAYER_", "EMAIL_"))
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
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


def test_gunicorn_loads_the_production_configuration_and_the_project():
    env = {**PRODUCTION_ENV, "WEB_CONCURRENCY": "3"}
    result = _run("-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--print-config", env=env)
    assert result.returncode == 0, result.stderr
    printed = {
        name.strip(): value.strip()
        for name, _, value in (line.partition(" = ") for line in result.stdout.splitlines())
    }
    assert (printed["workers"], printed["threads"], printed["worker_class"]) == (
        "3",
        "2",
        "gthread",
    )
    assert printed["wsgi_app"] == "config.wsgi"
    check = _run("-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--check-config", env=env)
    assert check.returncode == 0, check.stderr  # the project itself loads


def test_production_without_secret_key_fails_closed():
    """No insecure fallback key: the deploy check fails and nothing can be signed (sessions,
    password-reset links), while commands that need no key still run."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}
    check = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert check.returncode != 0
    assert "security.W009" in check.stderr + check.stdout
    signing = _manage(
        "shell", "--no-imports", "-c", "from django.core import signing; signing.dumps(1)", env=env
    )
    assert signing.returncode != 0
    assert "SECRET_KEY setting must not be empty" in signing.stderr
    assert _manage("makemigrations", "--check", "--dry-run", env=env).returncode == 0


def test_defaults_are_dutch_and_amsterdam_time():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_TZ


def _read_in_settings():
    source = (settings.BASE_DIR / "config" / "settings.py").read_text()
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", source))


def _documented_in_readme():
    readme = (settings.BASE_DIR / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n\n", 2)[2].split("\n\n", 1)[0]
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))


def test_every_variable_read_in_settings_is_in_the_readme_table():
    read = _read_in_settings()
    assert {"DJANGO_DEBUG", "PAYER_IBAN", "DATABASE_URL"} <= read  # the scan itself works
    assert read - _documented_in_readme() == set()


def test_production_without_payer_account_fails_the_deploy_check():
    env = {key: value for key, value in PRODUCTION_ENV.items() if not key.startswith("PAYER_")}
    check = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert check.returncode != 0
    assert "betalingen.E001" in check.stderr + check.stdout


def test_production_sends_real_mail_and_needs_a_mail_host():
    without_host = {key: value for key, value in PRODUCTION_ENV.items() if key != "EMAIL_HOST"}
    check = _manage("check", "--deploy", env=without_host)
    assert check.returncode != 0 and "kern.E001" in check.stderr + check.stdout
    backend = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        env=PRODUCTION_ENV,
    )
    assert backend.stdout.strip().splitlines()[-1] == "django.core.mail.backends.smtp.EmailBackend"
    develop = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        env={**PRODUCTION_ENV, "DJANGO_DEBUG": "1"},
    )
    assert (
        develop.stdout.strip().splitlines()[-1] == "django.core.mail.backends.console.EmailBackend"
    )
