"""The WeChat article: limits, the summary version, the 阅读原文 link, generated images."""

import dataclasses

import pytest

from media_templates.images.base import GeneratedImage
from media_templates.renderers import limits
from media_templates.renderers.wechat import ContentTooLong, render_wechat_article


def test_payload_fields_within_limits(policy, style):
    article = render_wechat_article(policy, style=style)
    assert len(article.title) <= 32 and article.title.endswith("…")
    assert article.full_title == policy.title and article.title_truncated
    assert policy.title in article.content  # the full title is kept in the body when cut
    assert len(article.author) <= 16 and article.author == "和历市人民政府办公室"
    assert article.digest == policy.summary
    assert article.content_source_url == policy.url  # 阅读原文
    assert article.images == ["https://www.example.gov.cn/media/images/chart.png"]
    assert [n.number for n in article.footnotes] == [1, 2]


def test_metadata_block_and_materials_listed(policy, style):
    content = render_wechat_article(policy, style=style).content
    for text in (
        "索引号",
        "11530700MB1234567X/2025-00012",
        "和历政办发〔2025〕12号",
        "2025年4月1日",
        "主动公开",
        "一图读懂《若干措施》",
        "图解 · 部门解读",
        "文字解读 · 专家解读",
        "申报表",
        "资金管理办法",
    ):
        assert text in content


def test_short_title_and_long_author_and_digest(policy, style):
    p = dataclasses.replace(
        policy, short_title="和历出台十条措施支持中小企业", summary="", body_html="<p>" + "内容" * 200 + "</p>"
    )
    article = render_wechat_article(p, style=style, author="和历市人民政府办公室与和历市工业和信息化局联合发布")
    assert article.title == "和历出台十条措施支持中小企业"
    assert len(article.author) <= 16 and article.author.endswith("…")
    assert len(article.digest) <= 128 and article.digest.startswith("内容内容")


def test_too_long_names_the_limit_and_offers_the_summary(policy, style):
    big = dataclasses.replace(policy, body_html="<p>" + "政策内容。" * 5000 + "</p>")
    with pytest.raises(ContentTooLong) as info:
        render_wechat_article(big, style=style)
    message = str(info.value)
    assert message.startswith("正文超过微信限制(20,000 字符)") and "可选择发送摘要版" in message
    assert info.value.limit == "chars" and info.value.actual > 20_000

    summary = render_wechat_article(big, style=style, summary_only=True)
    assert summary.summary_only and len(summary.content) < 20_000
    assert "本文为摘要版" in summary.content and "政策内容。政策内容。" not in summary.content
    assert summary.images == [] and summary.footnotes[0].url == "https://www.example.gov.cn/jiedu/1/"
    assert summary.content_source_url == policy.url


def test_byte_limit_names_one_megabyte(policy, style, monkeypatch):
    monkeypatch.setattr(limits, "WECHAT_CONTENT_BYTES", 5_000)
    with pytest.raises(ContentTooLong, match=r"正文超过微信限制\(0\.005 MB\)") as info:
        render_wechat_article(policy, style=style)
    assert info.value.limit == "bytes"
    assert "1 MB" in str(ContentTooLong("bytes", 1_200_000, 1_000_000))


def test_correction_notice(policy, style):
    p = dataclasses.replace(policy, is_correction=True, correction_note="第三条中“30万元”更正为“50万元”。")
    article = render_wechat_article(p, style=style)
    assert article.full_title.startswith("【更正】")
    assert "更正说明" in article.content and "更正为“50万元”" in article.content


def test_generated_graphic_placed_with_text_equivalent_and_rewritten(policy, style):
    graphic = GeneratedImage(
        "graphic", b"\x89PNG", "PNG", (750, 3000), "图解：十条措施", "文字版", "<p>图解文字版：十条措施</p>"
    )
    article = render_wechat_article(policy, style=style, graphic=graphic)
    assert '<img src="media-templates:graphic" alt="图解：十条措施"' in article.content
    assert "图解文字版：十条措施" in article.content
    assert article.generated_images == {"media-templates:graphic": graphic}
    mapping = {"media-templates:graphic": "https://mmbiz.qpic.cn/g/0", article.images[0]: "https://mmbiz.qpic.cn/c/0"}
    uploaded = article.with_images(mapping)
    assert "media-templates:" not in uploaded.content and "www.example.gov.cn/media" not in uploaded.content
    draft = uploaded.draft_article("THUMB_MEDIA_ID")
    assert set(draft) == {
        "title",
        "author",
        "digest",
        "content",
        "content_source_url",
        "thumb_media_id",
        "need_open_comment",
        "only_fans_can_comment",
    }


def test_restyle_without_code(policy, tmp_path):
    from media_templates.style import load_style

    toml = tmp_path / "style.toml"
    toml.write_text('[site]\nname = "测试站"\n[colours]\nprimary = "#123456"\n', encoding="utf-8")
    content = render_wechat_article(policy, style=load_style(toml)).content
    assert "#123456" in content and "#B7252A" not in content and "测试站" in content
