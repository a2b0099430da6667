"""/healthz tells an operator whether the database, broker, worker and scheduler are alive."""

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.heartbeat import SCHEDULER, WORKER
from cms.models import ServiceHeartbeat
from tests.processes import ROOT, celery_process, wait_until

pytestmark = pytest.mark.django_db


def test_health_is_unhealthy_when_no_worker_or_scheduler_ever_ran(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["worker"] == {"ok": False, "error": "no heartbeat recorded"}


def test_health_is_ok_with_fresh_heartbeats(client):
    ServiceHeartbeat.beat(WORKER, "w1")
    ServiceHeartbeat.beat(SCHEDULER, "s1")
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"]["age_seconds"] < 5
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_worker_silent_for_longer_than_the_limit_is_reported(client, settings):
    settings.HEARTBEAT_MAX_AGE = 60
    ServiceHeartbeat.objects.create(service=WORKER, instance="w1", last_seen=timezone.now() - timedelta(seconds=61))
    ServiceHeartbeat.beat(SCHEDULER, "s1")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "61 s ago" in response.json()["checks"]["worker"]["error"]
    assert response.json()["checks"]["scheduler"]["ok"] is True


def test_a_cleanly_stopped_worker_is_not_counted_as_alive(client):
    ServiceHeartbeat.beat(WORKER, "w1", stopped=True)
    ServiceHeartbeat.beat(SCHEDULER, "s1")
    assert client.get("/healthz").status_code == 503


def test_a_worker_that_lost_its_broker_is_reported_though_it_still_beats(client):
    ServiceHeartbeat.beat(WORKER, "w1", broker_connected=False)
    ServiceHeartbeat.beat(SCHEDULER, "s1")
    response = client.get("/healthz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["broker_connected"] is False
    assert "broker" in worker["error"]


def test_one_connected_worker_of_several_is_enough(client):
    ServiceHeartbeat.beat(WORKER, "w1", broker_connected=False)
    ServiceHeartbeat.beat(WORKER, "w2", broker_connected=True)
    ServiceHeartbeat.objects.create(service=WORKER, instance="w0", last_seen=timezone.now() - timedelta(hours=1))
    ServiceHeartbeat.beat(SCHEDULER, "s1")
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"] | {"age_seconds": 0} == {
        "ok": True,
        "age_seconds": 0,
        "instance": "w2",
        "alive": 1,
        "broker_connected": True,
    }


@pytest.mark.parametrize(
    ("variables", "limit"), [({"HEARTBEAT_INTERVAL": "7"}, "21"), ({"HEARTBEAT_MAX_AGE": "45"}, "45")]
)
def test_the_limit_is_three_heartbeat_intervals_unless_set(variables, limit):
    ignored = {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "HEARTBEAT_INTERVAL", "HEARTBEAT_MAX_AGE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.HEARTBEAT_MAX_AGE)"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **variables},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == limit, result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_real_worker_and_scheduler_report_alive_and_a_killed_worker_shows_within_the_limit(client, settings):
    assert settings.HEARTBEAT_MAX_AGE == 3 * settings.HEARTBEAT_INTERVAL

    def status():
        return client.get("/healthz").json()["checks"]

    with celery_process("worker", "--concurrency=1", "--pool=solo") as worker, celery_process("beat"):
        # Generous: on a loaded 2-core machine a cold Celery start (Django, Wagtail, jieba) can take a while.
        wait_until(
            lambda: status()["worker"]["ok"] and status()["scheduler"]["ok"], timeout=120, message="both heartbeats"
        )
        assert client.get("/healthz").status_code == 200
        assert status()["worker"]["broker_connected"] is True
        worker.kill()  # -9: no chance to say goodbye
        worker.wait()
        # Its last heartbeat is at most HEARTBEAT_MAX_AGE old when it dies; one interval of slack for a busy machine.
        limit = settings.HEARTBEAT_MAX_AGE + settings.HEARTBEAT_INTERVAL
        wait_until(lambda: client.get("/healthz").status_code == 503, timeout=limit, message="the dead worker to show")
        assert "s ago" in status()["worker"]["error"]
        assert status()["scheduler"]["ok"] is True


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_without_its_broker_is_reported_alive_but_disconnected(client):
    """Nothing listens on the broker's port: Celery keeps trying to connect, the heartbeat says it is not connected."""

    def worker_status():
        return client.get("/healthz").json()["checks"]["worker"]

    broker = f"redis://127.0.0.1:{free_port()}/0"
    with celery_process("worker", "--concurrency=1", "--pool=solo", CELERY_BROKER_URL=broker):
        wait_until(
            lambda: worker_status().get("broker_connected") is False, timeout=120, message="a disconnected heartbeat"
        )
        status = worker_status()
        assert status["ok"] is False
        assert status["age_seconds"] < 5
        assert "not connected to the broker" in status["error"]
