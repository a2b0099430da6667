"""The embedded default's broker: a message is never readable half-written, and an unreadable file is skipped
instead of stopping the worker (kombu's filesystem transport alone dies on it)."""

import os
import subprocess
import sys

import pytest
from kombu import Connection

import cms.celery  # noqa: F401 - installs the transport, as in every web, worker and scheduler process
from cms.broker import Transport
from tests.processes import child_env


@pytest.fixture
def folder(tmp_path):
    return tmp_path


def connection(folder):
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "processed_folder": str(folder),
        "control_folder": str(folder / "control"),
        "polling_interval": 0.05,
    }
    return Connection("filesystem://", transport_options=options)


def test_filesystem_urls_use_the_safe_transport(folder):
    with connection(folder) as conn:
        assert isinstance(conn.transport, Transport)


def test_a_message_appears_only_complete(folder):
    with connection(folder) as conn:
        queue = conn.SimpleQueue("bells")
        queue.put({"delivery": 7})
        names = os.listdir(folder)
        assert [n for n in names if n.endswith(".bells.msg")] and not [n for n in names if n.endswith(".part")]
        message = queue.get(timeout=5)
        message.ack()
        assert message.payload == {"delivery": 7}
        queue.close()


def test_an_unreadable_message_is_skipped_and_the_next_one_delivered(folder, caplog):
    with connection(folder) as conn:
        queue = conn.SimpleQueue("torn")  # one queue name per test: kombu keeps bindings per process
        (folder / "0_torn.torn.msg").write_bytes(b'{"body": "eyJkZWxpdmVyeSI6')  # cut off mid-write
        queue.put({"delivery": 8})
        message = queue.get(timeout=5)
        message.ack()
        assert message.payload == {"delivery": 8}
        assert "skipped an unreadable message" in caplog.text
        queue.close()


PROCESS_THAT_RINGS_FROM_A_THREAD = """
import threading, django
django.setup()
from celery import current_app
from django.conf import settings
seen = []
thread = threading.Thread(target=lambda: seen.append((current_app.main, current_app.conf.broker_url)))
thread.start(); thread.join()
print(seen[0][0], seen[0][1] == settings.CELERY_BROKER_URL)
"""


def test_a_bell_rung_from_any_thread_of_a_web_process_uses_the_projects_celery_app():
    """Gunicorn serves requests on several threads and never imports the Celery app itself; a release rings its
    bells from whichever thread served it, and they must reach the configured broker."""
    result = subprocess.run(
        [sys.executable, "-c", PROCESS_THAT_RINGS_FROM_A_THREAD],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["cms", "True"]
