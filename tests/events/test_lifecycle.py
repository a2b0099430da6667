"""The event's life cycle: provisional → confirmed → live → concluded, or cancelled with a public reason."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from interpretation.events import lifecycle, signals
from interpretation.events.choices import EventKind, EventState
from interpretation.events.models import EventDateChange, EventPage
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db


def test_event_goes_from_provisional_to_confirmed_to_live_to_concluded(office, user):
    editor = user("dzb_editor")
    event = make_event(office["index"])
    assert event.state == EventState.SCHEDULED and event.is_provisional
    assert lifecycle.allowed_actions(event) == ["confirm", "cancel"]

    lifecycle.perform(event, "confirm", user=editor)
    assert event.date_confirmed and lifecycle.allowed_actions(event) == ["start", "cancel"]
    lifecycle.perform(event, "start", user=editor)
    assert event.state == EventState.LIVE and lifecycle.allowed_actions(event) == ["conclude"]
    lifecycle.perform(event, "conclude", user=editor)

    stored = EventPage.objects.get(pk=event.pk)
    assert stored.state == EventState.CONCLUDED and lifecycle.allowed_actions(stored) == []
    logged = list(PageLogEntry.objects.filter(page=event).order_by("pk").values_list("action", flat=True))
    assert [a for a in logged if a.startswith("events.")][-3:] == [
        "events.date_confirmed",
        "events.started",
        "events.concluded",
    ]


def test_an_event_cannot_start_while_its_date_is_provisional(office):
    event = make_event(office["index"])
    with pytest.raises(lifecycle.TransitionRefused, match="时间尚未确定"):
        lifecycle.perform(event, "start")
    assert EventPage.objects.get(pk=event.pk).state == EventState.SCHEDULED


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("provisional", "conclude"),
        ("confirmed", "confirm"),
        ("confirmed", "conclude"),
        ("live", "start"),
        ("live", "cancel"),
        ("concluded", "start"),
        ("concluded", "cancel"),
        ("cancelled", "confirm"),
        ("cancelled", "start"),
        ("provisional", "delete-everything"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(office, state, action):
    event = make_event(office["index"], state=state)
    before = (event.state, event.date_confirmed)
    with pytest.raises(lifecycle.TransitionRefused):
        lifecycle.perform(event, action, reason="理由")
    stored = EventPage.objects.get(pk=event.pk)
    assert (stored.state, stored.date_confirmed) == before


def test_cancelling_needs_a_reason_which_is_shown_publicly_and_in_the_calendar(office, client):
    event = make_event(office["index"], state="confirmed")
    received = []
    signals.event_cancelled.connect(lambda **kw: received.append(kw["event"].pk), weak=False, dispatch_uid="t1")
    try:
        with pytest.raises(lifecycle.TransitionRefused, match="必须说明理由"):
            lifecycle.perform(event, "cancel", reason="   ")
        lifecycle.perform(event, "cancel", reason="主讲人临时出差,活动取消,另行通知。")
    finally:
        signals.event_cancelled.disconnect(dispatch_uid="t1")
    assert received == [event.pk]

    html = client.get(event.url).content.decode()
    assert "本场活动已取消" in html and "主讲人临时出差,活动取消,另行通知。" in html
    calendar = icalendar.Calendar.from_ical(client.get(reverse("events:event_ics", args=(event.pk,))).content)
    assert str(calendar.events[0]["STATUS"]) == "CANCELLED"


def test_changing_a_provisional_date_needs_no_reason_but_is_kept_in_history(office):
    event = make_event(office["index"])
    new_start = event.start + timedelta(days=1)
    change = lifecycle.change_date(event, new_start, new_start + timedelta(hours=2))
    assert change is not None and not change.was_confirmed
    assert EventPage.objects.get(pk=event.pk).start == new_start
    assert list(event.public_date_changes()) == [], "a provisional date may move without public notice"


def test_changing_a_confirmed_date_needs_a_reason_shown_publicly(office, client):
    event = make_event(office["index"], state="confirmed")
    old_start = event.start
    new_start = old_start + timedelta(days=2)
    with pytest.raises(lifecycle.TransitionRefused, match="改期理由"):
        lifecycle.change_date(event, new_start, new_start + timedelta(hours=1), reason="")
    assert EventPage.objects.get(pk=event.pk).start == old_start
    assert not EventDateChange.objects.exists()

    received = []
    signals.event_rescheduled.connect(lambda **kw: received.append(kw["change"].reason), weak=False, dispatch_uid="t2")
    try:
        lifecycle.change_date(event, new_start, new_start + timedelta(hours=1), reason="会场调整,顺延两天。")
    finally:
        signals.event_rescheduled.disconnect(dispatch_uid="t2")
    assert received == ["会场调整,顺延两天。"]
    html = client.get(event.url).content.decode()
    assert "改期说明" in html and "会场调整,顺延两天。" in html


def test_started_or_finished_events_cannot_be_moved(office):
    for state in ("live", "concluded", "cancelled"):
        event = make_event(office["index"], state=state)
        with pytest.raises(lifecycle.TransitionRefused, match="不能再修改时间"):
            lifecycle.change_date(event, event.start + timedelta(hours=1), event.end + timedelta(hours=1), "理由")


def test_a_new_draft_never_brings_back_an_old_state_or_date(office):
    event = make_event(office["index"], publish=False)
    revision = event.save_revision()
    lifecycle.perform(event, "confirm")
    lifecycle.change_date(event, event.start + timedelta(days=1), event.end + timedelta(days=1), reason="顺延")
    revision.publish()  # an older revision, taken before the changes
    stored = EventPage.objects.get(pk=event.pk)
    assert stored.date_confirmed and stored.start == event.start


def test_briefings_and_press_conferences_share_the_life_cycle(office):
    for kind in (EventKind.BRIEFING, EventKind.PRESS_CONFERENCE):
        event = make_event(office["index"], kind=kind, state="concluded")
        assert event.state == EventState.CONCLUDED and not event.accepts_questions
