"""Before release, the admin shows what each channel will get; what it shows is what WeChat accepts."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from channels.simulators.wechat import WeChatSimulator
from channels.wechat.client import ConfiguredWeChatClient, add_draft, add_thumb, upload_article_image
from interpretation.bundle_content import graphic_spec, policy_content
from interpretation.models import GraphicMaterialPage, PolicyDocumentPage
from media_templates.images.cover import render_thumbnail
from media_templates.images.graphic import render_graphic
from media_templates.renderers.wechat import render_wechat_article
from tests.factories.library import WORK_PLAN_SLUG, work_plan
from tests.factories.site import office
from tests.module_db import built_once_per_module

pytestmark = pytest.mark.django_db

_office_for_module = built_once_per_module(lambda: (office(), work_plan()))


@pytest.fixture
def seed_policy(_office_for_module, db):
    """The office's 2018 work plan, released with its text, Q&A and 图解."""
    return PolicyDocumentPage.objects.get(slug=WORK_PLAN_SLUG)


def test_admin_preview_shows_the_wechat_article_and_every_generated_image(seed_policy, client):
    client.force_login(get_user_model().objects.get(username="dzb_editor"))
    response = client.get(reverse("interpretation_bundle_preview", args=(seed_policy.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2018年历阳镇政务公开工作方案" in html
    assert html.count("data:image/jpeg;base64,") >= 3, "cover, thumbnail and poster"
    assert "data:image/png;base64," in html, "the 图解 long image"
    assert "上级政策转载" in html, "the 图解's text equivalent is shown next to it"
    assert "no-store" in response["Cache-Control"]


def test_an_editor_of_another_department_cannot_preview(seed_policy, client):
    client.force_login(get_user_model().objects.get(username="jjb_editor"))
    assert client.get(reverse("interpretation_bundle_preview", args=(seed_policy.pk,))).status_code in (302, 403)


def test_the_rendered_demo_article_passes_the_wechat_simulator_unchanged(seed_policy, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pv"}}
    content = policy_content(seed_policy)
    graphic = render_graphic(graphic_spec(GraphicMaterialPage.objects.child_of(seed_policy).get()))
    article = render_wechat_article(content, graphic=graphic)
    with WeChatSimulator("wx_demo_app", "demo-secret") as sim:
        client = ConfiguredWeChatClient("wx_demo_app", "demo-secret", base_url=sim.base_url, timeout=5)
        mapping = {
            key: upload_article_image(image.data, image.filename, client=client)
            for key, image in article.generated_images.items()
        }
        ready = article.with_images(mapping)
        thumb = add_thumb(render_thumbnail(content).data, client=client)
        media_id = add_draft(ready.draft_article(thumb), client=client)
        stored = sim.draft(media_id)["articles"][0]
    assert stored["content"] == ready.content, "WeChat kept the article exactly as rendered"
    assert stored["title"] == "2018年历阳镇政务公开工作方案"
    assert stored["content_source_url"] == content.url
    assert "mmbiz.qpic.cn" in stored["content"]


def test_the_policy_edit_view_shows_the_three_sync_panel_and_the_delivery_tab(seed_policy, client):
    client.force_login(get_user_model().objects.get(username="dzb_leader"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=(seed_policy.pk,))).content.decode()
    assert "三同步要求已满足" in html
    assert "分发状态" in html
    assert reverse("channels_policy_deliveries", args=(seed_policy.pk,)) in html
