"""发布预览: the WeChat article, cover, thumbnail, 图解 and poster, as they would go out, before release."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from interpretation.bundle_content import graphic_spec, policy_content
from interpretation.models import GraphicMaterialPage, PolicyDocumentPage
from media_templates.previews import build_preview


def _draft_bundle(policy):
    """The policy and its materials as the reviewer sees them: latest drafts, not only what is live."""

    draft = policy.get_latest_revision_as_object()
    materials = [material.get_latest_revision_as_object() for material in policy.materials]
    graphic = next((m for m in materials if isinstance(m, GraphicMaterialPage)), None)
    return draft, materials, graphic


def bundle_preview(request, policy_id):
    """WeChat article, cover, thumbnail, 图解 and poster, as they would go out, before release."""

    policy = get_object_or_404(PolicyDocumentPage, pk=policy_id)
    task = policy.current_workflow_task
    if not (
        policy.permissions_for_user(request.user).can_edit()
        or (task and task.specific.get_actions(policy, request.user))
    ):
        raise PermissionDenied
    draft, materials, graphic = _draft_bundle(policy)
    preview = build_preview(
        policy_content(draft, materials=materials),
        spec=graphic_spec(graphic) if graphic else None,
        summary_only=request.GET.get("summary") == "1",
    )
    response = TemplateResponse(
        request,
        "interpretation/admin/bundle_preview.html",
        {"policy": draft, "preview": preview, "page_title": f"发布预览:{draft.title}"},
    )
    response["Cache-Control"] = "private, no-store"
    return response
