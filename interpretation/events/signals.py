"""Signals for the delivery side (channels/…) to subscribe to; this app imports nothing from channels.

Each is sent inside the transaction that made the change, with the EventRelease row (or the event) as
its payload: a receiver writes its ledger rows in the same transaction and rings the broker on commit.

- event_announced(sender=EventPage, event, release): the 预告 went live (first publish, or scheduled
  publishing reached go_live_at) for an event that has not yet ended.
- event_recap_released(sender=EventPage, event, release): the 回顾 (transcript, photos or video) of a
  concluded event is public for the first time.
- event_rescheduled(sender=EventPage, event, change): a confirmed date of a public event changed; the
  reason is in change.reason.
- event_cancelled(sender=EventPage, event): a public event was cancelled; the reason is on the event.
- event_details_changed(sender=EventPage, event, changes, change_id): an announced event was published again
  with a different title, place or online address; changes maps each field to [before, after], change_id is
  unique to this change (the publishing revision).
- press_kit_released(sender=EventPage, event, release): the embargo of a public event's press kit ended;
  the documents are event.press_kit (served at /events/<id>/press-kit/<item id>/ from now on).
"""

import django.dispatch

event_announced = django.dispatch.Signal()
event_recap_released = django.dispatch.Signal()
event_rescheduled = django.dispatch.Signal()
event_cancelled = django.dispatch.Signal()
event_details_changed = django.dispatch.Signal()
press_kit_released = django.dispatch.Signal()
