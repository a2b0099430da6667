"""回顾 → 问答解读: chosen answered questions become a draft Q&A material under a linked policy.

The draft is never published here: it is submitted, signed and released through the three-sync workflow
like any follow-up interpretation (分段、多次解读).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from interpretation.choices import InterpreterKind
from interpretation.events import audit
from interpretation.events.choices import QuestionStatus
from interpretation.events.lifecycle import TransitionRefused
from interpretation.models import QAMaterialPage, QAPair


def answer_html(question) -> str:
    paragraphs = [line.strip() for line in question.answer.splitlines() if line.strip()]
    html = "".join(f"<p>{escape(line)}</p>" for line in paragraphs)
    if question.answered_by:
        html += f"<p>(答复人:{escape(question.answered_by)})</p>"
    return html


def _unique_slug(policy, base: str) -> str:
    taken = set(policy.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def check(event, policy, questions, user) -> None:
    """Refuse, in Chinese, anything the conversion must not do."""
    if not event.policies.filter(pk=policy.pk).exists():
        raise TransitionRefused(_("所选政策文件不是本活动的相关政策文件。"), "policy")
    if not policy.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied(_("您无权在该政策文件下添加解读材料。"))
    if not questions:
        raise TransitionRefused(_("请至少选择一个已回答的问题。"), "questions")
    for question in questions:
        if question.event_id != event.pk or question.status != QuestionStatus.APPROVED or not question.is_answered:
            raise TransitionRefused(_("只有本活动中审核通过并已回答的问题才能转为问答解读。"), "questions")


@transaction.atomic
def create_qa_material(event, policy, questions, user, title: str = "") -> QAMaterialPage:
    """Create the draft (one revision, not live) and link each question to it."""
    questions = list(questions)
    check(event, policy, questions, user)
    department = event.responsible_department or policy.drafting_department
    when = timezone.localtime(event.start)
    material = QAMaterialPage(
        title=(title or "").strip() or _("%(title)s 网民问答") % {"title": event.title},
        slug=_unique_slug(policy, f"event-{event.pk}-qa"),
        summary=_("根据%(date)s%(kind)s“%(title)s”中网民提问及答复整理。")
        % {"date": f"{when.year}年{when.month}月{when.day}日", "kind": event.get_kind_display(), "title": event.title},
        interpreter_kind=InterpreterKind.BY_DEPARTMENT,
        interpreter_name=department.name if department else "",
        live=False,
        has_unpublished_changes=True,
        owner=user,
    )
    # modelcluster sets a child relation from a list; the plugin sees only a related manager.
    material.qa_pairs = [QAPair(question=question.text, answer=answer_html(question)) for question in questions]  # type: ignore[misc]
    policy.add_child(instance=material)
    material.save_revision(user=user, log_action=True)
    event.questions.filter(pk__in=[question.pk for question in questions]).update(qa_material=material)
    audit.record(
        event,
        audit.QA_MATERIAL_CREATED,
        user,
        material=material.pk,
        policy=policy.pk,
        questions=[question.pk for question in questions],
    )
    return material
