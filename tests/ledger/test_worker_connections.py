"""A worker keeps its database connections between tasks (PostgreSQL): Celery's Django fixup would open a new
one for every task, and a fan-out of a thousand partner pushes then spent more CPU connecting than delivering."""

import time

import pytest
from django.db import connection
from django.utils import timezone

from channels import bells
from channels.models import Delivery
from interpretation.models import BundleRelease

from .conftest import release_work_plan, worker_env
from .workers import celery, pool, purge_stale_bells, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROWS = 40


def sessions_opened() -> int:
    """Sessions ever opened on this database (PostgreSQL counts them at connect, flushes them at exit)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def test_forty_tasks_on_one_worker_reuse_its_database_connection():
    if connection.vendor != "postgresql":
        pytest.skip("the embedded SQLite opens its file per task by design (CONN_MAX_AGE 0)")
    policy = release_work_plan()
    release = BundleRelease.objects.get(policy=policy)
    Delivery.objects.update(state=Delivery.State.CANCELLED, next_attempt_at=None)  # the demo's rows: not these
    purge_stale_bells()
    # Rows of a channel no adapter serves: each task claims its row and parks it (a quick task that uses the
    # database several times), each on a target of its own so that no pause holds the next one back.
    rows = Delivery.objects.bulk_create(
        Delivery(
            key=f"connections-{n}",
            release=release,
            page=policy,
            channel="retired_channel",
            target=f"t{n}",
            next_attempt_at=timezone.now(),
        )
        for n in range(ROWS)
    )
    before = sessions_opened()
    with celery("worker", *pool(1), **worker_env()) as worker:
        bells.ring_many([row.pk for row in rows])
        parked = Delivery.objects.filter(channel="retired_channel", state=Delivery.State.FAILED)
        wait_for(lambda: parked.count() == ROWS, 90, "every row parked", worker)
    time.sleep(1)  # the worker's backends have exited: their sessions are counted
    opened = sessions_opened() - before
    assert opened < 15, f"{opened} database sessions for {ROWS} tasks: a new connection per task"
    assert parked.first().last_error_zh == "渠道“retired_channel”未安装"
