"""Start-up checks that turn bad configuration into one clear line instead of a traceback."""

from __future__ import annotations

import importlib
import os
import sys

from cms.foundation.config import ConfigError, redact

EXIT_CONFIG = 2


def fail(variable: str, message: str) -> None:
    print(f"配置错误 / configuration error: {variable}: {message}", file=sys.stderr)
    sys.exit(EXIT_CONFIG)


def load_settings() -> None:
    """Import the settings module now, so a ConfigError is reported before Django swallows it."""
    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ConfigError as exc:
        fail(exc.variable, exc.problem)


def database_error() -> str | None:
    """The reason the database cannot be reached, or None."""
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as exc:
        return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return None


def check_database_or_exit() -> None:
    from django.conf import settings

    error = database_error()
    if error:
        name = settings.DATABASES["default"].get("HOST") or settings.DATABASES["default"]["NAME"]
        fail("DATABASE_URL", f"cannot connect to the database at {name}: {error}")


def check_broker_or_exit() -> None:
    from django.conf import settings

    from cms.health import check_broker  # lazy: kombu only when a broker is configured

    result = check_broker()
    if not result["ok"]:
        fail(
            "CELERY_BROKER_URL",
            f"cannot reach the broker {redact(settings.CELERY_BROKER_URL)}: {result['error']}",
        )
