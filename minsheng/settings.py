"""Settings for the minsheng portal.

Everything that differs between a laptop and a server comes from the environment.
With nothing set, the portal runs on an SQLite file inside the project, answers only to
local host names, and DEBUG is off: debug pages only when DEBUG=true (`dev.py serve` sets
it for the demo). A server says DEBUG=false (or PRODUCTION=true): then it needs a
SECRET_KEY, and HTTPS, HSTS and secure cookies are on.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


DEBUG = env_bool("DEBUG", False)
# Not tied to DEBUG being off: the tests and a laptop run with DEBUG off over plain HTTP.
# A server says DEBUG=false explicitly, as the deployment guide does.
PRODUCTION = env_bool("PRODUCTION", os.environ.get("DEBUG", "").strip() != "" and not DEBUG)
LOCAL_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ",".join(LOCAL_HOSTS))
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # A portal answering to a real host name is a server, whatever else it forgot to say.
    if PRODUCTION or set(ALLOWED_HOSTS) - set(LOCAL_HOSTS):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off on a server (DEBUG=false, PRODUCTION=true "
            "or ALLOWED_HOSTS naming other hosts than 127.0.0.1, localhost and testserver)"
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

INSTALLED_APPS = [
    "django.contrib.sitemaps",
    # The admin site of accounts.admin_site: every model admin scoped, or closed (default deny).
    "accounts.admin_site.ScopedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "import_export",
    "projects",
    "progress",
    "importers",
    "accounts",
    "supervision",
    "portal",
    "cycle",
    "api",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "auditlog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server, compressed and cached forever by name.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "minsheng.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "minsheng.middleware.OpenDataCorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last: it answers locked-out logins before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "minsheng.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.scope",
            ],
        },
    },
    {
        # Only the public pages' loop-heavy fragments (<app>/jinja2/), inserted into the
        # Django templates above: see minsheng/jinja.py.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "minsheng.jinja.environment"},
    },
]

WSGI_APPLICATION = "minsheng.wsgi.application"

# The embedded default keeps the two-command quick start free of any server.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Uploaded documents larger than this are refused before parsing.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_UPLOAD_BYTES

IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# The public's proposal form (cycle): a person needs a few seconds to write a proposal, a
# script does not; a form sent sooner after it was opened is refused.
PROPOSAL_MIN_FILL_SECONDS = env_int("PROPOSAL_MIN_FILL_SECONDS", 5)

# Evidence attachments on progress reports.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# Pictures are refused above this many pixels, read from the header before decoding.
EVIDENCE_MAX_PIXELS = env_int("EVIDENCE_MAX_PIXELS", 40_000_000)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "progress:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Mail: the console in development and the demo; SMTP settings from the environment otherwise.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "minsheng@localhost")
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: where mails are written.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None
# The portal's own address, for links in reminder mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# A second 催办 of the same item within this many days asks the office to confirm first.
REMIND_AGAIN_DAYS = env_int("REMIND_AGAIN_DAYS", 3)

# Our own date formats first (3月31日, not 03月31日), then Django's for each language.
FORMAT_MODULE_PATH = ["minsheng.formats"]

# The open-data API (api/): read-only, anonymous, paginated, described by OpenAPI 3.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "民生实事开放数据接口",
    "DESCRIPTION": (
        "江门市及所辖区（市）已公开的年度民生实事：年度计划、项目、责任单位、节点目标和"
        "经督查室审核的进展情况。接口只读，无需登录，数据以 UTF-8 编码的 JSON 返回。"
        "Read-only open data on the published yearly livelihood projects of Jiangmen and "
        "its districts."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # BaseLayout shows no validator badge; never let Swagger UI call an outside host.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}


# -- running as a service --------------------------------------------------------------

# Redis as cache and session store when REDIS_URL is set; else the process-local cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "minsheng.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "minsheng"),
            "TIMEOUT": 600,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Uploaded files on local disk by default; any Django storage backend through the
# environment (e.g. STORAGE_BACKEND=storages.backends.s3.S3Storage with its own settings).
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Sessions end eight hours after login (a working day), and when the browser closes.
# (Not renewed on every request: that would write the session on every page.)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Security headers. HTTPS settings are on in production (behind TLS termination, set
# SECURE_PROXY_SSL_HEADER_NAME, e.g. HTTP_X_FORWARDED_PROTO).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
if os.environ.get("SECURE_PROXY_SSL_HEADER_NAME"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER_NAME"], "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Content Security Policy (django-csp): only this site's own scripts, styles and images.
# Swagger UI's page needs an inline bootstrap script, so the API docs allow 'unsafe-inline'
# for scripts through a per-view override (api/views.py); no page loads anything from
# elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # the admin and ECharts' SVG use style attributes
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Failed-login throttling (django-axes): five failures lock that username from that
# address for 30 minutes; the lockout page says so.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)

# Structured logs: one JSON object per line on stderr, for journald or any collector.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}

# The audit trail (django-auditlog): every change to these records keeps who, when, and
# each field before and after. Workflow steps that update in bulk log themselves
# (progress/workflow.py).
AUDIT_SKIP = ["created", "last_updated", "sort_key", "version"]
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "projects.Program", "exclude_fields": AUDIT_SKIP},
    {"model": "projects.Category", "exclude_fields": AUDIT_SKIP},
    {"model": "projects.Task", "exclude_fields": AUDIT_SKIP},
    {"model": "projects.TaskUnit", "exclude_fields": AUDIT_SKIP},
    {"model": "projects.Milestone", "exclude_fields": AUDIT_SKIP},
    {"model": "projects.Unit", "exclude_fields": AUDIT_SKIP},
    {"model": "projects.UnitAlias", "exclude_fields": AUDIT_SKIP},
    {"model": "progress.Report", "exclude_fields": AUDIT_SKIP},
    {"model": "progress.MilestoneUpdate", "exclude_fields": AUDIT_SKIP},
    {"model": "progress.ChangeRequest", "exclude_fields": AUDIT_SKIP},
    {"model": "progress.Attachment", "exclude_fields": AUDIT_SKIP},
    {"model": "accounts.Account", "exclude_fields": AUDIT_SKIP},
    {"model": "supervision.SupervisionNotice", "exclude_fields": AUDIT_SKIP},
    # The yearly cycle's office actions. Ballot codes and cast ballots are left out on
    # purpose: the trail must never tell how a code voted (cycle/models.py).
    {"model": "cycle.Call", "exclude_fields": AUDIT_SKIP},
    {"model": "cycle.Proposal", "exclude_fields": AUDIT_SKIP},
    {"model": "cycle.Candidate", "exclude_fields": AUDIT_SKIP},
    {"model": "cycle.CandidateMilestone", "exclude_fields": AUDIT_SKIP},
    {"model": "cycle.VoteSession", "exclude_fields": AUDIT_SKIP},
    {"model": "cycle.Tally", "exclude_fields": AUDIT_SKIP},
    {"model": "cycle.Evaluation", "exclude_fields": AUDIT_SKIP},
    {"model": "cycle.EvaluationTally", "exclude_fields": AUDIT_SKIP},
    {"model": "auth.User", "exclude_fields": ["password", "last_login"]},
)
