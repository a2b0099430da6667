"""The demo's policies, released through the same three-sync path an editor's click takes: the seed's 2018 work plan
of 历阳镇 with its text, Q&A and 图解 interpretations, and the county's 2018 key points with a text interpretation."""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.demo import content
from interpretation import three_sync
from interpretation.choices import DisclosureAttribute, DocumentType, InterpreterKind, OpennessArea, Validity
from interpretation.models import (
    DepartmentSectionPage,
    GraphicKeyPoint,
    GraphicMaterialPage,
    PolicyDocumentPage,
    QAMaterialPage,
    QAPair,
    TextMaterialPage,
    Topic,
)


@transaction.atomic
def ensure_seed_policy(departments) -> PolicyDocumentPage:
    """The seed's work plan, released through the same three-sync path an editor's click takes."""

    existing = PolicyDocumentPage.objects.filter(slug=content.POLICY["slug"]).first()
    if existing is not None:
        return existing
    User = get_user_model()
    editor = User.objects.get(username="dzb_editor")
    leader = User.objects.get(username="dzb_leader")
    section = DepartmentSectionPage.objects.get(department=departments[("liyang", "dangzheng")])
    policy = PolicyDocumentPage(
        title=content.POLICY["title"],
        slug=content.POLICY["slug"],
        document_number=content.POLICY["document_number"],
        issuing_organ=content.SITE_NAME,
        date_written=date(2018, 4, 10),
        date_published=date(2018, 4, 12),
        effective_date=date(2018, 4, 12),
        topic=Topic.objects.get(code="zhengwu-gongkai"),
        openness_area=OpennessArea.DECISION,
        document_type=DocumentType.NORMATIVE,
        validity=Validity.VALID,
        summary=content.POLICY["summary"],
        body=content.seed_body_html(),
        disclosure_attribute=DisclosureAttribute.PROACTIVE,
        plan_release_at=timezone.make_aware(datetime.combine(date(2018, 4, 12), time(9, 0))),
        plan_channels=["website", "wechat", "press_partner", "briefing"],
        plan_forms=["text", "graphic", "qa"],
        plan_outline=content.POLICY["plan_outline"],
        first_interpreter=departments[("liyang", "dangzheng")].first_interpreter,
        interpreter_contact=departments[("liyang", "dangzheng")].contact,
    )
    section.add_child(instance=policy)
    policy.save_revision(user=editor)
    _add_materials(policy, editor)
    gaps = three_sync.bundle_gaps(policy)
    if gaps:  # the demo goes through the same gate as every editor
        raise RuntimeError(three_sync.gate_message(gaps))
    revision = policy.get_latest_revision()
    three_sync.sign_bundle(policy, revision, leader, comment="同意发布,政策文件与解读材料同步部署。")
    revision.publish(user=leader)  # the page_published handler releases the materials with it
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def _file(policy, material, editor) -> None:
    """A material under its policy, as a draft revision by the drafting department's editor."""
    policy.add_child(instance=material)
    material.save_revision(user=editor)


def _add_materials(policy, editor):
    text = content.TEXT_INTERPRETATION
    body = "".join(f"<{tag}>{value}</{tag}>" for tag, value in text["body"])
    material = TextMaterialPage(
        title=text["title"],
        slug=text["slug"],
        summary=text["summary"],
        body=body,
        interpreter_kind=InterpreterKind.BY_DEPARTMENT,
        interpreter_name="党政办公室 张明",
    )
    _file(policy, material, editor)

    qa = content.QA_INTERPRETATION
    material = QAMaterialPage(
        title=qa["title"],
        slug=qa["slug"],
        summary=qa["summary"],
        interpreter_kind=InterpreterKind.BY_DEPARTMENT,
        interpreter_name="党政办公室",
    )
    material.qa_pairs = [QAPair(question=q, answer=f"<p>{a}</p>") for q, a in qa["pairs"]]
    _file(policy, material, editor)

    graphic = content.GRAPHIC_INTERPRETATION
    material = GraphicMaterialPage(
        title=graphic["title"],
        slug=graphic["slug"],
        summary=graphic["summary"],
        subtitle=graphic["subtitle"],
        steps=graphic["steps"],
        interpreter_kind=InterpreterKind.BY_EXPERT,
        interpreter_name="县政务公开办 专家",
    )
    material.key_points = [GraphicKeyPoint(title=t, text=x, figure=f) for t, x, f in graphic["key_points"]]
    _file(policy, material, editor)


@transaction.atomic
def ensure_county_policy(departments) -> PolicyDocumentPage:
    """The county's own policy, released by its office's leader through the same three-sync path."""
    spec = content.COUNTY_POLICY
    existing = PolicyDocumentPage.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    User = get_user_model()
    editor, leader = User.objects.get(username="hx_editor"), User.objects.get(username="hx_leader")
    department = departments[("hexian", "bangongshi")]
    policy = PolicyDocumentPage(
        title=spec["title"],
        slug=spec["slug"],
        document_number=spec["document_number"],
        date_written=date(2018, 3, 20),
        date_published=date(2018, 3, 22),
        effective_date=date(2018, 3, 22),
        topic=Topic.objects.get(code="zhengwu-gongkai"),
        openness_area=OpennessArea.DECISION,
        document_type=DocumentType.NORMATIVE,
        validity=Validity.VALID,
        summary=spec["summary"],
        body="".join(f"<p>{line}</p>" for line in spec["body"]),
        disclosure_attribute=DisclosureAttribute.PROACTIVE,
        plan_release_at=timezone.make_aware(datetime.combine(date(2018, 3, 22), time(9, 0))),
        plan_channels=["website", "wechat"],
        plan_forms=["text"],
        plan_outline=spec["plan_outline"],
        first_interpreter=department.first_interpreter,
        interpreter_contact=department.contact,
    )
    DepartmentSectionPage.objects.get(department=department).add_child(instance=policy)
    policy.save_revision(user=editor)
    material = TextMaterialPage(
        title=spec["interpretation_title"],
        slug="interpretation",
        summary="县政府办公室就工作要点作出解读。",
        body="".join(f"<{tag}>{text}</{tag}>" for tag, text in spec["interpretation"]),
        interpreter_kind=InterpreterKind.BY_DEPARTMENT,
        interpreter_name="县政府办公室",
    )
    _file(policy, material, editor)
    gaps = three_sync.bundle_gaps(policy)
    if gaps:
        raise RuntimeError(three_sync.gate_message(gaps))
    revision = policy.get_latest_revision()
    three_sync.sign_bundle(policy, revision, leader, comment="同意发布。")
    revision.publish(user=leader)
    return PolicyDocumentPage.objects.get(pk=policy.pk)
