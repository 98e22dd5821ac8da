"""Kotopolku settings: one module, driven by the environment, failing loudly.

Every variable is documented in README.md ("Configuration"). `KOTOPOLKU_MODE` is
`production` (the default) or `demo`; it is independent of `KOTOPOLKU_DEBUG`.
Production mode refuses to start with an unsafe value (see `_refuse_unsafe_production`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kotopolku.core.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_optional_int,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parents[2]
PACKAGE_DIR = BASE_DIR / "kotopolku"
VAR_DIR = Path(env_str("KOTOPOLKU_VAR_DIR", str(BASE_DIR / "var")))

# --- Mode -------------------------------------------------------------------------------------

MODE = env_choice("KOTOPOLKU_MODE", ("production", "demo"), "production")
DEMO_MODE = MODE == "demo"
PRODUCTION_MODE = MODE == "production"
DEBUG = env_bool("KOTOPOLKU_DEBUG", False)

_DEMO_SECRET_SEED = "kotopolku-demo-mode-only-secret"  # noqa: S105 (demo mode only)
DEMO_SECRET_KEY = "demo-" + hashlib.sha256(_DEMO_SECRET_SEED.encode()).hexdigest()
SECRET_KEY = env_secret("KOTOPOLKU_SECRET_KEY") or (DEMO_SECRET_KEY if DEMO_MODE else "")

ALLOWED_HOSTS = env_list(
    "KOTOPOLKU_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEMO_MODE else []
)
CSRF_TRUSTED_ORIGINS = env_list("KOTOPOLKU_CSRF_TRUSTED_ORIGINS")

# --- Applications -----------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "kotopolku.core",
    "kotopolku.orgs",
    "kotopolku.accounts",
    "kotopolku.access",
    "kotopolku.audit",
    "kotopolku.clients",
    "kotopolku.casework",
    "kotopolku.catalog",
    "kotopolku.referrals",
    "kotopolku.courses",
    "kotopolku.programme",
    "kotopolku.public",
    "kotopolku.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kotopolku.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kotopolku.accounts.middleware.SessionExpiryMiddleware",
    "kotopolku.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kotopolku.core.middleware.RefuseControlCharactersMiddleware",
    "kotopolku.audit.middleware.AuditMiddleware",
    "kotopolku.access.middleware.AccessPolicyMiddleware",
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ROOT_URLCONF = "kotopolku.config.urls"
WSGI_APPLICATION = "kotopolku.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "kotopolku.core.context_processors.shell",
            ],
            "string_if_invalid": "",
        },
    }
]

# --- Database ---------------------------------------------------------------------------------

_default_sqlite = f"sqlite:///{VAR_DIR / 'kotopolku.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", _default_sqlite)
if _default_sqlite == DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
try:
    DATABASES: dict[str, Any] = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("KOTOPOLKU_DB_CONN_MAX_AGE", 60)
        )
    }
except ValueError as exc:  # dj-database-url raises ValueError for unknown schemes
    raise ImproperlyConfigured(f"DATABASE_URL: {exc}") from exc
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side parameter binding lets psycopg prepare statements a connection runs often,
    # so PostgreSQL plans each of them once per connection instead of on every request.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env_bool(
        "KOTOPOLKU_DB_SERVER_SIDE_BINDING", True
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions -----------------------------------------------------------------------

_cache_url = env_str("KOTOPOLKU_CACHE_URL")
if _cache_url.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif _cache_url:
    raise ImproperlyConfigured("KOTOPOLKU_CACHE_URL: only redis:// URLs are supported")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

SESSION_IDLE_SECONDS = env_int("KOTOPOLKU_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_ABSOLUTE_SECONDS = env_int("KOTOPOLKU_SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60, minimum=300)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "kotopolku_session"
CSRF_COOKIE_NAME = "kotopolku_csrftoken"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "kotopolku.core.views.csrf_failure"

# --- Accounts and authentication --------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("KOTOPOLKU_PASSWORD_RESET_SECONDS", 60 * 60, minimum=300)

# Two-factor login (TOTP) is required for every staff account in production mode; in demo
# mode it is optional (a user who has set it up is still asked for it).
REQUIRE_2FA = env_bool("KOTOPOLKU_REQUIRE_2FA", PRODUCTION_MODE)
OTP_TOTP_ISSUER = env_str("KOTOPOLKU_OTP_ISSUER", "Kotopolku")
LOCKOUT_THRESHOLD = env_int("KOTOPOLKU_LOCKOUT_THRESHOLD", 5, minimum=1)
LOCKOUT_SECONDS = env_int("KOTOPOLKU_LOCKOUT_SECONDS", 15 * 60, minimum=1)
# Failed sign-ins from one client address (any usernames) within LOCKOUT_SECONDS after which
# that address may not try again until the window has passed.
LOCKOUT_ADDRESS_THRESHOLD = env_int("KOTOPOLKU_LOCKOUT_ADDRESS_THRESHOLD", 20, minimum=1)
REAUTH_SECONDS = env_int("KOTOPOLKU_REAUTH_SECONDS", 10 * 60, minimum=30)
API_TOKEN_DEFAULT_DAYS = env_int("KOTOPOLKU_API_TOKEN_DEFAULT_DAYS", 90, minimum=1)
API_TOKEN_MAX_DAYS = env_int("KOTOPOLKU_API_TOKEN_MAX_DAYS", 365, minimum=1)
DEMO_PASSWORD = env_secret("KOTOPOLKU_DEMO_PASSWORD", "kotopolku-demo")

# --- Security headers -------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("KOTOPOLKU_SECURE_COOKIES", PRODUCTION_MODE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("KOTOPOLKU_SSL_REDIRECT", PRODUCTION_MODE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int(
    "KOTOPOLKU_HSTS_SECONDS", 31_536_000 if PRODUCTION_MODE else 0, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KOTOPOLKU_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION_MODE)
SECURE_HSTS_PRELOAD = env_bool("KOTOPOLKU_HSTS_PRELOAD", PRODUCTION_MODE)
if env_bool("KOTOPOLKU_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind N reverse proxies, the client address is the N-th entry from the right in X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("KOTOPOLKU_TRUSTED_PROXY_COUNT", 0, minimum=0)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
    }
}

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "kotopolku_language"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
# Finnish date conventions in fi, sv and en (6.12.2026): kotopolku/core/formats
FORMAT_MODULE_PATH = ["kotopolku.core.formats"]
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
_manifest = env_bool("KOTOPOLKU_STATIC_MANIFEST", PRODUCTION_MODE)
# Production serves the collected, hashed files (`kotopolku collectstatic`); demo and tests
# serve straight from the package.
STATIC_ROOT = Path(env_str("KOTOPOLKU_STATIC_ROOT", str(VAR_DIR / "static"))) if _manifest else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _manifest
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not _manifest

# --- E-mail -----------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env_str("KOTOPOLKU_DEFAULT_FROM_EMAIL", "kotopolku@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("KOTOPOLKU_EMAIL_HOST")
EMAIL_PORT = env_int("KOTOPOLKU_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("KOTOPOLKU_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("KOTOPOLKU_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("KOTOPOLKU_EMAIL_USE_TLS", True)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEMO_MODE:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

# --- Background tasks -------------------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env_bool("KOTOPOLKU_TASK_WORKERS", False)
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# --- Courses: the quarterly timetable runs (docs/courses.md, "Timetable runs") ----------------

# The default time limit of a solve, in seconds, and the quarter TOML the runs read (unset: the
# demo quarter in the package). Browser tests point both at a tiny quarter.
KOTOPOLKU_TIMETABLE_SECONDS = env_int("KOTOPOLKU_TIMETABLE_SECONDS", 60, minimum=1)
if env_str("KOTOPOLKU_TIMETABLE_QUARTER_FILE", ""):
    KOTOPOLKU_TIMETABLE_QUARTER_FILE = env_str("KOTOPOLKU_TIMETABLE_QUARTER_FILE", "")

# --- API --------------------------------------------------------------------------------------

NINJA_PAGINATION_MAX_LIMIT = 500

# --- Client register ----------------------------------------------------------------------

# Bases of residence for which the three-year integration window does not limit the
# assessment and first plan (DOMAIN.md 1.6: trafficking victims may be assessed later).
WINDOW_EXEMPT_BASES = env_list("KOTOPOLKU_WINDOW_EXEMPT_BASES", ["trafficking_victim"])

# --- Casework: the organisation's own targets where DOMAIN.md marks the law unverified ([U]) --
# Each number is a parameter of its rule version (casework/rule_versions.py, marked `own_target`);
# unset (None) means the version's number, shown in docs/casework.md. A setting that would
# override a number of the law is refused at start-up (system check kotopolku.E010).

# The assessment starts within this many months of the client entering the register (the
# practice of the previous act 1386/2010; Act 681/2023 sets no time limit that was found).
ASSESSMENT_START_MONTHS = env_optional_int("KOTOPOLKU_ASSESSMENT_START_MONTHS", minimum=1)
# "Without delay" after the assessment: the plan is due this many days after it (the
# previous act's two weeks as the default).
PLAN_AFTER_ASSESSMENT_DAYS = env_optional_int("KOTOPOLKU_PLAN_AFTER_ASSESSMENT_DAYS", minimum=1)
# A plan in force is reviewed at least this often (new-law frequency unverified).
PLAN_REVIEW_MONTHS = env_optional_int("KOTOPOLKU_PLAN_REVIEW_MONTHS", minimum=1)
# How the two-year maximum of the plans is counted (C5 [U]): "calendar" time from the first
# plan's start under Act 681/2023 (the stricter reading, default), or "plan_days".
PLAN_MAXIMUM_COUNTING = env_choice(
    "KOTOPOLKU_PLAN_MAXIMUM_COUNTING", ("calendar", "plan_days"), "calendar"
)
# The longest total extension of the two-year maximum a decision may grant, in months.
PLAN_EXTENSION_MAX_MONTHS = env_optional_int("KOTOPOLKU_PLAN_EXTENSION_MAX_MONTHS", minimum=1)
# A tray entry not reviewed by its owner for this many months is flagged to the owner.
CATALOG_REVIEW_MONTHS = env_int("KOTOPOLKU_CATALOG_REVIEW_MONTHS", 6, minimum=1)
# Finnish morphology for the tray's search: "auto" uses Voikko when libvoikko and its Finnish
# dictionary are installed (else the documented fallback), "off" always uses the fallback.
VOIKKO = env_str("KOTOPOLKU_VOIKKO", "auto")
# An open referral without a status change for this many days shows as stale on the caseload.
REFERRAL_STALE_DAYS = env_int("KOTOPOLKU_REFERRAL_STALE_DAYS", 14, minimum=1)
# The address the service answers at, for links in e-mails sent without a request (the daily
# reminders); empty: https://<first allowed host>.
BASE_URL = env_str("KOTOPOLKU_BASE_URL", "")
# Reminder e-mails list steps due within this many days.
REMINDER_HORIZON_DAYS = env_int("KOTOPOLKU_REMINDER_HORIZON_DAYS", 14, minimum=0)

# --- Courses: the demand of a quarter (courses/rules.py, docs/courses-demand.md) ---------------
# A language becomes a course language of a theme when this many clients need the theme in it
# (the organisation's own choice, not law); unset (None): the rule's number (5).
COURSE_LANGUAGE_THRESHOLD = env_optional_int("KOTOPOLKU_COURSE_LANGUAGE_THRESHOLD", minimum=1)
# The shared-language groups, always offered, that clients below the threshold join with an
# interpreter: the first one unless they know another (Finnish, then English by default).
COURSE_SHARED_LANGUAGES = env_list("KOTOPOLKU_COURSE_SHARED_LANGUAGES", ["fi", "en"])

# --- Audit ------------------------------------------------------------------------------------

AUDIT_READS = env_bool("KOTOPOLKU_AUDIT_READS", True)
# PostgreSQL: commit access-log inserts without waiting for the WAL flush (see
# recorder.flush_reads). Off by default: the log is durable before the page is sent.
AUDIT_ASYNC_COMMIT = env_bool("KOTOPOLKU_AUDIT_ASYNC_COMMIT", False)
# Tests only (test_settings): a successful answer of a route whose access rule says
# personal_data=True fails unless the request logged a read (audit.middleware).
AUDIT_REQUIRE_DECLARED_READS = False
AUDIT_RETENTION_DAYS = env_int("KOTOPOLKU_AUDIT_RETENTION_DAYS", 5 * 365, minimum=2 * 365)

# --- Statements --------------------------------------------------------------------------------

# The accessibility feedback channel (Act 306/2019: answered within 14 days) and the
# controller named in the privacy notice; each installation sets its own.
ACCESSIBILITY_FEEDBACK_EMAIL = env_str(
    "KOTOPOLKU_ACCESSIBILITY_FEEDBACK_EMAIL", "saavutettavuus@example.invalid"
)
PRIVACY_CONTROLLER = env_str("KOTOPOLKU_PRIVACY_CONTROLLER", "")
PRIVACY_CONTACT_EMAIL = env_str("KOTOPOLKU_PRIVACY_CONTACT_EMAIL", "tietosuoja@example.invalid")

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Every handler masks a henkilötunnus in what it writes (request lines, errors).
    "filters": {"mask_hetu": {"()": "kotopolku.core.logfilter.MaskHenkilotunnus"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_hetu"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("KOTOPOLKU_LOG_LEVEL", "WARNING")},
    # Django's own loggers get the masking handler too (its defaults have their own handlers).
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": env_str("KOTOPOLKU_LOG_LEVEL", "WARNING"),
            "propagate": False,
        },
        "django.server": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}


def _refuse_unsafe_production() -> None:
    """Stop start-up in production mode when a setting would be unsafe."""
    problems: list[str] = []
    if DEBUG:
        problems.append("KOTOPOLKU_DEBUG must be off in production mode")
    if not SECRET_KEY:
        problems.append("KOTOPOLKU_SECRET_KEY (or KOTOPOLKU_SECRET_KEY_FILE) must be set")
    elif SECRET_KEY == DEMO_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
        problems.append("KOTOPOLKU_SECRET_KEY must not be the demo or an insecure key")
    elif len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        problems.append("KOTOPOLKU_SECRET_KEY must be at least 50 characters of random data")
    if not ALLOWED_HOSTS:
        problems.append("KOTOPOLKU_ALLOWED_HOSTS must list the host names the service answers to")
    elif "*" in ALLOWED_HOSTS:
        problems.append("KOTOPOLKU_ALLOWED_HOSTS must not contain '*'")
    if not REQUIRE_2FA:
        problems.append("KOTOPOLKU_REQUIRE_2FA cannot be turned off in production mode")
    if not SESSION_COOKIE_SECURE:
        problems.append("KOTOPOLKU_SECURE_COOKIES cannot be turned off in production mode")
    if not AUDIT_READS:
        problems.append("KOTOPOLKU_AUDIT_READS cannot be turned off in production mode")
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start in production mode:\n- " + "\n- ".join(problems)
        )


if PRODUCTION_MODE:
    _refuse_unsafe_production()
