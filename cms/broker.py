"""The embedded default's broker: kombu's filesystem transport, made safe for a worker that reads while the
web process writes.

kombu writes a message file in place and the reader does not take the writer's lock, so a worker could read a
half-written file and die on the JSON (celery/kombu#1551). Here a message is written under a name the reader
ignores and renamed into place when complete (a rename is atomic on one filesystem), and a file that still
cannot be decoded is logged and skipped instead of stopping the worker: a bell lost that way costs only
latency, because the scheduler's sweep rings again for every overdue delivery.
"""

from __future__ import annotations

import logging
import os
import uuid
from time import monotonic

from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

logger = logging.getLogger(__name__)
#: Suffix of a message still being written: its name does not end in ".<queue>.msg", so readers pass it by.
PARTIAL = ".part"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + PARTIAL
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise filesystem.ChannelError(f"Cannot add file {final!r} to directory") from exc

    def _get(self, queue):
        while True:  # ends with a message or kombu's Empty
            try:
                return super()._get(queue)
            except ValueError as exc:  # json.JSONDecodeError: the file is consumed; skip it, keep the worker
                logger.warning("skipped an unreadable message on queue %s (%s); the sweep covers it", queue, exc)


class Transport(filesystem.Transport):
    Channel = Channel


def install() -> None:
    """Make filesystem:// URLs use this transport, in every process that publishes or consumes."""
    TRANSPORT_ALIASES["filesystem"] = "cms.broker:Transport"
