"""Django settings, read from the data folder and the environment (nothing secret in the repo).

EXDOSE_DATA       the data folder (default ./exdose-data): SQLite database, secret key, uploads
EXDOSE_DATABASE_URL  postgresql://user:pass@host:port/db to use PostgreSQL instead of SQLite
EXDOSE_DEBUG      1 for development (never in production)
EXDOSE_ALLOWED_HOSTS  comma-separated host names (default: localhost names)
EXDOSE_INSECURE_COOKIES  1 to serve plain http on a loopback address (the demo); cookies stay
                  HttpOnly and SameSite but lose the Secure flag
"""

from __future__ import annotations

import os
from pathlib import Path

from exdose.web.datadir import data_dir, database_from_url, secret_key

DATA_DIR = data_dir()
BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = secret_key(DATA_DIR)
DEBUG = os.environ.get("EXDOSE_DEBUG") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("EXDOSE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(
        ","
    )
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "exdose.web.apps.WebConfig",
    "exdose.web.review.apps.ReviewConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "exdose.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "exdose.web.middleware.UserLanguageMiddleware",
]

ROOT_URLCONF = "exdose.web.root_urls"
WSGI_APPLICATION = "exdose.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "exdose.web.context.features",
            ]
        },
    }
]

_url = os.environ.get("EXDOSE_DATABASE_URL")
if _url:
    DATABASES = {"default": database_from_url(_url)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "exdose.sqlite3"),
            # WAL and a busy timeout let the job worker and the server write side by side.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

_secure = os.environ.get("EXDOSE_INSECURE_COOKIES") != "1"
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_NAME = "exdose_session"
CSRF_COOKIE_NAME = "exdose_csrf"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = 0 if not _secure else 31536000
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("EXDOSE_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nb", "Norsk bokmål"), ("sv", "Svenska")]
LOCALE_PATHS = [str(BASE_DIR / "locale")]
USE_I18N = True
TIME_ZONE = os.environ.get("EXDOSE_TIME_ZONE", "Europe/Oslo")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = str(DATA_DIR / "static")
(DATA_DIR / "static").mkdir(exist_ok=True)
STATICFILES_DIRS: list[str] = []
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGIN_THROTTLE_FAILURES = 5
LOGIN_THROTTLE_MINUTES = 15

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
