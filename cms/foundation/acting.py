"""Who is acting in this request, for code that Wagtail calls without passing the user along.

Wagtail's edit view makes a page live by saving it, not through `publish(user=...)`; the release guard and the
audit record still have to name the person who clicked.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

_request: ContextVar[HttpRequest | None] = ContextVar("acting_request", default=None)


def request_user() -> User | None:
    """The signed-in user of the request being served, or None (a script, the scheduler, a worker)."""
    request = _request.get()
    user = getattr(request, "user", None)  # resolved only when asked: public pages never touch the session
    return user if user is not None and user.is_authenticated else None


def current_request() -> HttpRequest | None:
    """The request being served, for what only a view would otherwise say (a workflow task's confirmation)."""
    return _request.get()


def display_name(user: User | None) -> str:
    """People's names in the record, not their login names."""
    if user is None:
        return ""
    return (user.get_full_name() or "").strip() or user.get_username()


class ActingUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
