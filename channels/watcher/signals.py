"""Signals the watcher sends for the rest of the platform.

``republication_released(sender=RepublicationPage, release=RepublicationRelease)`` is sent
inside the publishing transaction each time a republication (转载) goes live, first release or
update, exactly like ``interpretation.signals.policy_bundle_released``: receivers (the
delivery ledger) write their rows in the same transaction and queue work with
``transaction.on_commit``, so a rolled-back publish leaves nothing behind.
"""

import django.dispatch

republication_released = django.dispatch.Signal()
