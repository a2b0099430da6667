"""Workflow notification e-mails read in Chinese, subject and body, as the people of a 公开主体 receive them."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from tests.admin_i18n.crawl import english_words, visible_texts
from tests.interpretation.test_review_outcomes import act, at_the_office

pytestmark = pytest.mark.django_db


TITLE = "2018年历阳镇政务公开工作方案"


def assert_chinese(message):
    """Subject, text and HTML alternative: Chinese, no English sentence left (names and addresses aside)."""
    names = frozenset(get_user_model().objects.values_list("username", flat=True))
    html = [content for content, _mime in getattr(message, "alternatives", [])]
    assert html, "sent with its HTML version"
    bodies = [message.body, *("\n".join(visible_texts(content)) for content in html)]
    for text in [message.subject, *bodies]:
        assert not english_words(text, names), (message.subject, english_words(text, names), text)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    assert "您好" in message.body


def subjects():
    return [message.subject for message in mail.outbox]


def test_submit_approve_and_reject_send_chinese_mail(as_user, office, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    mail.outbox.clear()
    policy = at_the_office(as_user, office)  # submitted, then approved by the department's leader
    assert any(s.startswith("【待您审核】") for s in subjects()), subjects()
    assert any(s.startswith("【环节通过】") or s.startswith("【待您审核】") for s in subjects())
    act(as_user("gkb_reviewer"), policy, "reject", comment="请补充依申请公开的理由")
    rejected = [m for m in mail.outbox if m.subject.startswith("【已退回】")]
    assert rejected, subjects()
    assert "请补充依申请公开的理由" in rejected[0].body
    assert "审核中被退回" in rejected[0].subject
    assert len(mail.outbox) >= 3
    for message in mail.outbox:
        assert_chinese(message)


def test_comment_notifications_are_chinese(office):
    editor = get_user_model().objects.get(username="jjb_editor")
    page = office["sections"]["jingji"]

    class Comment:
        def __init__(self, text):
            self.text = text

    context = {
        "user": editor,
        "editor": editor,
        "page": page,
        "new_comments": [Comment("标题请加上年份")],
        "resolved_comments": [Comment("已核对文号")],
        "deleted_comments": [],
        "replied_comments": [{"comment": Comment("依据是否完整"), "replies": [Comment("已补充")]}],
    }
    for suffix in ("_subject.txt", ".txt", ".html"):
        text = render_to_string(f"wagtailadmin/notifications/updated_comments{suffix}", context)
        if suffix == ".html":
            text = "\n".join(visible_texts(text))
        assert not english_words(text, frozenset({"jjb_editor"})), text
        assert "批注" in text


def test_no_password_is_reset_by_mail(client, office):
    """等保: a forgotten password is reset by a 系统管理员 to an initial one the owner must change, never by e-mail."""
    mail.outbox.clear()
    assert "忘记密码" not in client.get(reverse("wagtailadmin_login")).content.decode()
    assert client.post("/admin/password_reset/", {"email": "jjb_editor@example.gov.cn"}).status_code == 404
    assert not mail.outbox
