"""The partner admin: listing with filters, the form, rotate and re-enable, in Chinese."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from bodies.models import DisclosingBody
from channels.partners.models import PressPartner
from interpretation.models import Topic

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"wagtailsnippets_partners_presspartner:{name}", args=args)


@pytest.fixture
def admin(login):
    return login("admin")


@pytest.fixture
def pusher(make_partner):
    return make_partner(webhook_enabled=True, webhook_url="https://rongmei.example.cn/hook")


def test_listing_filters_by_mode_and_state(admin, pusher, make_partner):
    make_partner("市日报社", pull_enabled=True)
    page = admin.get(url("list")).content.decode()
    assert "合作媒体" in page and "县融媒体中心" in page and "市日报社" in page and "接口推送" in page
    only_pull = admin.get(url("list"), {"mode": "pull"}).content.decode()
    assert "市日报社" in only_pull and "县融媒体中心" not in only_pull
    pusher.disable("对方接口已注销(410),已停止推送")
    stopped = admin.get(url("list"), {"active": "false"}).content.decode()
    assert "县融媒体中心" in stopped and "对方接口已注销(410)" in stopped


def test_edit_page_shows_that_secret_and_token_are_set_never_their_values(admin, pusher):
    page = admin.get(url("edit", pusher.pk)).content.decode()
    assert pusher.webhook_secret not in page and pusher.pull_token not in page
    for value in (pusher.webhook_secret, pusher.pull_token):
        assert f"末四位 <code>{value[-4:]}</code>" in page
    assert "轮换签名密钥" in page and "轮换获取令牌" in page and "重新启用" not in page


def test_a_partner_is_added_with_modes_and_filters(admin):
    topic = Topic.objects.get(code="yingshang-huanjing")
    response = admin.post(
        url("add"),
        {
            "disclosing_body": DisclosingBody.objects.get(slug="liyang").pk,
            "name": "省电视台",
            "contact_person": "刘洋",
            "phone": "0551-1234567",
            "email": "news@tv.example.cn",
            "active": "on",
            "webhook_enabled": "on",
            "webhook_url": "https://tv.example.cn/hooks/policies",
            "email_enabled": "on",
            "document_types": ["normative_document", "regulation"],
            "topics": [topic.pk],
        },
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    partner = PressPartner.objects.get(name="省电视台")
    assert partner.document_types == ["normative_document", "regulation"] and partner.disclosing_body.slug == "liyang"
    assert list(partner.topics.all()) == [topic] and partner.webhook_secret.startswith("whsec_")
    shown = response.content.decode()
    assert "只显示这一次" in shown and partner.webhook_secret in shown and "no-store" in response["Cache-Control"]


def test_push_without_an_address_is_refused(admin):
    body = DisclosingBody.objects.get(slug="liyang").pk
    response = admin.post(
        url("add"), {"disclosing_body": body, "name": "无地址", "active": "on", "webhook_enabled": "on"}
    )
    assert response.status_code == 200 and "选择接口推送时必须填写推送地址" in response.content.decode()


def test_rotating_the_secret_and_token(admin, pusher):
    secret, token = pusher.webhook_secret, pusher.pull_token
    assert "旧密钥立即失效" in admin.get(url("rotate_secret", pusher.pk)).content.decode()
    rotated = admin.post(url("rotate_secret", pusher.pk))
    pusher.refresh_from_db()
    assert pusher.webhook_secret != secret and pusher.webhook_secret.startswith("whsec_")
    assert rotated.status_code == 200 and pusher.webhook_secret in rotated.content.decode()
    assert url("edit", pusher.pk) in rotated.content.decode()
    new_token = admin.post(url("rotate_token", pusher.pk)).content.decode()
    pusher.refresh_from_db()
    assert PressPartner.objects.for_pull_token(token) is None
    [issued] = [word for word in new_token.replace("<", " ").replace(">", " ").split() if word.startswith("ppt_")]
    assert PressPartner.objects.for_pull_token(issued) == pusher and issued.endswith(pusher.pull_token_hint)
    actions = set(ModelLogEntry.objects.filter(object_id=str(pusher.pk)).values_list("action", flat=True))
    assert {"partners.rotate_secret", "partners.rotate_token"} <= actions


def test_re_enabling_a_partner_stopped_by_410(admin, pusher):
    pusher.disable("对方接口已注销(410),已停止推送")
    assert "重新启用" in admin.get(url("edit", pusher.pk)).content.decode()
    admin.post(url("enable", pusher.pk))
    pusher.refresh_from_db()
    assert pusher.active and pusher.disabled_reason == "" and pusher.disabled_at is None


def test_drafters_cannot_rotate(login, pusher):
    secret = pusher.webhook_secret
    editor = login("jjb_editor")
    response = editor.post(url("rotate_secret", pusher.pk))
    assert response.status_code in (302, 403) and secret not in response.content.decode()
    pusher.refresh_from_db()
    assert pusher.webhook_secret == secret
