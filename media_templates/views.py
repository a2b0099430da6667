"""A Django view for the admin preview, for the lead engineer to mount (no URL or hook is added here).

from media_templates.views import preview_response
def policy_preview(request, pk):
    page = get_object_or_404(PolicyPage, pk=pk)          # permission checks are the caller's
    return preview_response(request, to_policy_content(page), spec=to_graphic_spec(page))
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .content import GraphicSpec, PolicyContent, SiteStyle
from .previews import build_preview


def preview_response(
    request: HttpRequest,
    policy: PolicyContent,
    *,
    spec: GraphicSpec | None = None,
    style: SiteStyle | None = None,
    template: str = "media_templates/admin/preview.html",
) -> HttpResponse:
    """The preview fragment (WeChat article and images); `?summary=1` previews the summary version."""
    summary_only = request.GET.get("summary") == "1"
    preview = build_preview(policy, spec=spec, style=style, summary_only=summary_only)
    html = render_to_string(template, {"preview": preview, "title": policy.title}, request=request)
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    return response
