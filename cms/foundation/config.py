"""Environment configuration, parsed once and checked early.

Every setting an operator may change comes from an environment variable read here, so a mistake is
reported as one line naming the variable instead of a traceback from deep inside Django or Celery.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
from pathlib import Path
from typing import Any, cast, overload
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BROKER_SCHEMES = {"redis", "rediss", "amqp", "amqps", "pyamqp", "filesystem", "memory", "sentinel"}


class ConfigError(ImproperlyConfigured):
    """A bad environment variable: the message names it and says what to set."""

    def __init__(self, variable: str, problem: str):
        self.variable = variable
        self.problem = problem
        super().__init__(f"{variable}: {problem}")


@overload
def env(name: str) -> str | None: ...
@overload
def env(name: str, default: str) -> str: ...
@overload
def env(name: str, default: str | None) -> str | None: ...


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(name, f"expected true/false, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(name, f"expected a whole number, got {value!r}") from None


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = (env(name) or default).strip().lower()
    if value not in choices:
        raise ConfigError(name, f"expected one of {', '.join(choices)}, got {value!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_json(name: str, default: Any) -> Any:
    """A JSON value, such as a mapping of WeChat app ids to account kinds."""
    value = env(name)
    if value is None:
        return default
    try:
        return json.loads(value)
    except ValueError:
        raise ConfigError(name, f'expected JSON, such as {{"wx123": "service"}}, got {value!r}') from None


def _check_port(variable: str, url: str) -> None:
    try:
        urlsplit(url).port  # noqa: B018 - reading it validates it
    except ValueError:
        raise ConfigError(variable, f"the port in {redact(url)!r} is not a number") from None


def database(default_sqlite_path: Path) -> dict[str, Any]:
    """DATABASE_URL (PostgreSQL in production), or the embedded SQLite file in WAL mode."""
    url = env("DATABASE_URL")
    if url is None:
        default_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock upgrades.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    if "://" not in url:
        raise ConfigError("DATABASE_URL", f"{redact(url)!r} is not a URL such as postgres://user@host:5432/name")
    _check_port("DATABASE_URL", url)
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for unknown schemes
        raise ConfigError("DATABASE_URL", f"cannot be parsed ({exc})") from None
    if config.get("ENGINE") == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    return cast(dict[str, Any], config)


def broker_url(default: str) -> str:
    url = env("CELERY_BROKER_URL", default)
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in BROKER_SCHEMES:
        raise ConfigError(
            "CELERY_BROKER_URL",
            f"{redact(url)!r} is not a broker URL; use redis://host:6379/0, amqp://user:pass@host:5672// "
            "or filesystem:// (the embedded default)",
        )
    if scheme.lower() not in {"filesystem", "memory"}:
        if not urlsplit(url).hostname:
            raise ConfigError("CELERY_BROKER_URL", f"{redact(url)!r} names no host")
        _check_port("CELERY_BROKER_URL", url)
    return url


def caches(redis_url: str | None, folder: Path) -> dict[str, dict[str, Any]]:
    """CACHES: "default" for Wagtail and the shared locks and counters, "pages" for the public page cache.

    Publishing never waits on Redis: one second to connect or answer. "default" shrugs off an outage (a miss,
    logged); "pages" sees the error, so that an invalidation it missed is kept and replayed
    (interpretation.public.page_cache). Without Redis both are one file cache shared by the embedded processes.
    """
    if not redis_url:
        shared = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(folder)}
        return {"default": shared, "pages": dict(shared)}
    options = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
    backend = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}
    return {
        "default": {**backend, "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True}},
        "pages": {**backend, "OPTIONS": options},
    }


def network_broker_options() -> dict[str, Any]:
    """Transport options for Redis or RabbitMQ. max_retries 0: a bell that cannot reach the broker fails at once
    (the sweep rings again later) rather than hold a release for kombu's retries; workers reconnect by their own
    loop (CELERY_BROKER_CONNECTION_MAX_RETRIES). visibility_timeout: Redis gives an unacknowledged bell back after
    an hour (the ledger's lease, not this, decides when a delivery is retried)."""
    return {"visibility_timeout": 3600, "max_retries": 0}


def filesystem_broker_options(folder: Path) -> dict[str, Any]:
    """Transport options for the embedded on-disk broker; the folders must exist before a worker starts."""
    queue, control = folder / "queue", folder / "control"
    for path in (queue, control):
        path.mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(control),
        "store_processed": False,
    }


def redis_url() -> str | None:
    url = env("REDIS_URL")
    if url is None:
        return None
    if not url.startswith(("redis://", "rediss://", "unix://")) or not (
        url.startswith("unix://") or urlsplit(url).hostname
    ):
        raise ConfigError("REDIS_URL", f"{redact(url)!r} is not a Redis URL such as redis://127.0.0.1:6379/1")
    _check_port("REDIS_URL", url)
    return url


def site_url(default: str) -> str:
    url = env("SITE_URL", default).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError("SITE_URL", f"{url!r} must be the public base URL, such as https://www.example.gov.cn")
    return url


def redact(url: str) -> str:
    """Hide the password in a URL before it reaches a log or a terminal."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


PROJECT_APPS = ("cms", "bodies", "interpretation", "channels", "media_templates")


def project_app_modules(installed_apps, module: str) -> list:
    """The `<app>.<module>` modules that our own apps ship (extension points such as beat_schedule, demo)."""
    found = []
    for app in installed_apps:
        if app.split(".")[0] in PROJECT_APPS and importlib.util.find_spec(f"{app}.{module}") is not None:
            found.append(importlib.import_module(f"{app}.{module}"))
    return found


def beat_schedule(installed_apps) -> dict:
    """Merge the SCHEDULE dicts of every project app's beat_schedule module (plain data, no models)."""
    schedule = {}
    for module in project_app_modules(installed_apps, "beat_schedule"):
        schedule.update(module.SCHEDULE)
    return schedule
