"""Cache-Control for every public response, from one place, so that no view invents its own.

Pages revalidate on every visit (max-age=0) because a withdrawn policy must disappear at once; the server's
page cache answers the revalidation cheaply (ETag, 304). Feeds and public files (attachments, images) may be
kept a few minutes by readers, so a withdrawn policy's files stop being served within MEDIA_PUBLIC_MAX_AGE.
Anything shown to a logged-in user, every preview and every non-public file is private and never stored.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

PAGE = "page"
FEED = "feed"
PRIVATE = "private"
ERROR = "error"
FILE = "file"

POLICIES = {
    PAGE: {"public": True, "max_age": 0, "must_revalidate": True},
    FEED: {"public": True, "max_age": 300},
    ERROR: {"public": True, "max_age": 60},
    PRIVATE: {"private": True, "no_cache": True, "no_store": True, "max_age": 0},
}


def _policy(policy: str) -> dict:
    if policy == FILE:
        return {"public": True, "max_age": getattr(settings, "MEDIA_PUBLIC_MAX_AGE", 300)}
    return POLICIES[policy]


def apply(response, policy: str):
    """Set the response's Cache-Control to the named policy, replacing whatever was there."""
    if "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(response, **_policy(policy))
    if policy != PRIVATE:
        patch_vary_headers(response, ("Accept-Encoding",))
    return response


def for_request(request, response, public_policy: str = PAGE):
    """The public policy for anonymous readers, PRIVATE for a logged-in user or a preview."""
    user = getattr(request, "user", None)
    private = (user is not None and user.is_authenticated) or getattr(request, "is_preview", False)
    return apply(response, PRIVATE if private else public_policy)
