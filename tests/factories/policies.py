"""Policy documents, their interpretation plans and materials, and bundles in the states an editor knows.

A bundle (政策文件 + 解读方案 + 解读材料) is made the way the admin leaves it: the policy and each material saved as
draft revisions by the department's editor. From there, by the product's own functions:

- draft bundle        `draft_bundle()`: nobody has signed;
- signed bundle       `signed_bundle()`: the drafting department's leader signed (同步审签) policy and materials;
- released bundle     `released_bundle()`: signed, and published by the leader: policy and materials go live
                      together, the release (BundleRelease) and its deliveries are written;
- overridden release  `overridden_release()`: a normative document released ahead of its interpretation by the
                      leader in charge, with the reason (无解读先行发布);
- withheld bundle     `withheld_bundle()` (不予公开) and `on_request_bundle()` (依申请公开): the openness office
                      approved the attribute; released on request;

The office's 2018 work plan and the documents of a library of many years are in `tests.factories.library`.
`make_bundle()` is the general form behind the named states.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from interpretation import three_sync
from interpretation.models import (
    BundleRelease,
    GraphicKeyPoint,
    GraphicMaterialPage,
    PolicyAttachment,
    PolicyDocumentPage,
    QAMaterialPage,
    QAPair,
    TextMaterialPage,
)
from tests.factories.site import (
    SITE_NAME,
    PageFactory,
    editor_of,
    leader_of_department,
    section,
    user,
)

ON_REQUEST = {"disclosure_attribute": "on_request", "withholding_reason": "涉及第三方商业信息"}
WITHHELD = {"disclosure_attribute": "withheld", "withholding_reason": "涉及国家秘密"}
PDF = b"%PDF-1.4\n% demo attachment\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _plan_time(year=2026, month=12, day=1):
    return timezone.make_aware(datetime.combine(date(year, month, day), time(9, 0)))


class PolicyFactory(PageFactory):
    """A policy document as a drafter fills the form: 经济发展办公室's by default, with its interpretation plan,
    saved as a draft revision by the department's editor (`department="dangzheng"` for the other one)."""

    class Meta:
        model = PolicyDocumentPage

    class Params:
        department = "jingji"
        no_plan = factory.Trait(plan_outline="", first_interpreter="")
        on_request = factory.Trait(**ON_REQUEST)
        withheld = factory.Trait(**WITHHELD)

    parent = factory.LazyAttribute(lambda p: section(p.department))
    author = factory.LazyAttribute(lambda p: editor_of(p.department))
    publish = False
    title = "关于优化营商环境的若干措施"
    slug = factory.Sequence(lambda n: f"policy-{n}")
    document_number = "历政〔2026〕3号"
    issuing_organ = SITE_NAME
    summary = "十条措施优化营商环境。"
    body = "<p>第一条 优化营商环境。</p>"
    disclosure_attribute = "proactive"
    withholding_reason = ""
    override_reason = ""
    openness_area = "decision"
    plan_release_at = factory.LazyFunction(_plan_time)
    plan_channels = factory.LazyFunction(lambda: ["website", "wechat"])
    plan_forms = factory.LazyFunction(lambda: ["text"])
    plan_outline = "一、背景\n二、措施"
    first_interpreter = "李华"
    interpreter_contact = "0555-5312002"


class MaterialFactory(PageFactory):
    """An interpretation material under `parent` (a policy), saved as a draft by the department's editor."""

    class Meta:
        abstract = True

    author = factory.LazyAttribute(lambda m: drafter_of(m.parent))
    publish = False
    slug = factory.Sequence(lambda n: f"jiedu-{n}")
    summary = "解读十条措施。"
    interpreter_kind = "by_department"
    interpreter_name = "经济发展办公室"


class TextMaterialFactory(MaterialFactory):
    class Meta:
        model = TextMaterialPage

    title = factory.LazyAttribute(lambda m: f"《{m.parent.title}》解读")
    body = "<p>措施解读正文。</p>"


class QAMaterialFactory(MaterialFactory):
    class Meta:
        model = QAMaterialPage

    title = factory.LazyAttribute(lambda m: f"《{m.parent.title}》问答")
    qa_pairs = factory.LazyFunction(lambda: [QAPair(question="谁可以申请?", answer="<p>本镇登记的企业。</p>")])


class GraphicMaterialFactory(MaterialFactory):
    class Meta:
        model = GraphicMaterialPage

    title = factory.LazyAttribute(lambda m: f"图解:{m.parent.title}")
    subtitle = "十条措施"
    steps = "明确公开属性\n同步审签\n同步发布"
    summary = "一图读懂。"
    key_points = factory.LazyFunction(lambda: [GraphicKeyPoint(title="要点", text="十条措施的要点", figure="10条")])


MATERIALS = {"text": TextMaterialFactory, "qa": QAMaterialFactory, "graphic": GraphicMaterialFactory}


# -- who acts ------------------------------------------------------------------------------------------------


def _department_code(policy) -> str:
    return policy.drafting_department.code if policy.drafting_department_id else "jingji"


def _member_of_body(role: str, policy):
    """A member of the department's group who works for the policy's body (another body's rights mean nothing)."""
    group = getattr(policy.drafting_department, role, None) if policy.drafting_department_id else None
    if group is None:
        return None
    return group.user_set.filter(is_active=True, body_membership__body_id=policy.disclosing_body_id).first()


def drafter_of(policy):
    own = _member_of_body("editors", policy)
    return own or editor_of(_department_code(policy))


def leader_of(page):
    """The drafting department's leader (of a policy, or of a material's policy): whose publishing signs."""
    policy = page if isinstance(page, PolicyDocumentPage) else page.get_parent().specific
    own = _member_of_body("leaders", policy)
    return own or leader_of_department(_department_code(policy))


# -- acts, through the product's functions --------------------------------------------------------------------


def sign(policy, revision=None, *, comment="同意"):
    """同步审签 by the drafting department's leader: the policy revision and every material's latest draft."""
    return three_sync.sign_bundle(policy, revision or policy.get_latest_revision(), leader_of(policy), comment=comment)


def approve_attribute(policy, revision=None):
    """政务公开办 agrees to a 依申请公开 / 不予公开 attribute."""
    return three_sync.approve_disclosure(policy, revision or policy.get_latest_revision(), user("gkb_reviewer"))


def release(policy, *, by=None) -> PolicyDocumentPage:
    """Sign, have the attribute approved when it is not proactive, and publish (the leader, unless `by`)."""
    revision = policy.get_latest_revision()
    sign(policy, revision)
    if three_sync.needs_openness_office(policy):
        approve_attribute(policy, revision)
    revision.publish(user=by or leader_of(policy))
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def latest_release(policy) -> BundleRelease:
    return BundleRelease.objects.filter(policy=policy).latest("pk")


def publish_update(page):
    """An edited policy (or material) released again by its department's leader, as the admin does it."""
    leader = leader_of(page)
    page.save_revision(user=leader).publish(user=leader)


def add_material(policy, form, title, text, *, user=None, slug="material"):
    """One material with `text` as its body (a Q&A: "question?answer"), saved as a draft by `user`."""
    if form == "qa":
        question, _, answer = text.partition("?")
        return QAMaterialFactory(
            parent=policy,
            title=title,
            slug=slug,
            summary=title,
            author=user,
            interpreter_name="",
            qa_pairs=[QAPair(question=question + "?", answer=f"<p>{answer}</p>")],
        )
    return TextMaterialFactory(
        parent=policy,
        title=title,
        slug=slug,
        summary=text,
        body=f"<p>{text}</p>",
        author=user,
        interpreter_name="",
    )


def attachment(name: str, title="申请表") -> PolicyAttachment:
    """A PDF (file `name`) to attach to a policy before it is saved, as the edit form does."""
    document = get_document_model().objects.create(title="附件一 申请表", file=ContentFile(PDF, name=name))
    return PolicyAttachment(document=document, title=title)


# -- bundles in named states ------------------------------------------------------------------------------------


def make_bundle(
    *,
    department: str = "jingji",
    plan: bool = True,
    materials: Sequence[str] = ("text",),
    material_body: str | None = None,
    signed: bool = False,
    office_approved: bool = False,
    released: bool = False,
    publisher=None,
    **policy_fields,
) -> PolicyDocumentPage:
    """A policy with its materials (forms from MATERIALS) saved as drafts; signed, approved or released if asked.

    `material_body` is the first text material's body in its draft (which may fail the material's validation).
    `publisher` releases it instead of the leader (the releaser, for an override).
    """
    policy_fields.setdefault("slug", "yingshang-cuoshi")
    policy = PolicyFactory(department=department, no_plan=not plan, **policy_fields)
    for number, form in enumerate(materials):
        title = f"《{policy.title}》解读" + (f"({number + 1})" if number else "")
        if material_body is None or form != "text" or number:
            MATERIALS[form](parent=policy, title=title, slug=f"jiedu-{number}")
            continue
        # Added whole, then saved as a draft that skips validation: an editor may save an incomplete draft.
        material = TextMaterialFactory.build(parent=policy, title=title, slug=f"jiedu-{number}")
        policy.add_child(instance=material)
        material.body = material_body
        material.save_revision(user=drafter_of(policy), clean=False)
    policy = PolicyDocumentPage.objects.get(pk=policy.pk)
    revision = policy.get_latest_revision()
    if signed or released:
        sign(policy, revision)
    if office_approved or (released and three_sync.needs_openness_office(policy)):
        approve_attribute(policy, revision)
    if released:
        revision.publish(user=publisher or leader_of(policy))
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def draft_bundle(**fields) -> PolicyDocumentPage:
    """代拟稿: the policy, its plan and one text material, saved by the department's editor; nobody has signed."""
    return make_bundle(**fields)


def signed_bundle(**fields) -> PolicyDocumentPage:
    """The drafting department's leader signed the policy and its materials together (同步审签)."""
    return make_bundle(signed=True, **fields)


def released_bundle(**fields) -> PolicyDocumentPage:
    """Signed and published by the leader: policy and materials live, the release and its deliveries written."""
    return make_bundle(released=True, **fields)


def overridden_release(reason="防汛紧急通知,解读随后补发", **fields) -> PolicyDocumentPage:
    """无解读先行发布: a normative document released by the leader in charge before its interpretation, with the
    reason; the interpretation clock starts."""
    fields.setdefault("document_type", "normative_document")
    fields.setdefault("materials", ())
    return make_bundle(released=True, publisher=user("releaser"), override_reason=reason, **fields)


def withheld_bundle(*, released=False, **fields) -> PolicyDocumentPage:
    """不予公开, with its reason, signed and approved by 政务公开办; on the site it is never shown."""
    return make_bundle(signed=True, office_approved=True, released=released, **{**WITHHELD, **fields})


def on_request_bundle(*, released=False, **fields) -> PolicyDocumentPage:
    """依申请公开, with its reason, signed and approved by 政务公开办; listed in the on-request catalogue."""
    return make_bundle(signed=True, office_approved=True, released=released, **{**ON_REQUEST, **fields})
