"""HTTP hardening (issue 15, 等保 2.0): one Content-Security-Policy on every response, and the two narrow
allowances the Wagtail admin needs.

The public site gets the strict policy (settings CONTENT_SECURITY_POLICY): scripts and styles from this origin only,
no inline script, no nonce, so that a page written out as a static file carries no per-request value.

The admin differs in two ways, both confined to /admin/:

* Wagtail 8 still renders a few inline `<script>` blocks of its own (date and time widgets, choosers, InlinePanel),
  and uses inline `style` attributes. Admin HTML gets a per-response nonce on the `<script>` tags Wagtail rendered
  (AdminScriptNonceMiddleware) and `style-src 'unsafe-inline'`. Inline event handlers and `javascript:` URLs stay
  forbidden there too.
* The editor's preview panel is an iframe of this origin: the preview URLs alone may be framed by 'self'
  (`frame-ancestors 'self'`, `X-Frame-Options: SAMEORIGIN`); everything else answers DENY / 'none'.
"""

from __future__ import annotations

import re

from csp.constants import NONCE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"

#: Wagtail's preview views, shown in the editor's preview panel (an iframe of the admin's own origin).
PREVIEW_PATHS = re.compile(
    r"^/admin/(?:"
    r"pages/\d+/edit/preview/"
    r"|pages/add/[^/]+/[^/]+/\d+/preview/"
    r"|pages/workflow/preview/\d+/\d+/"
    r"|snippets/[^/]+/[^/]+/(?:preview/|preview/[^/]+/|edit/[^/]+/preview/)"
    r")$"
)

#: What admin pages add to the base policy (settings CONTENT_SECURITY_POLICY).
ADMIN_POLICY = {"script-src": [SELF, NONCE], "style-src": [SELF, UNSAFE_INLINE]}
PREVIEW_POLICY = {"frame-ancestors": [SELF]}

_SCRIPT_TAG = re.compile(rb"<script(?=[\s>])", re.IGNORECASE)


def is_admin(path: str) -> bool:
    return path.startswith(ADMIN_PREFIX)


def is_preview(path: str) -> bool:
    return PREVIEW_PATHS.match(path) is not None


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware with the admin's allowances; listed first so static files get the header too."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        path = request.path_info
        if not report_only and is_admin(path):
            replace = dict(ADMIN_POLICY)
            if is_preview(path):
                # The preview shows a public page as the public sees it: no nonce, framed by the editor only.
                replace = {"style-src": [SELF, UNSAFE_INLINE], **PREVIEW_POLICY}
            parts.replace = {**replace, **(parts.replace or {})}
        return parts

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not is_preview(request.path_info):
            return super().process_response(request, response)
        # Wagtail renders the previewed page through the middleware again, as a request for the page's public URL:
        # that inner pass put the public policy (frame-ancestors 'none') on the response. The preview's own replaces it.
        del response["Content-Security-Policy"]
        response = super().process_response(request, response)
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class AdminScriptNonceMiddleware:
    """Put this response's CSP nonce on the `<script>` tags of an admin HTML page.

    Listed after the gzip middleware, so it sees the page before it is compressed. The tags are those Wagtail's own
    templates and widgets rendered: admin fields are escaped, so no editor's text can open a `<script>` tag.
    Preview pages are public pages and get no nonce."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        path = request.path_info
        if not is_admin(path) or is_preview(path) or response.streaming:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        content = response.content
        if b"<script" not in content.lower():
            return response
        nonce = str(request.csp_nonce).encode("ascii")  # type: ignore[attr-defined]
        response.content = _SCRIPT_TAG.sub(b'<script nonce="' + nonce + b'"', content)
        return response
