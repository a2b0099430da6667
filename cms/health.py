"""GET /healthz: the state of the database, the broker, the worker and the scheduler as JSON."""

from __future__ import annotations

import os

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cms.foundation.config import redact
from cms.heartbeat import SCHEDULER, WORKER


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_broker() -> dict:
    url = settings.CELERY_BROKER_URL
    info = {"url": redact(url)}
    if url.startswith("filesystem"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
        os.makedirs(folder, exist_ok=True)
        ok = os.access(folder, os.W_OK)
        return {**info, "ok": ok, **({} if ok else {"error": f"{folder} is not writable"})}
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=3, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS) as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:
        return {**info, "ok": False, "error": str(exc) or type(exc).__name__}
    return {**info, "ok": True}


def check_heartbeat(service: str) -> dict:
    """Alive: a heartbeat younger than HEARTBEAT_MAX_AGE (a few heartbeat intervals), from a process that, if it
    is a worker, still holds its broker connection. A worker killed with -9 never says goodbye: its row only ages."""
    from cms.models import ServiceHeartbeat  # lazy: preflight imports this before Django is set up

    rows = list(ServiceHeartbeat.objects.filter(service=service, stopped=False).order_by("-last_seen")[:50])
    if not rows:
        return {"ok": False, "error": "no heartbeat recorded"}
    now, limit = timezone.now(), settings.HEARTBEAT_MAX_AGE
    fresh = [row for row in rows if (now - row.last_seen).total_seconds() <= limit]
    if not fresh:
        age = (now - rows[0].last_seen).total_seconds()
        return {
            "ok": False,
            "age_seconds": round(age, 1),
            "instance": rows[0].instance,
            "error": f"last heartbeat {round(age)} s ago (limit {limit} s)",
        }
    connected = [row for row in fresh if row.broker_connected is not False]
    latest = (connected or fresh)[0]
    result = {
        "ok": bool(connected),
        "age_seconds": round((now - latest.last_seen).total_seconds(), 1),
        "instance": latest.instance,
        "alive": len(connected),
    }
    if latest.broker_connected is not None:
        result["broker_connected"] = latest.broker_connected
    if not connected:
        result["error"] = "alive, but not connected to the broker (it hears no new work)"
    return result


@never_cache
def healthz(request):
    database = check_database()
    checks = {"database": database, "broker": check_broker()}
    if database["ok"]:
        checks["worker"] = check_heartbeat(WORKER)
        checks["scheduler"] = check_heartbeat(SCHEDULER)
    else:
        checks["worker"] = checks["scheduler"] = {"ok": False, "error": "database unavailable"}
    healthy = all(check["ok"] for check in checks.values())
    body = {
        "status": "ok" if healthy else "unhealthy",
        "time": timezone.localtime().isoformat(),
        "checks": checks,
    }
    return JsonResponse(body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})
