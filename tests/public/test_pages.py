"""What a reader sees: the home page, a policy and each kind of material (the library's listings: test_library.py)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from interpretation.models import AudioMaterialPage, GraphicImage, PolicyAttachment, VideoMaterialPage
from interpretation.public import page_cache
from tests.factories.policies import publish_update

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode("utf-8")


def test_home_lists_latest_policies_and_interpretations_and_hides_empty_sections(client, demo):
    html = text(client.get("/"))
    assert '<html lang="zh-Hans">' in html
    assert "最新政策文件" in html and demo.title in html
    assert "最新政策解读" in html and "《2018年历阳镇政务公开工作方案》问答" in html
    assert "发布会与访谈预告" not in html and "上级政策转载" not in html
    assert 'role="search"' in html and "适老化模式" in html


def test_policy_page_has_the_standard_metadata_body_attachments_and_interpretation_block(client, demo):
    document = get_document_model().objects.create(
        title="工作任务分解表", file=SimpleUploadedFile("tasks.pdf", b"%PDF-1.4 test")
    )
    PolicyAttachment.objects.create(page=demo, document=document, title="附件1:工作任务分解表")
    html = text(client.get(demo.url))
    for label in ("索引号", "主题分类", "发文机关", "成文日期", "标题", "文号", "发布日期", "有效性"):
        assert f"<dt>{label}</dt>" in html
    assert demo.index_number in html and "历政办〔2018〕12号" in html and "2018年4月12日" in html
    assert "附件1:工作任务分解表" in html and document.url in html
    for material in demo.live_materials():
        assert material.url in html
    assert html.index("<h1") < html.index("政策解读</h2>")


def test_each_material_links_its_original_and_the_other_materials(client, demo):
    for material in demo.live_materials():
        html = text(client.get(material.url))
        assert "原文:" in html and f'href="{demo.url}"' in html
        assert "本文件的其他解读" in html


def test_qa_material_has_anchors_for_every_question(client, demo):
    qa = demo.live_materials().get(slug="qa").specific
    html = text(client.get(qa.url))
    for number in range(1, qa.qa_pairs.count() + 1):
        assert f'href="#q{number}"' in html and f'id="q{number}"' in html


def test_graphic_material_shows_images_with_alt_text_and_its_text_equivalent(
    client, demo, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_REPLAY_CHECK_SECONDS = 3600  # the once-a-second outage check is no query of this page's
    graphic = demo.live_materials().get(slug="graphic").specific
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), "#b3121b").save(buffer, "PNG")
    image = get_image_model().objects.create(title="图解", file=SimpleUploadedFile("graphic.png", buffer.getvalue()))
    GraphicImage.objects.create(page=graphic, image=image, alt_text="政务公开工作方案图解:四个方面17项任务")
    html = text(client.get(graphic.url))
    assert 'alt="政务公开工作方案图解:四个方面17项任务"' in html and "srcset=" in html
    assert "图解文字版" in html and "17项" in html and "办理步骤" in html
    page_cache.invalidate_everything()
    with django_assert_max_num_queries(15):  # renditions come prefetched: no query per image size
        client.get(graphic.url)


@pytest.mark.parametrize("model", [AudioMaterialPage, VideoMaterialPage])
def test_audio_and_video_materials_carry_a_transcript(client, demo, model):

    material = model(
        title="政策解读访谈",
        slug=f"talk-{model.__name__.lower()}",
        media_url="http://127.0.0.1/media/talk.mp4",
        duration="12分钟",
        transcript="<p>主持人:请介绍方案的主要任务。</p>",
    )
    demo.add_child(instance=material)
    publish_update(material)
    html = text(client.get(material.url))
    assert "文字实录" in html and "主持人:请介绍方案的主要任务。" in html
    assert ("<audio" in html) == (model is AudioMaterialPage)
    assert "原文:" in html


def test_not_found_page_is_in_chinese_with_a_way_back(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode("utf-8")
    assert "页面不存在" in html and 'href="/"' in html
