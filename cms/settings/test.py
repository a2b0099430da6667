"""Tests: the same environment variables as production (CI points them at PostgreSQL and Redis)."""

from cms.foundation import config

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-secret-key-that-is-long-enough-for-tests"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
# A file, not memory, so that a real worker process started by a test sees the same SQLite database.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
if not config.env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
HEARTBEAT_INTERVAL = 1
if CELERY_BROKER_URL.startswith("filesystem"):  # noqa: F405
    # Keep test bells apart from a running demo's queue.
    CELERY_BROKER_TRANSPORT_OPTIONS = config.filesystem_broker_options(VAR_DIR / "test-broker")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns about a missing folder

# A test that runs the real scheduler and worker (tests/interpretation/test_scheduled_release_worker.py) shares its
# page cache with them through a folder and makes the one beat entry it waits for frequent.
_shared_cache = config.env("TEST_SHARED_CACHE_DIR", "")
if _shared_cache:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": _shared_cache}}
_beat_entry = config.env("TEST_BEAT_ENTRY", "")
if _beat_entry:
    _entry, _seconds = _beat_entry.split("=")
    CELERY_BEAT_SCHEDULE = {  # noqa: F405
        **CELERY_BEAT_SCHEDULE,  # noqa: F405
        _entry: {**CELERY_BEAT_SCHEDULE[_entry], "schedule": float(_seconds)},  # noqa: F405
    }
