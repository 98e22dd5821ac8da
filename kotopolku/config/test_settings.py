"""Overrides for the test suite only; everything else comes from settings.py."""

import os

os.environ.setdefault("KOTOPOLKU_MODE", "demo")

from kotopolku.config.settings import *  # noqa: F403
from kotopolku.config.settings import DATABASES

# What the policy declares is enforced: a personal_data route that logs no read fails the test.
AUDIT_REQUIRE_DECLARED_READS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": None}  # in memory
# Tests compare messages with their English source text; the product default is Finnish.
LANGUAGE_CODE = "en"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "CRITICAL"}}
