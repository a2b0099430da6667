"""Readers' input: spam, floods and malformed requests get a clear Chinese refusal, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from interpretation.events.models import PublicQuestion
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def ask(client, event, json=True, **data):
    payload = {"nickname": "", "text": "请问政策解读有哪些形式?", "website": "", **data}
    return client.post(reverse("events:ask", args=(event.pk,)), payload, **(JSON if json else {}))


def test_a_reader_question_is_accepted_for_moderation(interview, client):
    response = ask(client, interview, nickname="历阳居民")
    assert response.status_code == 201
    assert response.json()["message"] == "提问已提交,经工作人员审核后显示。"
    question = PublicQuestion.objects.get()
    assert question.status == "pending" and question.nickname == "历阳居民"
    assert len(question.client_digest) == 64 and "127.0.0.1" not in question.client_digest


def test_without_javascript_the_question_page_takes_the_question_and_confirms(interview):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(reverse("events:ask", args=(interview.pk,)))
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    token = page.context["csrf_token"]
    response = reader.post(
        reverse("events:ask", args=(interview.pk,)), {"text": "请问政策解读有哪些形式?", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and response.url.endswith("?asked=1")
    assert "提问已提交,经工作人员审核后显示。" in reader.get(response.url).content.decode()
    assert PublicQuestion.objects.count() == 1


def test_without_javascript_an_error_comes_back_with_what_the_reader_typed(interview, client):
    response = ask(client, interview, json=False, text="问" * 201, nickname="老王")
    html = response.content.decode()
    assert response.status_code == 400 and "问题不能超过200个字" in html
    assert 'value="老王"' in html and "问" * 201 in html


def test_honeypot_filled_by_a_bot_is_refused(interview, client):
    response = ask(client, interview, website="http://spam.example")
    assert response.status_code == 400 and "未通过校验" in response.json()["error"]
    assert not PublicQuestion.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "请填写您的问题"),
        ({"text": "   \n\t "}, "请填写您的问题"),
        ({"text": "\u200b\u200b\u200b\u200b\u200b"}, "请填写您的问题"),
        ({"text": "问" * 201}, "问题不能超过200个字(当前201字)"),
        ({"text": "好"}, "问题太短"),
        ({"text": "请看 https://spam.example 的优惠"}, "不要包含网址"),
        ({"text": "含有空字符\x00的问题"}, "空"),
        ({"nickname": "名" * 21}, "昵称不能超过20个字"),
    ],
)
def test_malformed_questions_get_a_chinese_error_and_nothing_is_stored(interview, client, data, message):
    response = ask(client, interview, **data)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not PublicQuestion.objects.exists()


def test_a_missing_text_field_without_javascript_still_gets_a_chinese_page(interview, client):
    response = client.post(reverse("events:ask", args=(interview.pk,)), {"website": ""})
    assert response.status_code == 400
    assert "请填写您的问题" in response.content.decode() and '<html lang="zh-Hans">' in response.content.decode()


def test_a_bot_without_javascript_gets_a_chinese_page_too(interview, client):
    response = ask(client, interview, json=False, website="http://spam.example")
    assert response.status_code == 400 and "未通过校验" in response.content.decode()


def test_flooding_is_throttled_per_address_and_per_session(interview, client, settings):
    settings.QUESTION_ADDRESS_LIMIT, settings.QUESTION_SESSION_LIMIT = 5, 2
    settings.QUESTION_CHALLENGE_AFTER = 10  # the captcha has its own tests (test_question_security)
    assert [ask(client, interview).status_code for _ in range(3)] == [201, 201, 429]
    assert "提问过于频繁" in ask(client, interview).json()["error"]
    other_session = Client()
    assert ask(other_session, interview).status_code == 201, "same address, new session: within the address limit"
    assert ask(Client(), interview).status_code == 429, "the address is now over its limit"
    assert PublicQuestion.objects.count() == 3


def test_questions_are_refused_when_the_event_does_not_take_them(office, client):
    concluded = make_event(office["index"], state="concluded")
    briefing = make_event(office["index"], kind="briefing", state="live")
    draft = make_event(office["index"], publish=False)
    assert "不接收网民提问" in ask(client, concluded).json()["error"]
    assert ask(client, briefing).status_code == 403
    assert ask(client, draft).status_code == 404
    assert client.post("/events/999999/questions/", {"text": "请问"}, **JSON).status_code == 404
    assert not PublicQuestion.objects.exists()


def test_questions_need_the_csrf_token(interview):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("events:ask", args=(interview.pk,)), {"text": "请问政策解读有哪些形式?"})
    assert response.status_code == 403
    assert not PublicQuestion.objects.exists()


def test_the_cached_page_carries_no_token_and_the_form_fetches_one(interview):
    reader = Client(enforce_csrf_checks=True)
    html = reader.get(interview.url).content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in html, "a token baked into a cached page would be shared"
    assert 'name="website"' in html and 'tabindex="-1"' in html
    token_response = reader.get(reverse("events:csrf_token"))
    assert "no-store" in token_response["Cache-Control"] and "private" in token_response["Cache-Control"]
    token = token_response.json()["token"]
    response = reader.post(
        reverse("events:ask", args=(interview.pk,)),
        {"text": "请问政策解读有哪些形式?", "csrfmiddlewaretoken": token},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201


def test_a_broken_multipart_body_gets_a_chinese_error(interview, client):
    response = client.generic(
        "POST",
        reverse("events:ask", args=(interview.pk,)),
        b'--xyz\r\nContent-Disposition: form-data; name="text"\r\n\r\nbroken',
        content_type="multipart/form-data; boundary=",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400 and "格式有误" in response.json()["error"]
    assert not PublicQuestion.objects.exists()


def test_non_utf8_bytes_do_not_break_the_form(interview, client):
    response = client.generic(
        "POST",
        reverse("events:ask", args=(interview.pk,)),
        b"text=%C7%EB%CE%CA%D5%FE%B2%DF%BD%E2%B6%C1&website=",  # GBK bytes, percent-encoded
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code in (201, 400)
    assert response.json()["ok"] is (response.status_code == 201)


def test_other_methods_are_not_allowed(interview, client):
    assert client.put(reverse("events:ask", args=(interview.pk,))).status_code == 405


@pytest.mark.parametrize("after", ["abc", "-1", "1.5", "1e3", "9" * 40, "%00", "0x10", "²", "٣"])
def test_live_json_refuses_a_malformed_cursor_in_chinese(interview, client, after):
    response = client.get(reverse("events:live_json", args=(interview.pk,)), {"after": after})
    assert response.status_code == 400
    assert response.json()["error"] == "参数 after 必须是非负整数。"


def test_live_json_of_a_missing_or_unpublished_event_is_404(office, client):
    draft = make_event(office["index"], publish=False)
    assert client.get(reverse("events:live_json", args=(draft.pk,))).status_code == 404
    assert client.get("/events/424242/live.json").json()["error"] == "活动不存在或尚未发布。"
