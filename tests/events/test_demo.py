"""The demo: an upcoming briefing on the seed policy and a concluded online interview with its Q&A."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from interpretation.events.choices import EventKind, EventState, QuestionStatus
from interpretation.events.models import EventPage, EventRelease, LiveEntry, PublicQuestion
from interpretation.events.queries import upcoming_events

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(EventPage.objects.order_by("pk").values_list("pk", "state", "date_confirmed", "start")),
        LiveEntry.objects.count(),
        PublicQuestion.objects.count(),
        EventRelease.objects.count(),
    )


def test_demo_has_an_upcoming_briefing_and_a_concluded_interview_and_loads_twice_unchanged(client):
    call_command("load_demo", verbosity=0)
    first = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == first

    briefing = EventPage.objects.get(kind=EventKind.BRIEFING)
    assert briefing.live and briefing.start > timezone.now() and briefing.date_confirmed
    assert briefing.policies.get().slug == "2018-liyang-openness-work-plan"
    assert upcoming_events(limit=5) == [briefing]
    assert not briefing.press_kit_released()

    interview = EventPage.objects.get(kind=EventKind.ONLINE_INTERVIEW)
    assert interview.live and interview.state == EventState.CONCLUDED and interview.has_recap
    answered = interview.questions.filter(status=QuestionStatus.APPROVED).exclude(answer="")
    assert answered.count() >= 3 and interview.live_entries.count() >= 3
    assert set(EventRelease.objects.values_list("event_id", "phase")) == {
        (briefing.pk, "announcement"),
        (interview.pk, "recap"),
    }

    html = client.get(interview.url).content.decode()
    assert "在线访谈" in html and "活动回顾" in html and answered.first().answer in html
    index = client.get("/events/").content.decode()
    assert briefing.title in index and interview.title in index
