"""Upstream bodies are sanitised before anyone stores or sees them."""

from channels.sources.sanitize import html_to_text, sanitize_html

BASE = "https://www.gov.cn/zhengce/content/202503/content_1.htm"


def test_structure_survives_and_scripts_styles_and_handlers_do_not():
    dirty = """<h2 onclick="x()">一、总体要求</h2><style>p{color:red}</style>
<p style="text-indent:2em" class="c1" id="p1">正文</p><ul><li>一</li></ul><ol start="3"><li>三</li></ol>
<table><tr><th scope="col">事项</th><td colspan="2" onmouseover="y()">时限</td></tr></table>
<script>alert(1)</script><iframe src="https://evil.example/"></iframe><form><input name="q"></form>"""
    clean = sanitize_html(dirty, base_url=BASE)
    for gone in (
        "onclick",
        "onmouseover",
        "<style",
        "color:red",
        "<script",
        "alert",
        "<iframe",
        "<form",
        "<input",
        "class=",
        "id=",
        "style=",
    ):
        assert gone not in clean
    for kept in (
        "<h2>一、总体要求</h2>",
        "<p>正文</p>",
        "<ul><li>一</li></ul>",
        '<ol start="3">',
        '<th scope="col">事项</th>',
        '<td colspan="2">时限</td>',
    ):
        assert kept in clean


def test_links_are_absolute_http_only_and_open_safely():
    clean = sanitize_html(
        '<a href="../a.htm">相对</a><a href="javascript:alert(1)">js</a><a href="JaVaScRiPt&#58;alert(1)">js2</a>'
        '<a href="data:text/html,x">data</a><a href="//cdn.example/b.pdf">协议相对</a><a href="ftp://x/y">ftp</a>',
        base_url=BASE,
    )
    assert '<a href="https://www.gov.cn/zhengce/content/a.htm" rel="noopener noreferrer">相对</a>' in clean
    assert '<a href="https://cdn.example/b.pdf" rel="noopener noreferrer">协议相对</a>' in clean
    assert "javascript" not in clean.lower() and "data:" not in clean and "ftp:" not in clean


def test_images_must_be_http_and_lose_their_handlers():
    clean = sanitize_html(
        '<img src="a.png" onerror="x()" alt="图"><img src="data:image/png;base64,AAAA">', base_url=BASE
    )
    assert '<img src="https://www.gov.cn/zhengce/content/202503/a.png" alt="图">' in clean
    assert "data:" not in clean and "onerror" not in clean


def test_without_a_page_url_relative_links_are_dropped():
    assert sanitize_html('<a href="/a">x</a>') == '<a rel="noopener noreferrer">x</a>'


def test_plain_text_has_no_markup_or_script_text():
    assert html_to_text("<p>第一段</p><p>第二段&amp;<script>evil()</script></p>") == "第一段 第二段&"
    assert html_to_text(None) == ""
