"""Documents of the library, released through the same three-sync path an editor's click takes.

- the work plan       `work_plan()`: the office's 2018 work plan, released with its text, Q&A and 图解 — the
                      document the demo publishes, as data;
- a library document  `release_policy()`: a policy of any year, type and validity with one material, released;
- a numbered policy   `numbered_release()`: many releases for the ledger's drills and benchmarks.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.db import transaction

from cms.demo import content as work_plan_text
from interpretation.models import BundleRelease, GraphicKeyPoint, PolicyDocumentPage, QAPair, Topic
from tests.factories.policies import (
    GraphicMaterialFactory,
    PolicyFactory,
    QAMaterialFactory,
    TextMaterialFactory,
    _plan_time,
    add_material,
    latest_release,
    leader_of,
    release,
    sign,
)
from tests.factories.site import DEPARTMENTS, SITE_NAME, leader_of_department, user

WORK_PLAN_SLUG = work_plan_text.POLICY["slug"]


def release_policy(
    *,
    slug,
    title,
    body=("正文。",),
    document_number="",
    topic="zhengwu-gongkai",
    year=2022,
    document_type="other_policy",
    validity="valid",
    material=None,
    disclosure="proactive",
    reason="",
    department="jingji",
    superseded_by=None,
    publish=True,
) -> PolicyDocumentPage:
    """A library document of `year` with its one material (form, title, text), if given, released together.

    A normative document without material is released ahead of its interpretation by the releaser, with the
    reason a clerk entering an old document gives."""
    leader = leader_of_department(department)
    fields = {
        "title": title,
        "slug": slug,
        "document_number": document_number,
        "date_written": date(year, 3, 1),
        "date_published": date(year, 3, 5),
        "topic": Topic.objects.get(code=topic),
        "document_type": document_type,
        "validity": validity,
        "superseded_by": superseded_by,
        "summary": body[0],
        "body": "".join(f"<p>{p}</p>" for p in body),
        "disclosure_attribute": disclosure,
        "withholding_reason": reason,
        "interpretation_required": material is not None,
        "plan_release_at": _plan_time(year, 3, 5),
        "plan_channels": ["website"],
        "plan_forms": [material[0]] if material else ["text"],
        "plan_outline": "一、背景",
        "first_interpreter": "李华",
        "interpreter_contact": "",
        "openness_area": "",
        "issuing_organ": SITE_NAME,
    }
    publisher = leader
    if material is None and PolicyDocumentPage(**fields).requires_interpretation:
        fields["override_reason"] = "历史文件补录,解读另行发布"
        publisher = user("releaser")
    policy = PolicyFactory(department=department, author=leader, **fields)
    if material is not None:
        add_material(policy, *material, user=leader)
    if publish:
        return release(policy, by=publisher)
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def work_plan() -> PolicyDocumentPage:
    """《2018年历阳镇政务公开工作方案》(历政办〔2018〕12号) of 党政办公室, released with its text, Q&A and 图解
    through the same three-sync path an editor's click takes."""
    text, qa, graphic = (
        work_plan_text.TEXT_INTERPRETATION,
        work_plan_text.QA_INTERPRETATION,
        work_plan_text.GRAPHIC_INTERPRETATION,
    )
    dangzheng = DEPARTMENTS["dangzheng"]
    with transaction.atomic():
        policy = PolicyFactory(
            department="dangzheng",
            title=work_plan_text.POLICY["title"],
            slug=WORK_PLAN_SLUG,
            document_number=work_plan_text.POLICY["document_number"],
            date_written=date(2018, 4, 10),
            date_published=date(2018, 4, 12),
            effective_date=date(2018, 4, 12),
            topic=Topic.objects.get(code="zhengwu-gongkai"),
            document_type="normative_document",
            summary=work_plan_text.POLICY["summary"],
            body=work_plan_text.seed_body_html(),
            plan_release_at=_plan_time(2018, 4, 12),
            plan_channels=["website", "wechat", "press_partner", "briefing"],
            plan_forms=["text", "graphic", "qa"],
            plan_outline=work_plan_text.POLICY["plan_outline"],
            first_interpreter=dangzheng[1],
            interpreter_contact=dangzheng[2],
        )
        TextMaterialFactory(
            parent=policy,
            title=text["title"],
            slug=text["slug"],
            summary=text["summary"],
            body="".join(f"<{tag}>{value}</{tag}>" for tag, value in text["body"]),
            interpreter_name="党政办公室 张明",
        )
        QAMaterialFactory(
            parent=policy,
            title=qa["title"],
            slug=qa["slug"],
            summary=qa["summary"],
            interpreter_name="党政办公室",
            qa_pairs=[QAPair(question=q, answer=f"<p>{a}</p>") for q, a in qa["pairs"]],
        )
        GraphicMaterialFactory(
            parent=policy,
            title=graphic["title"],
            slug=graphic["slug"],
            summary=graphic["summary"],
            subtitle=graphic["subtitle"],
            steps=graphic["steps"],
            interpreter_kind="by_expert",
            interpreter_name="县政务公开办 专家",
            key_points=[GraphicKeyPoint(title=t, text=x, figure=f) for t, x, f in graphic["key_points"]],
        )
        revision = policy.get_latest_revision()
        sign(policy, revision, comment="同意发布,政策文件与解读材料同步部署。")
        revision.publish(user=leader_of(policy))
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def numbered_release(number: int, label: str = "分发演练") -> BundleRelease:
    """Policy number `number`, normative, with its 图解, released by 党政办公室's leader in one transaction (so the
    release writes its ledger rows in its own publishing transaction); returns the release."""
    slug = f"{hashlib.sha1(label.encode()).hexdigest()[:10]}-{number}"
    with transaction.atomic():
        policy = PolicyFactory(
            department="dangzheng",
            author=leader_of_department("dangzheng"),
            title=f"{label}第{number}号政策文件",
            slug=slug,
            document_number=f"历政〔2026〕{number}号",
            date_written=date(2026, 3, 1),
            topic=Topic.objects.get(code="zhengwu-gongkai"),
            document_type="normative_document",
            summary=f"{label}:第{number}号政策文件的摘要。",
            body=f"<p>第一条 为做好{label}工作,制定本文件。</p><p>第二条 本文件自发布之日起施行(第{number}号)。</p>",
            plan_release_at=_plan_time(2026, 3, 2),
            plan_forms=["graphic"],
            plan_outline="一、背景\n二、要点",
            first_interpreter="张明",
            interpreter_contact="0555-5312001",
        )
        GraphicMaterialFactory(
            parent=policy,
            author=leader_of_department("dangzheng"),
            title=f"图解:{label}第{number}号",
            slug="graphic",
            summary="一图读懂。",
            subtitle=f"第{number}号",
            steps="明确公开属性\n同步审签\n同步发布",
            interpreter_name="党政办公室",
            key_points=[GraphicKeyPoint(title="要点", text=f"第{number}号文件的要点", figure=str(number))],
        )
        revision = policy.get_latest_revision()
        sign(policy, revision)
        revision.publish(user=leader_of(policy))
    return latest_release(policy)
