"""Bundles in named states, made the way the admin leaves them (drafts with revisions), without the admin.

The states the release guard distinguishes: complete or not (plan, materials, a material that fails its own
validation), signed or not, 依申请公开 with or without the openness office's approval, an override reason.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from interpretation import three_sync
from interpretation.models import PolicyDocumentPage, TextMaterialPage

ON_REQUEST = {"disclosure_attribute": "on_request", "withholding_reason": "涉及第三方商业信息"}


def make_bundle(
    office,
    *,
    department: str = "jingji",
    plan: bool = True,
    materials: int = 1,
    material_body: str = "<p>措施解读正文。</p>",
    disclosure_attribute: str = "proactive",
    withholding_reason: str = "",
    override_reason: str = "",
    signed: bool = False,
    office_approved: bool = False,
    slug: str = "yingshang-cuoshi",
) -> PolicyDocumentPage:
    """A draft policy (as policy_form() would fill it) with its materials; signed or approved if asked."""
    User = get_user_model()
    prefix = {"jingji": "jjb", "dangzheng": "dzb"}[department]
    editor = User.objects.get(username=f"{prefix}_editor")
    policy = PolicyDocumentPage(
        title="关于优化营商环境的若干措施",
        slug=slug,
        document_number="历政〔2026〕3号",
        summary="十条措施优化营商环境。",
        body="<p>第一条 优化营商环境。</p>",
        disclosure_attribute=disclosure_attribute,
        withholding_reason=withholding_reason,
        override_reason=override_reason,
        openness_area="decision",
        plan_release_at=timezone.make_aware(datetime(2026, 12, 1, 9, 0)),
        plan_channels=["website", "wechat"],
        plan_forms=["text"],
        plan_outline="一、背景\n二、措施" if plan else "",
        first_interpreter="李华" if plan else "",
        interpreter_contact="0555-5312002",
    )
    office["sections"][department].add_child(instance=policy)
    revision = policy.save_revision(user=editor)
    for number in range(materials):
        material = TextMaterialPage(
            title="《关于优化营商环境的若干措施》解读" + (f"({number + 1})" if number else ""),
            slug=f"jiedu-{number}",
            summary="解读十条措施。",
            body="<p>措施解读正文。</p>",
            interpreter_kind="by_department",
            interpreter_name="经济发展办公室",
        )
        policy.add_child(instance=material)
        material.body = material_body
        material.save_revision(user=editor, clean=False)  # a draft may lack required fields, as in the admin
    policy = PolicyDocumentPage.objects.get(pk=policy.pk)
    leader = User.objects.get(username=f"{prefix}_leader")
    if signed:
        three_sync.sign_bundle(policy, revision, leader, comment="同意")
    if office_approved:
        three_sync.approve_disclosure(policy, revision, User.objects.get(username="gkb_reviewer"))
    return policy
