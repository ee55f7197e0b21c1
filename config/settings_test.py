"""Test settings: the production settings with a throwaway key and a fast password hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret-" + "x" * 40)
# The standard example account of Dutch banks, for bank files made in tests.
os.environ.setdefault("PAYER_IBAN", "NL91ABNA0417164300")
os.environ.setdefault("PAYER_BIC", "ABNANL2A")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client speaks plain HTTP.
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run inline in tests, also where CELERY_BROKER_URL names a real broker; the worker
# test switches this off to go through that broker.
CELERY_TASK_ALWAYS_EAGER = True
