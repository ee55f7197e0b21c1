"""Settings, all read from the environment.

Every variable has one default that runs on a laptop with nothing installed (SQLite, eager
Celery, console e-mail). The README lists them; production sets them explicitly.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# No default outside DEBUG: left empty, Django refuses everything that signs (sessions,
# CSRF, password resets) and `check --deploy` fails, while commands that need no key
# (migrations, collectstatic) still run.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or (
    "django-insecure-local-development-only" if DEBUG else ""  # noqa: S105 (DEBUG only)
)

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "import_export",
    "django_celery_beat",
    "kern",
    "besluiten",
    "betalingen",
    "aanbod",
    "subsidie",
    "vouchers",
    "verantwoording",
]

MIDDLEWARE = [
    # Outermost, so it also sees what the other middleware turn into a 404 or a 500.
    "vouchers.api.ProblemsOutsideOperations",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kern.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "kern.middleware.PrivatePagesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires, so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        **env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        "CONN_MAX_AGE": env.int("DATABASE_CONN_MAX_AGE", default=0),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Authentication. Extra backends (OIDC for DigiD/eHerkenning in production) are added by
# configuration only; the apps never name a backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    *env.list("EXTRA_AUTHENTICATION_BACKENDS", default=[]),
    "django.contrib.auth.backends.ModelBackend",
    # Object rules (member of this organisation, provider of this enrolment): kern.permissions.
    "rules.permissions.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "kern.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed-login lockout (BIO 5.15): a username/IP pair is locked after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Huiswerkbegeleiding Den Haag")
OTP_TOTP_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Uploads are personal or business documents: stored outside the web root and
        # served only through views that check access.
        "OPTIONS": {
            "location": env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media"))
        },
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)

# Real mail unless developing: a production without a mail host fails the deploy check
# (kern.checks) instead of printing parents' and schools' mail to a log.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends."
    + ("console.EmailBackend" if DEBUG else "smtp.EmailBackend"),
)
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=None)
# The address in links that e-mails carry; never taken from a request's Host header.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="huiswerkbegeleiding@denhaag.example")

# Celery: without a broker, tasks run in-process at once, so nothing else is needed locally.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ACKS_LATE = True
# Loaded into django-celery-beat's database schedule when beat starts; editable there.
CELERY_BEAT_SCHEDULE = {
    "termijnwaarschuwingen": {
        "task": "subsidie.tasks.send_term_warnings",
        "schedule": crontab(hour=7, minute=0),
    },
    "termijnwaarschuwingen-bezwaren": {
        "task": "besluiten.tasks.send_objection_term_warnings",
        "schedule": crontab(hour=7, minute=5),
    },
    "aanbod-herinneringen": {
        "task": "aanbod.tasks.remind_out_of_date_offer",
        "schedule": crontab(hour=8, minute=0, day_of_week=1),
    },
    "doorverwijzingen-verwijderen": {
        "task": "aanbod.tasks.delete_closed_referrals",
        "schedule": crontab(hour=3, minute=45),
    },
    "termijnwaarschuwingen-betalingen": {
        "task": "betalingen.tasks.send_payment_term_warnings",
        "schedule": crontab(hour=7, minute=10),
    },
    "verantwoordingen-bewaken": {
        "task": "verantwoording.tasks.watch_reports",
        "schedule": crontab(hour=6, minute=30),
    },
    "vouchers-laten-verlopen": {
        "task": "vouchers.tasks.expire_vouchers",
        "schedule": crontab(hour=2, minute=30),
    },
    "bewaartermijnen-toepassen": {
        "task": "vouchers.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=15),
    },
    "vastgelopen-imports-stoppen": {
        "task": "vouchers.tasks.fail_stuck_imports",
        "schedule": crontab(minute="*/10"),
    },
    "vastgelopen-printopdrachten-stoppen": {
        "task": "vouchers.tasks.fail_stuck_print_runs",
        "schedule": crontab(minute="*/10"),
    },
}

# The pass-holder import: a file may mark at most this share of active holders as gone
# without an explicit confirmation; a step that runs longer than this is failed.
PASSHOLDER_MAX_GONE_SHARE = env.float("PASSHOLDER_MAX_GONE_SHARE", default=0.05)
PASSHOLDER_IMPORT_TIMEOUT_MINUTES = env.int("PASSHOLDER_IMPORT_TIMEOUT_MINUTES", default=60)
# A print run without a finished part for this long has lost its worker; it is failed so
# the administrator can start the missing parts again.
PRINT_RUN_TIMEOUT_MINUTES = env.int("PRINT_RUN_TIMEOUT_MINUTES", default=30)

# How long personal data is kept (AVG art. 5(1)(e)); the reasoning is in the README.
RETENTION = {
    "passholder_without_voucher_days": env.int("RETENTION_PASSHOLDER_DAYS", default=365),
    "passholder_with_voucher_years": env.int("RETENTION_VOUCHER_YEARS", default=7),
    "parent_account_days": env.int("RETENTION_PARENT_ACCOUNT_DAYS", default=365),
    "import_file_days": env.int("RETENTION_IMPORT_FILE_DAYS", default=30),
    "activation_attempt_days": env.int("RETENTION_ACTIVATION_ATTEMPT_DAYS", default=30),
    "account_recovery_days": env.int("RETENTION_ACCOUNT_RECOVERY_DAYS", default=365),
}

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere (templates use static files only), no frames, no
# foreign hosts: what an injected snippet could do is limited to nothing (BIO 14.2.1).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# The browser features the product never uses are switched off for every page.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()"
BEHIND_TLS_PROXY = env.bool("DJANGO_BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The address of the person, also behind the proxy (kern.audit.client_address), for the
# login lockout as for the activation throttle and the audit trail.
AXES_CLIENT_IP_CALLABLE = "kern.audit.client_address"

# The municipality's own account, from which subsidies are paid (SEPA credit transfers).
# No default account: without PAYER_IBAN no bank file is made and `check --deploy` fails.
PAYER_NAME = env.str("PAYER_NAME", default="Gemeente Den Haag")
PAYER_IBAN = env.str("PAYER_IBAN", default="")
PAYER_BIC = env.str("PAYER_BIC", default="")

# Application logs carry no personal data (BIO 8.15.02): the audit trail lives in the
# database, logs only say what failed.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

ADMINS = [("Beheer", address) for address in env.list("DJANGO_ADMIN_EMAILS", default=[])]
