"""The public site keeps whole pages in its cache (interpretation.public) until told they changed.

Publishing tells it; everything that changes an event page without publishing it (state, dates, live
entries, moderated questions, a press kit coming out of embargo) tells it here.
"""

from interpretation.public.invalidation import invalidate_page
from interpretation.public.static_site.receivers import changed_without_release


def event_changed(event) -> None:
    """Drop the cached event page and the pages that list it (the events index, the home page)."""

    invalidate_page(event)
    changed_without_release(event)  # the home page's upcoming events, in the static tree
