"""What the admin preview gets: the article and every image, errors per part."""

import dataclasses

from django.test import RequestFactory

from media_templates.previews import build_preview
from media_templates.views import preview_response


def test_preview_has_article_and_all_images(policy, spec, style):
    preview = build_preview(policy, spec=spec, style=style)
    assert preview.ok and preview.article is not None and not preview.summary_offered
    assert [i.key for i in preview.images] == ["cover", "thumbnail", "graphic", "poster"]
    for image in preview.images:
        assert image.data_url.startswith(f"data:{image.mime_type};base64,") and image.alt
    graphic = next(i for i in preview.images if i.key == "graphic")
    assert graphic.text_equivalent_html and "图解文字版" in preview.article_html
    assert "data:image/png;base64," in preview.article_html  # the generated image shown inline
    assert "media-templates:" in preview.article.content  # still a placeholder in the payload


def test_too_long_falls_back_to_the_summary_with_the_message(policy, style):
    big = dataclasses.replace(policy, body_html="<p>" + "政策内容。" * 5000 + "</p>")
    preview = build_preview(big, style=style)
    assert preview.summary_offered and "正文超过微信限制(20,000 字符)" in preview.article_error
    assert preview.article.summary_only and [i.key for i in preview.images] == ["cover", "thumbnail", "poster"]


def test_one_broken_image_does_not_hide_the_rest(policy, spec, style):
    preview = build_preview(policy, spec=dataclasses.replace(spec, title="图解😀"), style=style)
    assert list(preview.errors) == ["graphic"] and "U+1F600" in preview.errors["graphic"]
    assert [i.key for i in preview.images] == ["cover", "thumbnail", "poster"] and preview.article


def test_view_renders_the_fragment(policy, spec, style):
    request = RequestFactory().get("/admin/policy/1/preview/", {"summary": "1"})
    response = preview_response(request, policy, spec=spec, style=style)
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "微信图文预览（摘要版）" in html and "本文为摘要版" in html
    assert html.count("<figure") == 4 and "替代文字：" in html and "文字版" in html
