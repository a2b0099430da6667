"""What a reader sees: the home page, the library with facets, a policy, each kind of material, the catalog."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from interpretation.models import AudioMaterialPage, GraphicImage, PolicyAttachment, VideoMaterialPage
from interpretation.public import page_cache
from tests.public import corpus
from tests.public.factories import publish_update

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


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


def test_library_paginates_twenty_a_page_and_keeps_the_facets(client, library):
    html = text(client.get("/policies/"))
    total = len(corpus.DOCUMENTS) + 1  # and the seed; never the two hidden ones
    assert f"共 {total} 件" in html
    assert corpus.HIDDEN_WORD not in html
    assert "第2页" in html
    second = text(client.get("/policies/?page=2"))
    assert second.count('class="policy-item"') == total - 20


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("year=2018", "历阳镇全面推行河长制工作方案", "历阳镇优化营商环境十条措施"),
        ("topic=shehui-baozhang", "历阳镇居家养老服务补贴办法", "历阳镇农家书屋管理办法"),
        ("type=normative_document", "历阳镇促进返乡创业就业若干措施", "历阳镇农家书屋管理办法"),
        ("validity=repealed", "历阳镇农村危房改造实施方案", "历阳镇农家书屋管理办法"),
        ("organ=历阳镇人民政府&year=2023", "历阳镇2023年政务公开工作要点", "历阳镇全面推行河长制工作方案"),
    ],
)
def test_library_facets_narrow_the_list(client, library, query, expected, absent):
    html = text(client.get(f"/policies/?{query}"))
    assert expected in html and absent not in html
    assert "清除筛选" in html


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


def test_superseded_policy_shows_a_banner_linking_the_new_document(client, library):
    html = text(client.get(library["fangxun"].url))
    assert "本文件已修改" in html
    assert library["fangxun-2023"].url in html
    expired = text(client.get(library["cesuo"].url))
    assert "本文件失效" in expired and "请以现行有效的文件为准" in expired


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
    client, demo, django_assert_max_num_queries
):
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
    from tests.public.factories import section  # noqa: F401 - the demo's sections exist

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


def test_on_request_catalog_lists_titles_only_and_never_withheld_documents(client, library):
    html = text(client.get("/policies/catalog/"))
    assert "历阳镇绝密测绘成果管理办法" in html
    assert "历阳镇绝密测绘人员考核细则" not in html
    assert "成果的保管和使用" not in html  # the body is released on application only


def test_withheld_and_on_request_documents_and_their_materials_are_not_served(client, library):
    for slug, *_ in corpus.HIDDEN:
        policy = library[slug]
        assert client.get(policy.url).status_code == 404
        for material in policy.live_materials():
            assert client.get(material.url).status_code == 404


def test_feeds_list_public_policies_and_interpretations_only(client, library):
    for url, expected in (
        ("/feeds/policies.atom", "历阳镇2023年政务公开工作要点"),
        ("/feeds/interpretations.atom", "2023年政务公开工作要点解读"),
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        body = response.content.decode("utf-8")
        assert expected in body and corpus.HIDDEN_WORD not in body
        root = ET.fromstring(response.content)
        assert root.tag == f"{ATOM}feed" and 10 <= len(root.findall(f"{ATOM}entry")) <= 20
        assert response["Cache-Control"] == "public, max-age=300"


def test_not_found_page_is_in_chinese_with_a_way_back(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode("utf-8")
    assert "页面不存在" in html and 'href="/"' in html
