"""Read-only questions other parts of the site ask about events (the home page, the calendar, the admin)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from interpretation.events.choices import EventState, QuestionStatus
from interpretation.events.models import EventPage

REMINDER_WINDOW = timedelta(hours=48)


def public_events():
    """Published events without view restrictions: the only ones a public page or feed may show."""
    return EventPage.objects.live().public()


def upcoming_events(limit: int = 5, include_cancelled: bool = False) -> list[EventPage]:
    """For the home page's 发布会与访谈 section: public events not yet over, soonest first.

    Each item has title, url, start, end, get_kind_display(), get_state_display(), is_provisional.
    """
    states = [EventState.SCHEDULED, EventState.LIVE]
    if include_cancelled:
        states.append(EventState.CANCELLED)
    queryset = public_events().filter(end__gte=timezone.now(), state__in=states).order_by("start", "pk")
    return list(queryset[:limit])


def past_events(limit: int = 50) -> list[EventPage]:
    now = timezone.now()
    queryset = public_events().filter(
        Q(state=EventState.CONCLUDED) | Q(end__lt=now, state__in=[EventState.SCHEDULED, EventState.LIVE])
    )
    return list(queryset.order_by("-start", "-pk")[:limit])


def calendar_events(limit: int = 200):
    """The iCalendar feed: upcoming public events, cancelled ones too so that subscribers drop them."""
    return public_events().filter(end__gte=timezone.now()).order_by("start", "pk")[:limit]


def events_needing_attention(now=None):
    """Dashboard reminders: events starting within 48 hours or running now, with pending questions."""
    now = now or timezone.now()
    return (
        EventPage.objects.filter(
            Q(state=EventState.SCHEDULED, start__lte=now + REMINDER_WINDOW, end__gte=now) | Q(state=EventState.LIVE)
        )
        .select_related("responsible_user", "responsible_department")
        .annotate(pending_questions=Count("questions", filter=Q(questions__status=QuestionStatus.PENDING)))
        .order_by("start", "pk")
    )
