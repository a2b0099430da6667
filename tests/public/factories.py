"""Policies released the way an editor's click releases them: saved, materials added, signed, published."""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.utils import timezone

from interpretation import three_sync
from interpretation.models import (
    DepartmentSectionPage,
    PolicyDocumentPage,
    QAMaterialPage,
    QAPair,
    TextMaterialPage,
    Topic,
)


def section(code="jingji") -> DepartmentSectionPage:
    return DepartmentSectionPage.objects.get(department__code=code)


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
    """A policy (and its one material, if given) released together through the three-sync path."""
    User = get_user_model()
    leader = User.objects.get(username="jjb_leader" if department == "jingji" else "dzb_leader")
    policy = PolicyDocumentPage(
        title=title,
        slug=slug,
        document_number=document_number,
        date_written=date(year, 3, 1),
        date_published=date(year, 3, 5),
        topic=Topic.objects.get(code=topic),
        document_type=document_type,
        validity=validity,
        superseded_by=superseded_by,
        summary=body[0],
        body="".join(f"<p>{p}</p>" for p in body),
        disclosure_attribute=disclosure,
        withholding_reason=reason,
        interpretation_required=material is not None,
        plan_release_at=timezone.make_aware(datetime.combine(date(year, 3, 5), time(9, 0))),
        plan_channels=["website"],
        plan_forms=[material[0]] if material else ["text"],
        plan_outline="一、背景",
        first_interpreter="李华",
    )
    publisher = leader
    if material is None and policy.requires_interpretation:
        # A normative document on file without its interpretation: released ahead of it, with the reason.
        policy.override_reason = "历史文件补录,解读另行发布"
        publisher = User.objects.get(username="releaser")
    section(department).add_child(instance=policy)
    policy.save_revision(user=leader)
    if material is not None:
        add_material(policy, *material, user=leader)
    if publish:
        revision = policy.get_latest_revision()
        three_sync.sign_bundle(policy, revision, leader)
        if three_sync.needs_openness_office(policy):
            three_sync.approve_disclosure(policy, revision, User.objects.get(username="gkb_reviewer"))
        revision.publish(user=publisher)
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def add_material(policy, form, title, text, *, user=None, slug="material"):
    if form == "qa":
        question, _, answer = text.partition("?")
        material = QAMaterialPage(title=title, slug=slug, summary=title)
        material.qa_pairs = [QAPair(question=question + "?", answer=f"<p>{answer}</p>")]
    else:
        material = TextMaterialPage(title=title, slug=slug, summary=text, body=f"<p>{text}</p>")
    policy.add_child(instance=material)
    material.save_revision(user=user)
    return material


def leader_of(page):
    """The drafting department's leader: the person whose publishing signs an update."""
    policy = page if isinstance(page, PolicyDocumentPage) else page.get_parent().specific
    return get_user_model().objects.filter(groups=policy.drafting_department.leaders).order_by("pk").first()


def publish_update(page):
    """An edited policy (or material) released again by its department's leader, as the admin does it."""
    page.save_revision(user=leader_of(page)).publish(user=leader_of(page))
