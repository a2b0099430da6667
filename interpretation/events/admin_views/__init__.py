"""Admin screens for one event: its schedule and state, its live room, and its record."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from interpretation.events.choices import MODERATE_QUESTIONS, POST_LIVE_ENTRIES
from interpretation.events.models import EventPage


def event_for(request, event_id, *, live_room=False) -> EventPage:
    """The event, if this user may manage it: page editors, or live editors and moderators in the live room."""
    event = get_object_or_404(EventPage, pk=event_id)
    user = request.user
    if event.permissions_for_user(user).can_edit():
        return event
    if live_room and (user.has_perm(MODERATE_QUESTIONS) or user.has_perm(POST_LIVE_ENTRIES)):
        return event
    raise PermissionDenied
