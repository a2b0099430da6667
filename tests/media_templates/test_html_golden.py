"""Golden tests for the HTML transformations (expected outputs under golden/)."""

from html.parser import HTMLParser

import pytest

from media_templates.common import inline_css
from media_templates.renderers.html import (
    WECHAT_ATTRIBUTES,
    WECHAT_TAGS,
    UnmappedImage,
    collect_images,
    html_to_text,
    links_to_footnotes,
    rewrite_images,
    sanitize_body,
    wechat_clean,
)

BASE = "https://www.example.gov.cn/zhengce/2025/12/"

LINKS = (
    '<p>依据<a href="https://www.gov.cn/zhengce/1.htm">国务院<b>通知</b></a>、'
    '<a href="/zhengce/2024/3/">本站旧文</a>和<a href="https://mp.weixin.qq.com/s/abc">本号文章</a>，'
    '<a href="#part2">见第二部分</a>；再次引用<a href="https://www.gov.cn/zhengce/1.htm">同一通知</a>。'
    '联系<a href="mailto:office@example.gov.cn">办公室</a>。</p>'
)
DANGEROUS = (
    '<p onclick="steal()" style="position:fixed" class="lead">正文<script>alert(1)</script>'
    '<a href="javascript:alert(1)" onmouseover="x()">链接</a></p><style>p{color:red}</style>'
    '<img src="x.png" onerror="alert(2)" alt="图"><iframe src="https://evil.example"></iframe>'
    '<!-- 注释 --><svg onload="x()"><circle/></svg><form action="/"><input name="q"></form>'
)
CLASSES = (
    '<section class="mt-body"><p>第一段。</p><p class="align-right">和历市人民政府办公室</p>'
    '<p>重点：<span class="highlight">最高50万元</span></p><h2>二、支持措施</h2></section>'
)
IMAGES = (
    '<p><img src="/media/a.png" alt="图一"><img src="https://cdn.example.com/b.jpg" alt="图二">'
    '<img src="https://mmbiz.qpic.cn/already.png" alt="已在微信"><img src="/media/a.png" alt="图一again">'
    '<img src="data:image/png;base64,AAAA" alt="内嵌图"></p>'
)


def wechat_body(html: str) -> str:
    body, _ = links_to_footnotes(sanitize_body(html), base_url=BASE)
    return wechat_clean(body)


def test_external_links_become_numbered_footnotes(golden):
    body, notes = links_to_footnotes(sanitize_body(LINKS), base_url=BASE)
    golden("links_to_footnotes.html", wechat_clean(body) + "\n")
    assert [(n.number, n.text, n.url) for n in notes] == [
        (1, "国务院通知", "https://www.gov.cn/zhengce/1.htm"),
        (2, "本站旧文", "https://www.example.gov.cn/zhengce/2024/3/"),
        (3, "办公室", "mailto:office@example.gov.cn"),
    ]
    assert "gov.cn/zhengce/1.htm" not in body  # the URL is text in the footnote list, not a link
    assert '<a href="https://mp.weixin.qq.com/s/abc">' in body  # WeChat's own links stay links


def test_scripts_event_handlers_and_unsafe_markup_are_gone(golden):
    out = wechat_body(DANGEROUS)
    golden("sanitized.html", out + "\n")
    for bad in (
        "script",
        "onclick",
        "onerror",
        "onmouseover",
        "onload",
        "javascript:",
        "iframe",
        "<style",
        "position",
        "<!--",
        "<form",
        "<input",
        "svg",
        'class="',
    ):
        assert bad not in out


def test_class_styles_are_inlined(golden, style):
    out = wechat_clean(inline_css(sanitize_body(CLASSES), "article.css", style))
    golden("classes_inlined.html", out + "\n")
    assert "class=" not in out
    assert 'style="margin:0 0 14px 0;text-indent:0;text-align:right"' in out
    assert f"color:{style.primary};font-weight:bold" in out


def test_images_collected_then_rewritten(golden):
    body, images = collect_images(sanitize_body(IMAGES), base_url=BASE)
    assert images == ["https://www.example.gov.cn/media/a.png", "https://cdn.example.com/b.jpg"]
    mapping = {url: f"https://mmbiz.qpic.cn/mmbiz_png/{i}/0" for i, url in enumerate(images)}
    out = wechat_clean(rewrite_images(body, mapping))
    golden("images_rewritten.html", out + "\n")
    assert "example.com" not in out and "example.gov.cn" not in out
    with pytest.raises(UnmappedImage, match="图片尚未上传到微信"):
        rewrite_images(body, {images[0]: "https://mmbiz.qpic.cn/x"})


def test_full_wechat_article(golden, policy, style):
    from media_templates.renderers.wechat import render_wechat_article

    article = render_wechat_article(policy, style=style)
    golden("wechat_article.html", article.content + "\n")


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        allowed = WECHAT_ATTRIBUTES.get("*", set()) | WECHAT_ATTRIBUTES.get(tag, set())
        if tag not in WECHAT_TAGS:
            self.problems.append(tag)
        self.problems += [f"{tag}@{k}" for k, _ in attrs if k not in allowed]
        href = dict(attrs).get("href")
        if href and not href.startswith("https://mp.weixin.qq.com/"):
            self.problems.append(href)  # would fail draft/add with 45166


def test_article_keeps_only_what_wechat_keeps(policy, style):
    from media_templates.renderers.wechat import render_wechat_article

    audit = _Audit()
    audit.feed(render_wechat_article(policy, style=style).content)
    assert audit.problems == []


def test_html_to_text():
    text = html_to_text("<h2>标题</h2><p>第一段<br>换行</p><ul><li>甲</li><li>乙</li></ul><img alt='图'>")
    assert text == "标题\n\n第一段\n换行\n\n• 甲\n• 乙\n\n［图：图］"
