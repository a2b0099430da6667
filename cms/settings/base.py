"""Settings shared by every environment; each value an operator may change comes from cms.foundation.config."""

import re
from pathlib import Path
from typing import Any

from cms.foundation import config, warm_heap

from .security import *  # noqa: F403

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(config.env("VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "cms",
    "bodies",
    "interpretation",
    "interpretation.working_days",
    "interpretation.events",
    "interpretation.disclosure_requests",
    "channels",
    "channels.partners",
    "channels.watcher",
    "media_templates",
    "security",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "captcha",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "security.headers.CSPMiddleware",  # before whitenoise: static files carry the policy too
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files answer here, compressed by collectstatic
    "interpretation.public.static_site.middleware.StaticSiteMiddleware",  # released pages, as nginx serves them
    "cms.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "security.headers.AdminScriptNonceMiddleware",  # inside gzip: nonces Wagtail's own admin <script> tags
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The account's gates, in order: an expired session ends; then the second factor; then a password to change.
    "security.sessions.SessionTimeoutMiddleware",
    "security.otp.middleware.SecondFactorMiddleware",
    "security.middleware.PasswordPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.middleware.AtomicAdminWritesMiddleware",
    "cms.foundation.acting.ActingUserMiddleware",
    "interpretation.refusals.ReleaseRefusalMiddleware",
    "cms.foundation.warm_heap.FreezeWarmHeapMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into security.lockout's response
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked account before its password is checked
    "django.contrib.auth.backends.ModelBackend",
]
#: Requests after which a web process freezes its warm heap out of garbage collection (cms.foundation.warm_heap).
WEB_HEAP_FREEZE_AFTER = warm_heap.FREEZE_AFTER_REQUESTS

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": config.database(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Locale: the admin and the public site are Chinese; every datetime is aware, in Beijing time.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]  # every user works in Beijing time: no list of the world's zones in the account
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The portal's dates, 2026-12-06 15:30, in the admin's listings and forms too (the zh_Hans locale's 2026年12月6日
# would otherwise win over the settings below).
FORMAT_MODULE_PATH = "cms.settings.formats"
DATE_FORMAT = SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "Y-m-d H:i"
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
# 静态化: released public pages written out as files, one folder per site (interpretation.public.static_site);
# nginx serves them in production, StaticSiteMiddleware under `make run`.
STATIC_SITE_ROOT = Path(config.env("STATIC_SITE_ROOT", str(VAR_DIR / "site")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(config.env("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads are never served straight from MEDIA_ROOT: interpretation.public.media checks who may see each file.
# Behind nginx, set an `internal` location aliased to MEDIA_ROOT here and nginx sends the bytes.
MEDIA_ACCEL_REDIRECT_LOCATION = config.env("MEDIA_ACCEL_REDIRECT_LOCATION", "")
MEDIA_PUBLIC_MAX_AGE = config.env_int("MEDIA_PUBLIC_MAX_AGE", 300)  # seconds a public file may be cached
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (site.3f2a….css): whitenoise lets browsers keep them a year, immutable, so a phone on a slow
    # network fetches the stylesheet and script once; a new release changes the name. Gzip and Brotli made by
    # collectstatic.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SECRET_KEY = config.env("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = config.env_bool("DEBUG", False)
ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
SITE_URL = config.site_url("http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = config.env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

# Cache and shared locks: Redis in production, a file cache shared by the embedded processes otherwise.
REDIS_URL = config.redis_url()
CACHES: dict[str, dict[str, Any]] = config.caches(REDIS_URL, VAR_DIR / "cache")

# E-mail (press partners without a server receive by mail).
EMAIL_BACKEND = config.env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = config.env("EMAIL_HOST", "localhost")
EMAIL_PORT = config.env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = config.env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = config.env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = config.env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = config.env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = config.env("DEFAULT_FROM_EMAIL", "noreply@localhost")

# Celery: the database ledger is the record of what must be delivered; the broker only rings a bell.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = config.broker_url("filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    config.filesystem_broker_options(BROKER_DIR)
    if CELERY_BROKER_URL.startswith("filesystem")
    else config.network_broker_options()
)
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker waits out an outage of any length, then goes on
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Two queues: "celery" (the default) carries deliveries and everything else; "watcher" carries the feed watcher's polls,
# which wait on upstream sites. Each has its own worker (Procfile, README systemd units), so a slow upstream never holds
# a thread a channel delivery needs. A task routed here lands on "watcher" whoever sends it (beat, a view, a task).
CELERY_TASK_DEFAULT_QUEUE = "celery"
WATCHER_QUEUE = "watcher"
# The demo's upstream sources are sample files served by this site (/watcher/samples/): `make run` turns them on.
WATCHER_SERVE_SAMPLES = config.env_bool("WATCHER_SERVE_SAMPLES", DEBUG)
CELERY_TASK_ROUTES = {"channels.watcher.tasks.*": {"queue": WATCHER_QUEUE}}
# Celery's Django fixup closes every database connection before and after each task unless this is set; a new
# PostgreSQL connection per delivery cost more CPU than the delivery. cms.celery closes old and broken connections
# around each task as Django does around a request (CONN_MAX_AGE, CONN_HEALTH_CHECKS); this recycles the rest.
CELERY_DB_REUSE_MAX = 1000
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_MAX_LOOP_INTERVAL = 10
# Periodic work: each app lists its own entries in <app>/beat_schedule.py (SCHEDULE = {...}).
CELERY_BEAT_SCHEDULE = config.beat_schedule(INSTALLED_APPS)

# WeChat official account; without an app id and secret the WeChat channel is off.
WECHAT_APP_ID = config.env("WECHAT_APP_ID", "")
WECHAT_APP_SECRET = config.env("WECHAT_APP_SECRET", "")
WECHAT_API_BASE_URL = config.env("WECHAT_API_BASE_URL", "https://api.weixin.qq.com/cgi-bin/")
WECHAT_TOKEN = config.env("WECHAT_TOKEN", "")
WECHAT_ENCODING_AES_KEY = config.env("WECHAT_ENCODING_AES_KEY", "")
# The 消息加解密方式 of that account: "safe" (安全模式: encrypted callbacks only), "compat" (兼容模式) or "plain".
WECHAT_MESSAGE_MODE = config.env_choice(
    "WECHAT_MESSAGE_MODE", ("plain", "compat", "safe"), "safe" if WECHAT_ENCODING_AES_KEY else "plain"
)
if WECHAT_ENCODING_AES_KEY and not re.fullmatch(r"[A-Za-z0-9+/]{43}", WECHAT_ENCODING_AES_KEY):
    raise config.ConfigError("WECHAT_ENCODING_AES_KEY", "must be the 43 characters shown in the account's 服务器配置")
if WECHAT_MESSAGE_MODE != "plain" and not WECHAT_ENCODING_AES_KEY:
    raise config.ConfigError("WECHAT_MESSAGE_MODE", f"{WECHAT_MESSAGE_MODE} needs WECHAT_ENCODING_AES_KEY")
WECHAT_TIMEOUT = config.env_int("WECHAT_TIMEOUT", 10)
# Each account's kind, by app id or target ("account", "account:<id>"): its mass-send quota (channels.wechat.quota).
WECHAT_ACCOUNT_KINDS = config.env_json("WECHAT_ACCOUNT_KINDS", {})
if not isinstance(WECHAT_ACCOUNT_KINDS, dict) or any(
    kind not in ("subscription", "service") for kind in WECHAT_ACCOUNT_KINDS.values()
):
    raise config.ConfigError("WECHAT_ACCOUNT_KINDS", 'expected {"<app id>": "subscription" or "service", ...}')
# The body whose account the WECHAT_* variables are (its slug); empty: the platform's top body.
WECHAT_ACCOUNT_BODY = config.env("WECHAT_ACCOUNT_BODY", "")
# Fernet keys (comma-separated, the first encrypts, all decrypt: rotation) for the secrets of the per-body WeChat
# accounts kept in the database. Empty outside production: a key derived from SECRET_KEY (production refuses).
ACCOUNT_ENCRYPTION_KEY = config.env_list("ACCOUNT_ENCRYPTION_KEY", [])

# Health: how often the worker and scheduler write a heartbeat (and feed systemd's watchdog), and how old one may
# be before /healthz reports the process missing: three missed heartbeats unless set.
HEARTBEAT_INTERVAL = config.env_int("HEARTBEAT_INTERVAL", 10)
HEARTBEAT_MAX_AGE = config.env_int("HEARTBEAT_MAX_AGE", 3 * HEARTBEAT_INTERVAL)

WAGTAIL_FINISH_WORKFLOW_ACTION = "interpretation.workflow_finish.publish_approved_bundle"
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True  # an edit after signing restarts the joint review
WAGTAIL_SITE_NAME = config.env("WAGTAIL_SITE_NAME", "历阳镇人民政府")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "doc",
    "docx",
    "ods",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xls",
    "xlsx",
    "zip",
]
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # always through /documents/<id>/ and its visibility check
SENDFILE_BACKEND = "interpretation.public.media"  # Wagtail's document view: X-Accel-Redirect when configured
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# 依申请公开: the largest file (MB) a handler may upload as information given to an applicant.
DISCLOSURE_REQUEST_MAX_UPLOAD_MB = config.env_int("DISCLOSURE_REQUEST_MAX_UPLOAD_MB", 20)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": config.env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "ERROR"},  # a line per login or failure otherwise; security.audit keeps the record
    },
}
