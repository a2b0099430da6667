"""网民提问 under 等保 2.0: limits per real client behind the proxy, a captcha after a few questions, length limits,
and nothing public before a moderator approves it."""

import re

import pytest
from captcha.models import CaptchaStore
from django.test import Client
from django.urls import reverse

from interpretation.events.choices import QuestionStatus
from interpretation.events.models import PublicQuestion
from interpretation.events.models.live import NICKNAME_MAX_LENGTH, QUESTION_MAX_LENGTH
from tests.factories.site import PASSWORD

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
TEXT = "请问政策解读有哪些形式?"


def ask(client, event, json=True, meta=None, **data):
    payload = {"nickname": "", "text": TEXT, "website": "", **data}
    headers = {**(JSON if json else {}), **(meta or {})}
    return client.post(reverse("events:ask", args=(event.pk,)), payload, **headers)


def answer_of(key: str) -> str:
    return CaptchaStore.objects.get(hashkey=key).response


@pytest.fixture
def limits(settings):
    settings.QUESTION_ADDRESS_LIMIT, settings.QUESTION_SESSION_LIMIT = 2, 100
    settings.QUESTION_CHALLENGE_AFTER = 100
    return settings


# -- limits per client address -------------------------------------------------------------------------------------


def test_behind_the_trusted_proxy_one_reader_at_the_limit_does_not_close_the_form_for_another(interview, limits):
    limits.TRUSTED_PROXIES = ["127.0.0.1"]
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    second = {"HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert [ask(Client(), interview, meta=first).status_code for _ in range(3)] == [201, 201, 429]
    assert ask(Client(), interview, meta=second).status_code == 201, "another reader behind the same proxy"
    forged_chain = {"HTTP_X_FORWARDED_FOR": "10.9.8.7, 203.0.113.7"}  # the proxy appends the real address last
    assert ask(Client(), interview, meta=forged_chain).status_code == 429
    assert PublicQuestion.objects.count() == 3


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_limit(interview, limits):
    limits.TRUSTED_PROXIES = []
    codes = [
        ask(Client(), interview, meta={"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}).status_code for n in range(1, 5)
    ]
    assert codes == [201, 201, 429, 429]
    response = ask(Client(), interview)
    assert response.status_code == 429 and response.json()["error"] == "提问过于频繁,请稍后再试。"
    assert response["Retry-After"] == "600"


# -- the captcha -----------------------------------------------------------------------------------------------------


def test_after_two_questions_the_captcha_is_required_and_a_wrong_answer_is_refused(interview, client, settings):
    assert settings.QUESTION_CHALLENGE_AFTER == 2, "the documented default"
    assert ask(client, interview).json()["challenge"] is None
    second = ask(client, interview).json()
    assert second["ok"] and second["challenge"]["image_url"].startswith("/captcha/image/"), "shown before the third"

    missing = ask(client, interview)
    assert missing.status_code == 400 and "请输入图中的验证码" in missing.json()["error"]
    challenge = missing.json()["challenge"]
    wrong = ask(client, interview, captcha_0=challenge["key"], captcha_1="wrong!")
    assert wrong.status_code == 400 and wrong.json()["error"] == "验证码不正确,请看新的图片重新输入。"
    assert not CaptchaStore.objects.filter(hashkey=challenge["key"]).exists(), "each captcha is tried once"
    assert PublicQuestion.objects.count() == 2

    fresh = wrong.json()["challenge"]
    right = ask(client, interview, captcha_0=fresh["key"], captcha_1=answer_of(fresh["key"]).upper())
    assert right.status_code == 201 and PublicQuestion.objects.count() == 3

    beyond = right.json()["challenge"]  # five attempts so far: the session's hard limit holds, solved or not
    over = ask(client, interview, captcha_0=beyond["key"], captcha_1=answer_of(beyond["key"]))
    assert over.status_code == 429 and PublicQuestion.objects.count() == 3


def test_without_javascript_the_captcha_page_keeps_what_the_reader_typed(interview, client):
    ask(client, interview, json=False)
    ask(client, interview, json=False)
    page = client.get(reverse("events:ask", args=(interview.pk,))).content.decode()
    key = re.search(r'name="captcha_0" value="(\w+)"', page).group(1)
    image_url = re.search(r'class="captcha-image" src="([^"]+)"', page).group(1)
    image = client.get(image_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.content[:4] == b"\x89PNG"

    typed = {"nickname": "历阳居民", "text": "请问老旧小区改造的补贴标准是什么?"}
    wrong = ask(client, interview, json=False, captcha_0=key, captcha_1="nope", **typed)
    html = wrong.content.decode()
    assert wrong.status_code == 400 and "验证码不正确" in html
    assert 'value="历阳居民"' in html and typed["text"] in html
    new_key = re.search(r'name="captcha_0" value="(\w+)"', html).group(1)
    assert new_key != key

    refreshed = ask(client, interview, json=False, captcha_0=new_key, captcha_refresh="1", **typed)
    html = refreshed.content.decode()
    assert refreshed.status_code == 200 and typed["text"] in html and "换一张" in html
    newest = re.search(r'name="captcha_0" value="(\w+)"', html).group(1)
    done = ask(client, interview, json=False, captcha_0=newest, captcha_1=answer_of(newest), **typed)
    assert done.status_code == 302
    assert PublicQuestion.objects.filter(text=typed["text"], status=QuestionStatus.PENDING).count() == 1


def test_the_captcha_needs_no_inline_script_or_third_party(interview, client):
    ask(client, interview)
    ask(client, interview)
    page = client.get(reverse("events:ask", args=(interview.pk,))).content.decode()
    html = re.search(r'<form method="post".*?</form>', page, re.DOTALL).group(0)
    assert "<script" not in html and not re.search(r"\son[a-z]+=", html) and "javascript:" not in html
    assert re.search(r'class="captcha-image" src="/captcha/image/\w+/"', html), "served from our own origin"


# -- length limits ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "问" * (QUESTION_MAX_LENGTH + 1)}, f"问题不能超过{QUESTION_MAX_LENGTH}个字"),
        ({"nickname": "名" * (NICKNAME_MAX_LENGTH + 1)}, f"昵称不能超过{NICKNAME_MAX_LENGTH}个字"),
    ],
)
def test_over_long_fields_are_refused_in_chinese(interview, client, data, message):
    response = ask(client, interview, **data)
    assert response.status_code == 400 and message in response.json()["error"]
    assert not PublicQuestion.objects.exists()


def test_the_limits_hold_in_the_html_and_the_model(interview, client):
    for url in (interview.url, reverse("events:ask", args=(interview.pk,))):
        html = client.get(url).content.decode()
        assert re.search(rf'name="nickname" maxlength="{NICKNAME_MAX_LENGTH}"', html)
        assert re.search(rf'name="text" rows="4" maxlength="{QUESTION_MAX_LENGTH}"', html)
    fields = {field.name: field for field in PublicQuestion._meta.get_fields()}
    assert fields["text"].max_length == QUESTION_MAX_LENGTH <= 500
    assert fields["nickname"].max_length == NICKNAME_MAX_LENGTH <= 30


# -- moderation hold -------------------------------------------------------------------------------------------------


def test_a_submitted_question_is_public_only_after_a_moderator_approves_it(interview):
    reader = Client()
    live_url = reverse("events:live_json", args=(interview.pk,))
    assert reader.get(interview.url).status_code == 200  # the page may now sit in the public cache
    text = "请问历阳镇的政务公开栏多久更新一次?"
    assert ask(reader, interview, json=False, text=text).status_code == 302

    assert text not in reader.get(interview.url).content.decode()
    assert text not in reader.get(reverse("events:ask", args=(interview.pk,))).content.decode()
    assert text not in [question["text"] for question in reader.get(live_url).json()["questions"]]

    question = PublicQuestion.objects.get(text=text)
    moderator = Client()  # signs in through the login form, as a moderator would
    signed_in = moderator.post(reverse("wagtailadmin_login"), {"username": "dzb_editor", "password": PASSWORD})
    assert signed_in.status_code == 302
    url = reverse("events_admin:moderate", args=(interview.pk, question.pk, "approve"))
    assert moderator.post(url).status_code == 302

    assert text in reader.get(interview.url).content.decode()
    assert text in [question["text"] for question in reader.get(live_url).json()["questions"]]
