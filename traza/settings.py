"""Traza settings, read from environment variables (see .env.example and the README table)."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from traza.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    load_dotenv,
)

BASE_DIR = Path(__file__).resolve().parent
load_dotenv(Path(os.environ.get("TRAZA_ENV_FILE", Path.cwd() / ".env")))

DATA_DIR = env_path("TRAZA_DATA_DIR", Path.cwd() / "var")
DEBUG = env_bool("DEBUG", False)

INSECURE_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", INSECURE_KEY)
if SECRET_KEY == INSECURE_KEY and not DEBUG and not env_bool("TRAZA_TESTING", False):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production refuses to start with the default key: "
        "set SECRET_KEY (for example in .env) or DEBUG=true for development."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "traza.core",
    "traza.agencies",
    "traza.catalog",
    "traza.industry",
    "traza.imports",
    "traza.tracing",
    "traza.international",
    "traza.stats",
    "traza.intel",
    "traza.notifications",
    "traza.audit",
    "traza.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "traza.core.security.SecurityHeadersMiddleware",
    "traza.audit.context.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "traza.agencies.sessions.SessionSecurityMiddleware",
    "traza.core.middleware.UserLanguageMiddleware",
    "traza.core.middleware.RefuseNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "traza.urls"
CSRF_FAILURE_VIEW = "traza.core.views.csrf_failure"
WSGI_APPLICATION = "traza.wsgi.application"
AUTH_USER_MODEL = "agencies.User"
AUTHENTICATION_BACKENDS = ["traza.agencies.backends.AccountBackend"]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "traza.core.context_processors.navigation",
                "traza.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", "sqlite:///traza.sqlite3"), data_dir=DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# An operator's own list of breached passwords (one a line, plain or .gz), checked besides Django's common ones.
TRAZA_PASSWORD_BLOCKLIST = env_str("TRAZA_PASSWORD_BLOCKLIST", "")
if TRAZA_PASSWORD_BLOCKLIST:
    AUTH_PASSWORD_VALIDATORS.append(
        {
            "NAME": "django.contrib.auth.password_validation.CommonPasswordValidator",
            "OPTIONS": {"password_list_path": TRAZA_PASSWORD_BLOCKLIST},
        }
    )
PASSWORD_RESET_TIMEOUT = env_int("TRAZA_INVITE_HOURS", 72) * 3600

LANGUAGE_CODE = env_str("TRAZA_LANGUAGE", "es")
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TRAZA_TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "files"}},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "files"

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
TRAZA_MAX_UPLOAD_MB = env_int("TRAZA_MAX_UPLOAD_MB", 100)
# Imports: the longest one database statement of an import may run (PostgreSQL), and the memory (address
# space, MB) the worker's import task may take above what the worker already uses (0: no limit).
TRAZA_IMPORT_STATEMENT_TIMEOUT = env_int("TRAZA_IMPORT_STATEMENT_TIMEOUT", 1800)
TRAZA_IMPORT_MEMORY_MB = env_int("TRAZA_IMPORT_MEMORY_MB", 4096)
TRAZA_QUERY_DUE_HOURS = env_int("TRAZA_QUERY_DUE_HOURS", 24)
TRAZA_INTERNATIONAL_DUE_DAYS = env_int("TRAZA_INTERNATIONAL_DUE_DAYS", 30)
# Statistics: the smallest count shown when a figure crosses agencies, the anonymous public page, and how
# far apart two recoveries of one gun must be to raise a custody alert.
TRAZA_STATS_MIN_CELL = env_int("TRAZA_STATS_MIN_CELL", 5)
TRAZA_PUBLIC_STATS = env_bool("TRAZA_PUBLIC_STATS", False)
TRAZA_CUSTODY_DAYS = env_int("TRAZA_CUSTODY_DAYS", 30)
# Suspect guns: days a flag lasts unless the investigator says otherwise, and the longest it may be set to last.
TRAZA_SUSPECT_DAYS = env_int("TRAZA_SUSPECT_DAYS", 365)
TRAZA_SUSPECT_MAX_DAYS = env_int("TRAZA_SUSPECT_MAX_DAYS", 730)
TRAZA_EMBEDDED_WORKER = env_bool("TRAZA_EMBEDDED_WORKER", DATABASES["default"]["ENGINE"].endswith("sqlite3"))
TRAZA_WEB_WORKERS = env_int("TRAZA_WEB_WORKERS", 2)

# E-mail (notifications a user chose to receive by e-mail). Without EMAIL_HOST, messages are written to the
# console (standard output); with it, sent through that SMTP server.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "traza@localhost")
# The address people open Traza at, for the links in e-mail.
TRAZA_SITE_URL = env_str("TRAZA_SITE_URL", "http://localhost:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "traza.core.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "traza.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "traza.core.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "traza.core.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Traza API",
    "DESCRIPTION": "Submit firearm traces and read their results.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "traza.core.schema.document_shared_errors",
        "traza.core.schema.any_of_without_discriminator",
    ],
}

# Security. Behind TRAZA_PROXIES reverse proxies, the client's address and scheme come from their headers.
TRAZA_PROXIES = env_int("TRAZA_PROXIES", 0)
SECURE_COOKIES = env_bool("SECURE_COOKIES", False)
if TRAZA_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = SECURE_COOKIES
SECURE_HSTS_SECONDS = env_int("TRAZA_HSTS_SECONDS", 31536000) if SECURE_COOKIES else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading binds the whole domain to HTTPS in browsers for good: the domain owner's decision, not Traza's.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
TRAZA_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# The API docs pages (Swagger UI, Redoc) inject their own styles and run a search worker.
TRAZA_DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
TRAZA_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = SECURE_COOKIES
TRAZA_SESSION_IDLE_MINUTES = env_int("TRAZA_SESSION_IDLE_MINUTES", 30)
TRAZA_SESSION_MAX_HOURS = env_int("TRAZA_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = TRAZA_SESSION_MAX_HOURS * 3600
TRAZA_LOCKOUT_FAILURES = env_int("TRAZA_LOCKOUT_FAILURES", 5)
TRAZA_LOCKOUT_ACCOUNT_FAILURES = env_int("TRAZA_LOCKOUT_ACCOUNT_FAILURES", 25)
TRAZA_LOCKOUT_MINUTES = env_int("TRAZA_LOCKOUT_MINUTES", 15)
TRAZA_REVEAL_MINUTES = env_int("TRAZA_REVEAL_MINUTES", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
