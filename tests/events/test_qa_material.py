"""回顾 → 问答解读: answered questions become a draft Q&A material, reviewed and released as a follow-up."""

import pytest
from django.urls import reverse

from interpretation.events import qa_material
from interpretation.events.choices import QuestionStatus
from interpretation.events.lifecycle import TransitionRefused
from interpretation.models import BundleRelease, QAMaterialPage
from tests.factories.events import make_event, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(interview):
    return [
        make_question(
            interview,
            text=f"问题{n}:依申请公开怎么办理?",
            status=QuestionStatus.APPROVED,
            answer=f"回答{n}\n第二段",
            answered_by="张明",
        )
        for n in (1, 2)
    ]


def test_chosen_questions_become_a_draft_follow_up_qa_material(office, interview, answered, login):
    policy = office["policy"]
    client = login("dzb_editor")
    response = client.post(
        reverse("events_admin:record", args=(interview.pk,)),
        {"policy": policy.pk, "title": "在线访谈网民问答", "questions": [answered[0].pk]},
    )
    material = QAMaterialPage.objects.get(title="在线访谈网民问答")
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_pages:edit", args=(material.pk,))
    assert material.get_parent().pk == policy.pk
    assert not material.live and material.is_follow_up, "a draft, released only through the three-sync review"
    assert material.get_latest_revision() is not None and material.live_revision is None
    pairs = [(pair.question, pair.answer) for pair in material.qa_pairs.all()]
    assert pairs == [("问题1:依申请公开怎么办理?", "<p>回答1</p><p>第二段</p><p>(答复人:张明)</p>")]
    answered[0].refresh_from_db()
    answered[1].refresh_from_db()
    assert answered[0].qa_material_id == material.pk and answered[1].qa_material_id is None
    assert not BundleRelease.objects.filter(kind=BundleRelease.Kind.FOLLOW_UP).exists()


def test_the_draft_is_released_as_a_follow_up_after_the_leaders_approval(office, interview, answered, user, login):
    material = qa_material.create_qa_material(interview, office["policy"], answered, user("dzb_editor"))
    workflow = material.get_workflow()
    assert workflow is not None and workflow.name == "三同步审签流程"
    workflow.start(material, user("dzb_editor"))
    material.refresh_from_db()
    task_state = material.current_workflow_task_state
    leader = login("dzb_leader")
    response = leader.post(
        reverse("wagtailadmin_pages:workflow_action", args=(material.pk, "approve", task_state.pk)), {}
    )
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.live
    release = BundleRelease.objects.get(kind=BundleRelease.Kind.FOLLOW_UP)
    assert release.policy_id == office["policy"].pk and str(material.pk) in release.material_revisions


def test_unanswered_or_pending_questions_are_not_converted(office, interview, user):
    pending = make_question(interview)
    approved_only = make_question(interview, status=QuestionStatus.APPROVED)
    for question in (pending, approved_only):
        with pytest.raises(TransitionRefused, match="审核通过并已回答"):
            qa_material.create_qa_material(interview, office["policy"], [question], user("dzb_editor"))
    with pytest.raises(TransitionRefused, match="至少选择"):
        qa_material.create_qa_material(interview, office["policy"], [], user("dzb_editor"))
    assert not QAMaterialPage.objects.filter(slug__startswith="event-").exists()


def test_only_a_linked_policy_and_only_its_drafting_department(office, interview, answered, user, login):
    other = make_event(office["index"], state="concluded")
    with pytest.raises(TransitionRefused, match="不是本活动的相关政策文件"):
        qa_material.create_qa_material(other, office["policy"], [], None)
    # An event editor from another department may not add materials under this policy (谁起草、谁解读).
    outsider = user("jjb_editor")
    outsider.groups.add(*user("dzb_editor").groups.filter(name="发布会与访谈编辑"))
    response = login("jjb_editor").post(
        reverse("events_admin:record", args=(interview.pk,)),
        {"policy": office["policy"].pk, "questions": [answered[0].pk]},
    )
    assert response.status_code == 400 and "您无权在该政策文件下添加解读材料" in response.content.decode()
    assert not QAMaterialPage.objects.filter(slug__startswith="event-").exists()


def test_the_record_screen_offers_answered_questions(office, interview, answered, login):
    html = login("dzb_editor").get(reverse("events_admin:record", args=(interview.pk,))).content.decode()
    assert "问题1:依申请公开怎么办理?" in html and "生成问答解读草稿" in html
