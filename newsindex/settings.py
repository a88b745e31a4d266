"""Settings for newsindex, read from the environment so the demo needs none and production sets a few.

Environment: DATABASE_URL, SEARCH_URL, SEARCH_INDEX_DIR, MEDIA_ROOT, SECRET_KEY, DEBUG, ALLOWED_HOSTS,
CSRF_TRUSTED_ORIGINS, SECURE_SSL_REDIRECT, TRUST_X_FORWARDED_PROTO, SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE,
SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD, STATIC_ROOT, LOG_LEVEL, LOG_STREAM.
The production values are in the README ("Production").
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsindex.search_url import parse_search_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name) or str(default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number, e.g. {name}=31536000.") from None


DEBUG = _env_flag("DEBUG")
# A fixed key is only acceptable for the local demo; production sets SECRET_KEY (see README).
# The "django-insecure-" prefix makes `check --deploy` flag a deployment that forgot to (security.W009).
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-newsindex-demo-key-change-me-in-production-0123456789"
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")  # e.g. https://news.example.org

# HTTPS. All off by default so the demo works on plain http://127.0.0.1; production turns them on.
SECURE_SSL_REDIRECT = _env_flag("SECURE_SSL_REDIRECT")
# Load balancers probe over plain HTTP inside the network; a redirect would read as "unhealthy".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Only behind a proxy that terminates TLS and sets (and strips incoming) X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _env_flag("TRUST_X_FORWARDED_PROTO") else None
SESSION_COOKIE_SECURE = _env_flag("SESSION_COOKIE_SECURE")
CSRF_COOKIE_SECURE = _env_flag("CSRF_COOKIE_SECURE")
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_flag("SECURE_HSTS_PRELOAD")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Before haystack: our rebuild_index command (build beside, then swap) replaces haystack's.
    "articles",
    "haystack",
]

MIDDLEWARE = [
    "newsindex.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # No inline or foreign script on any page (newsindex/security.py).
    "newsindex.security.ContentSecurityPolicyMiddleware",
    # Right after SecurityMiddleware, as WhiteNoise's docs require: static files skip the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Public pages answer GET and HEAD only: a POST is a 405, decided before CSRF checking (articles/web/methods.py).
    "articles.web.methods.ReadOnlyPagesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # An article's former slug answers 301 with its current permalink (only looks at 404s).
    "articles.web.redirects.SlugRedirectMiddleware",
    # A NUL in an admin URL's filters or search is a 400, not a database error (articles/admin/query_strings.py).
    "articles.admin.query_strings.AdminNulQueryStringMiddleware",
    # A bulk action on selected rows that are not ids goes back to its list with a message (articles/admin/selections.py).
    "articles.admin.selections.BulkActionSelectionMiddleware",
]

ROOT_URLCONF = "newsindex.urls"

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

WSGI_APPLICATION = "newsindex.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'newsindex.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A writer waits up to 30 s for another's lock instead of Python's default 5 s (two imports at once;
    # imports write with BEGIN IMMEDIATE, see articles/imports/pipeline.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 30)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names and gzip copies (Brotli too if the brotli package is installed), written by
    # `collectstatic` and served by WhiteNoise with far-future cache headers. Tests use the plain storage.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR") or VAR_DIR / "whoosh_index")
HAYSTACK_CONNECTIONS = {
    # Default: our subclass of haystack's Whoosh backend (a searcher reused across requests, facets and
    # filters as Whoosh filter queries, diacritics-folding analysis) on SEARCH_INDEX_DIR.
    # SEARCH_URL=solr://... or elasticsearch://... selects haystack's own backends instead.
    "default": parse_search_url(os.environ.get("SEARCH_URL") or "whoosh://", whoosh_path=SEARCH_INDEX_DIR),
}
# Errors from the index must surface, not vanish (a swallowed LockError loses a delete).
HAYSTACK_SILENTLY_FAIL = False
# Indexing happens explicitly after each import commits; no per-save signal processor.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Imports: stop reading an upload past ARTICLES_MAX_UPLOAD_BYTES (articles/uploads.py), then Django's own.
FILE_UPLOAD_HANDLERS = [
    "articles.imports.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

LOG_STREAM = os.environ.get("LOG_STREAM") or "stdout"
if LOG_STREAM not in ("stdout", "stderr"):
    raise ImproperlyConfigured(f"LOG_STREAM={LOG_STREAM!r} is not a stream; use stdout or stderr.")
LOG_LEVEL = os.environ.get("LOG_LEVEL") or "INFO"
# One JSON object per line (newsindex/logs.py): requests with path, status and duration; imports per file.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "newsindex.logs.JsonFormatter"}},
    "handlers": {"stream": {"class": "logging.StreamHandler", "formatter": "json", "stream": f"ext://sys.{LOG_STREAM}"}},
    "root": {"handlers": ["stream"], "level": "WARNING"},
    "loggers": {
        "articles": {"handlers": ["stream"], "level": LOG_LEVEL, "propagate": False},
        "newsindex": {"handlers": ["stream"], "level": LOG_LEVEL, "propagate": False},
        # Requests are logged once, by newsindex.requests; Django's own copy of 4xx/5xx lines would repeat them.
        "django.request": {"handlers": ["stream"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["stream"], "level": "ERROR", "propagate": False},
    },
}
