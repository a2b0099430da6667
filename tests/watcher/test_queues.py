"""Watcher tasks travel on their own queue, deliveries on the default one (issue 16, point 5).

Checked on the broker the tests use (the on-disk broker, or Redis/RabbitMQ when CELERY_BROKER_URL says so): a poll
sent the way the scheduler and the dispatcher send it waits in "watcher", where a worker on "celery" never takes it.
"""

import pytest
from django.conf import settings

from channels.watcher import beat_schedule
from channels.watcher.tasks import dispatch_due_sources, poll_source_task
from cms.celery import app

#: Under pytest-xdist on Redis each process keeps to a key prefix (kombu's global_keyprefix, cms/settings/test.py);
#: kombu's Redis transport then routes a task sent to a queue other than the default one where these checks cannot
#: see it. Production has no prefix; the on-disk broker (make test) and a single-process Redis run check routing.
PREFIXED_REDIS = "global_keyprefix" in settings.CELERY_BROKER_TRANSPORT_OPTIONS


def _queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_every_watcher_task_and_beat_entry_routes_to_the_watcher_queue_and_deliveries_to_celery():
    assert settings.WATCHER_QUEUE == "watcher" and app.conf.task_default_queue == "celery"
    assert _queue_of(poll_source_task.name) == "watcher"
    assert _queue_of(dispatch_due_sources.name) == "watcher"
    for entry in beat_schedule.SCHEDULE.values():
        assert _queue_of(entry["task"]) == "watcher", entry
    assert _queue_of("channels.tasks.deliver") == "celery"
    assert _queue_of("channels.tasks.sweep") == "celery"


def _waiting(channel, queue: str) -> int:
    try:
        return channel.queue_declare(queue=queue, passive=True).message_count
    except channel.connection.channel_errors:  # Redis keeps no empty queue: NOT_FOUND means none waiting
        return 0


@pytest.fixture
def broker_channel():
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        for queue in ("watcher", "celery"):
            channel.queue_declare(queue=queue, durable=True, auto_delete=False)
            channel.queue_purge(queue)
        yield channel
        for queue in ("watcher", "celery"):
            channel.queue_purge(queue)


@pytest.mark.skipif(PREFIXED_REDIS, reason="a prefixed Redis (pytest-xdist) hides the watcher queue")
def test_on_the_real_broker_a_poll_waits_in_watcher_and_a_delivery_in_celery(broker_channel):
    poll_source_task.delay(123456)
    app.send_task("channels.tasks.deliver", args=(654321,))
    assert _waiting(broker_channel, "watcher") == 1
    assert _waiting(broker_channel, "celery") == 1


@pytest.mark.skipif(PREFIXED_REDIS, reason="a prefixed Redis (pytest-xdist) hides the watcher queue")
@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_celery_delivers_while_a_watcher_poll_waits_for_its_own_worker(broker_channel):
    """The release path's worker takes its bell at once; the poll stays queued for the watcher worker."""
    from tests.processes import celery_process, wait_until

    poll_source_task.delay(123456)
    app.send_task("channels.tasks.deliver", args=(654321,))
    with celery_process("worker", "--concurrency=1", "--pool=solo", "-Q", "celery"):
        # Generous: a cold Celery start (Django, Wagtail, jieba) on a loaded 2-core machine takes a while.
        wait_until(lambda: _waiting(broker_channel, "celery") == 0, timeout=120, message="the delivery bell taken")
        assert _waiting(broker_channel, "watcher") == 1
