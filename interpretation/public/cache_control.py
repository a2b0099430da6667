"""Cache-Control for every public response, from one place, so that no view invents its own.

Pages revalidate on every visit (max-age=0) because a withdrawn policy must disappear at once; the server's
page cache answers the revalidation cheaply (ETag, 304). Feeds may be kept a few minutes by readers.
Anything shown to a logged-in user, and every preview, is private and never stored.
"""

from django.utils.cache import patch_cache_control, patch_vary_headers

PAGE = "page"
FEED = "feed"
PRIVATE = "private"
ERROR = "error"

POLICIES = {
    PAGE: {"public": True, "max_age": 0, "must_revalidate": True},
    FEED: {"public": True, "max_age": 300},
    ERROR: {"public": True, "max_age": 60},
    PRIVATE: {"private": True, "no_cache": True, "no_store": True, "max_age": 0},
}


def apply(response, policy: str):
    """Set the response's Cache-Control to the named policy, replacing whatever was there."""
    if "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(response, **POLICIES[policy])
    if policy != PRIVATE:
        patch_vary_headers(response, ("Accept-Encoding",))
    return response


def for_request(request, response, public_policy: str = PAGE):
    """The public policy for anonymous readers, PRIVATE for a logged-in user or a preview."""
    user = getattr(request, "user", None)
    private = (user is not None and user.is_authenticated) or getattr(request, "is_preview", False)
    return apply(response, PRIVATE if private else public_policy)
