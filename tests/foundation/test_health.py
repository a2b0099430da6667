"""/healthz tells an operator whether the database, broker, worker and scheduler are alive."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.heartbeat import SCHEDULER, WORKER
from cms.models import ServiceHeartbeat
from tests.processes import celery_process, wait_until

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


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_real_worker_and_scheduler_report_alive_and_a_killed_worker_shows_up(client, settings):
    settings.HEARTBEAT_MAX_AGE = 4

    def status():
        return client.get("/healthz").json()["checks"]

    with celery_process("worker", "--concurrency=1", "--pool=solo") as worker, celery_process("beat"):
        # Generous: on a loaded 2-core machine a cold Celery start (Django, Wagtail, jieba) can take a while.
        wait_until(
            lambda: status()["worker"]["ok"] and status()["scheduler"]["ok"], timeout=120, message="both heartbeats"
        )
        assert client.get("/healthz").status_code == 200
        worker.kill()  # -9: no chance to say goodbye
        worker.wait()
        wait_until(lambda: not status()["worker"]["ok"], timeout=15, message="the dead worker to show")
        assert client.get("/healthz").status_code == 503
        assert status()["scheduler"]["ok"] is True
