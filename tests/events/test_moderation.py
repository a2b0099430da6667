"""网民提问: nothing a reader writes is public before a moderator with rights approves or answers it."""

import pytest
from django.urls import reverse

from interpretation.events.choices import QuestionStatus
from interpretation.events.models import LiveEntry, PublicQuestion
from tests.factories.events import make_event, make_question

pytestmark = pytest.mark.django_db


def live(client, event, **params):
    return client.get(reverse("events:live_json", args=(event.pk,)), params).json()


def moderate(client, question, action, **data):
    url = reverse("events_admin:moderate", args=(question.event_id, question.pk, action))
    return client.post(url, data)


def test_an_unapproved_question_is_never_public(interview, client):
    question = make_question(interview, text="这是一个尚未审核的问题")
    rejected = make_question(interview, text="这是一个未通过审核的问题", status=QuestionStatus.REJECTED)
    html = client.get(interview.url).content.decode()
    data = live(client, interview)
    for hidden in (question, rejected):
        assert hidden.text not in html
        assert hidden.pk not in [item["id"] for item in data["questions"]]


def test_moderator_approves_answers_and_withdraws_a_question(interview, login, client):
    question = make_question(interview, text="依申请公开目录多久更新一次?")
    moderator = login("dzb_editor")  # in the events editors group: may moderate
    assert moderate(moderator, question, "approve").status_code == 302
    assert [q["text"] for q in live(client, interview)["questions"]] == [question.text]
    assert question.text in client.get(interview.url).content.decode()

    moderate(moderator, question, "answer", answer="目录按月更新。", answered_by="党政办公室 张明")
    answered = live(client, interview)["questions"][0]
    assert answered["answer"] == "目录按月更新。" and answered["answered_by"] == "党政办公室 张明"
    html = client.get(interview.url).content.decode()
    assert "目录按月更新。" in html and "待回答" not in html

    moderate(moderator, question, "reject")
    assert live(client, interview)["questions"] == []
    question.refresh_from_db()
    assert question.moderated_by.username == "dzb_editor"


def test_only_users_with_moderation_rights_moderate(interview, login, client):
    question = make_question(interview)
    for username in ("jjb_editor", "gkb_reviewer"):  # admin users without the right
        response = moderate(login(username), question, "approve")
        assert response.status_code == 403 or response.url == "/admin/"
        question.refresh_from_db()
        assert question.status == QuestionStatus.PENDING
    client.logout()
    anonymous = moderate(client, question, "approve")
    assert anonymous.status_code == 302 and "/login/" in anonymous.url
    assert PublicQuestion.objects.get(pk=question.pk).status == QuestionStatus.PENDING


def test_an_empty_answer_is_refused_and_the_question_stays_as_it_was(interview, login):
    question = make_question(interview)
    response = moderate(login("dzb_editor"), question, "answer", answer="   ")
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING and question.answer == ""


def test_live_room_lists_pending_questions_for_moderators(interview, login):
    make_question(interview, text="请问哪些文件属于主动公开?")
    html = login("dzb_editor").get(reverse("events_admin:live", args=(interview.pk,))).content.decode()
    assert "待审核提问(1)" in html and "请问哪些文件属于主动公开?" in html and "回答并公开" in html


def test_editor_posts_a_live_entry_that_the_public_endpoint_serves(interview, login, client):
    editor = login("dzb_editor")
    url = reverse("events_admin:post_entry", args=(interview.pk,))
    response = editor.post(url, {"speaker": "张明", "text": "政务公开要做到“五公开”。", "image": "", "image_alt": ""})
    assert response.status_code == 302
    entries = live(client, interview)["entries"]
    assert [(e["speaker"], e["text"]) for e in entries] == [("张明", "政务公开要做到“五公开”。")]
    assert live(client, interview, after=entries[0]["id"])["entries"] == []


def test_live_entries_need_the_right_and_an_open_event(office, interview, login):
    url = reverse("events_admin:post_entry", args=(interview.pk,))
    login("jjb_editor").post(url, {"speaker": "某人", "text": "无权发布的内容"})
    assert not LiveEntry.objects.exists()

    concluded = make_event(office["index"], state="concluded")
    editor = login("dzb_editor")
    response = editor.post(
        reverse("events_admin:post_entry", args=(concluded.pk,)), {"speaker": "张明", "text": "结束后补发"}, follow=True
    )
    assert "不能再发布直播内容" in response.content.decode()
    assert not LiveEntry.objects.exists()

    empty = editor.post(url, {"speaker": "张明", "text": ""})
    assert empty.status_code == 400 and not LiveEntry.objects.exists()


def test_briefings_have_no_live_room(office, login):
    briefing = make_event(office["index"], kind="briefing", state="live")
    assert login("dzb_editor").get(reverse("events_admin:live", args=(briefing.pk,))).status_code == 404
