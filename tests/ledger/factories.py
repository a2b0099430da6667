"""Many released bundles for the fault suite and the benchmark: each a normative policy with a 图解 material,
signed and published through the same three-sync path an editor's click takes (so each release writes its
ledger rows in its own publishing transaction)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.demo import content
from interpretation import three_sync
from interpretation.choices import DisclosureAttribute, DocumentType, InterpreterKind, OpennessArea, Validity
from interpretation.models import (
    BundleRelease,
    DepartmentSectionPage,
    GraphicKeyPoint,
    GraphicMaterialPage,
    PolicyDocumentPage,
    Topic,
)


def publish_bundle(number: int, label: str = "分发演练") -> BundleRelease:
    """Policy number `number` with its 图解, released together; returns the release."""
    leader = get_user_model().objects.get(username="dzb_leader")
    section = DepartmentSectionPage.objects.get(department__code="dangzheng")
    slug = f"{hashlib.sha1(label.encode()).hexdigest()[:10]}-{number}"
    with transaction.atomic():
        policy = PolicyDocumentPage(
            title=f"{label}第{number}号政策文件",
            slug=slug,
            document_number=f"历政〔2026〕{number}号",
            issuing_organ=content.SITE_NAME,
            date_written=date(2026, 3, 1),
            topic=Topic.objects.get(code="zhengwu-gongkai"),
            openness_area=OpennessArea.DECISION,
            document_type=DocumentType.NORMATIVE,
            validity=Validity.VALID,
            summary=f"{label}:第{number}号政策文件的摘要。",
            body=f"<p>第一条 为做好{label}工作,制定本文件。</p><p>第二条 本文件自发布之日起施行(第{number}号)。</p>",
            disclosure_attribute=DisclosureAttribute.PROACTIVE,
            plan_release_at=timezone.make_aware(datetime.combine(date(2026, 3, 2), time(9, 0))),
            plan_channels=["website", "wechat"],
            plan_forms=["graphic"],
            plan_outline="一、背景\n二、要点",
            first_interpreter="张明",
            interpreter_contact="0555-5312001",
        )
        section.add_child(instance=policy)
        policy.save_revision(user=leader)
        graphic = GraphicMaterialPage(
            title=f"图解:{label}第{number}号",
            slug="graphic",
            summary="一图读懂。",
            subtitle=f"第{number}号",
            steps="明确公开属性\n同步审签\n同步发布",
            interpreter_kind=InterpreterKind.BY_DEPARTMENT,
            interpreter_name="党政办公室",
        )
        graphic.key_points = [GraphicKeyPoint(title="要点", text=f"第{number}号文件的要点", figure=str(number))]
        policy.add_child(instance=graphic)
        graphic.save_revision(user=leader)
        revision = policy.get_latest_revision()
        three_sync.sign_bundle(policy, revision, leader, comment="同意")
        revision.publish(user=leader)
    return BundleRelease.objects.filter(policy=policy).latest("pk")
