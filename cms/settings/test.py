"""Tests: the same environment variables as production (CI points them at PostgreSQL and Redis).

`make test` runs the suite in several pytest-xdist processes (gw0, gw1...), and the real worker and scheduler
processes a test starts inherit PYTEST_XDIST_WORKER from it: everything such a group shares on disk or in Redis
is named after it, so that no process group reads, flushes or purges another's data. The test database is
suffixed per process by pytest-django (test.sqlite3_gw0, test_<name>_gw0): each a copy of one template migrated once
per run (tests/db_template.py).
"""

import os
from pathlib import Path

from cms.foundation import config

from .base import *  # noqa: F403
from .base import CACHES, CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES, VAR_DIR

XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_OWN = f"-{XDIST_WORKER}" if XDIST_WORKER else ""

DEBUG = False
SECRET_KEY = "test-secret-key-that-is-long-enough-for-tests"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WEB_HEAP_FREEZE_AFTER = 0  # a test process outlives many databases' objects: never frozen (cms.foundation.warm_heap)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / f"test-media{_OWN}"
# tests/conftest.py gives each test a folder of its own; a worker process a test starts is told its test's folder.
STATIC_SITE_ROOT = Path(config.env("STATIC_SITE_ROOT", str(VAR_DIR / f"test-site{_OWN}")))
# A file, not memory, so that a real worker process started by a test sees the same SQLite database.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
if config.env("REDIS_URL"):
    # One Redis database serves every process group: each keeps to its own key prefix, and clear() empties only
    # that prefix (django-redis's own clear() flushes the whole database, other groups' keys with it).
    CACHES = {
        alias: {
            **conf,
            "KEY_PREFIX": f"test{_OWN}",
            "OPTIONS": {**conf.get("OPTIONS", {}), "CLIENT_CLASS": "tests.isolation.PrefixedRedisClient"},
        }
        for alias, conf in CACHES.items()
    }
else:
    # One store under both names (LocMemCache shares by LOCATION): clearing "default" clears the page cache too.
    CACHES = {alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"} for alias in ("default", "pages")}
HEARTBEAT_INTERVAL = 1
HEARTBEAT_MAX_AGE = config.env_int("HEARTBEAT_MAX_AGE", 3 * HEARTBEAT_INTERVAL)  # base.py's rule, for this interval
# The single-account tests (before 公开主体) release the town's (历阳镇's) work plan through the WECHAT_* account:
# in the test world those variables are the town's account; tests of the county set it to "" (the platform's).
WECHAT_ACCOUNT_BODY = config.env("WECHAT_ACCOUNT_BODY", "liyang")
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / f"test-celerybeat-schedule{_OWN}")
if CELERY_BROKER_URL.startswith("filesystem"):  # noqa: F405
    # Keep test bells apart from a running demo's queue, and each process group's from the others'.
    CELERY_BROKER_TRANSPORT_OPTIONS = config.filesystem_broker_options(VAR_DIR / f"test-broker{_OWN}")
elif CELERY_BROKER_URL.startswith(("redis", "rediss")) and XDIST_WORKER:  # noqa: F405
    # Queues, bindings and broadcasts under a prefix: a worker started by one group never takes another's bells,
    # and a purge empties only its own group's queue.
    CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": f"{XDIST_WORKER}:"}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns about a missing folder

# A test that runs the real scheduler and worker (tests/interpretation/test_scheduled_release_worker.py) shares its
# page cache with them through a folder and makes the one beat entry it waits for frequent.
_shared_cache = config.env("TEST_SHARED_CACHE_DIR", "")
if _shared_cache:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": _shared_cache}
        for alias in ("default", "pages")
    }
_beat_entry = config.env("TEST_BEAT_ENTRY", "")
if _beat_entry:
    _entry, _seconds = _beat_entry.split("=")
    CELERY_BEAT_SCHEDULE = {  # noqa: F405
        **CELERY_BEAT_SCHEDULE,  # noqa: F405
        _entry: {**CELERY_BEAT_SCHEDULE[_entry], "schedule": float(_seconds)},  # noqa: F405
    }
