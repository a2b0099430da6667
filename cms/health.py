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
    from cms.models import ServiceHeartbeat  # lazy: preflight imports this before Django is set up

    latest = ServiceHeartbeat.objects.filter(service=service, stopped=False).order_by("-last_seen").first()
    if latest is None:
        return {"ok": False, "error": "no heartbeat recorded"}
    age = (timezone.now() - latest.last_seen).total_seconds()
    ok = age <= settings.HEARTBEAT_MAX_AGE
    result = {"ok": ok, "age_seconds": round(age, 1), "instance": latest.instance}
    if not ok:
        result["error"] = f"last heartbeat {round(age)} s ago (limit {settings.HEARTBEAT_MAX_AGE} s)"
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
