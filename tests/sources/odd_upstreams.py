"""Hand-made upstream content that broke the watcher once: odd feed encodings, entries without title or link, a
``javascript:`` link, bodies the editor could not open (``<br>`` and ``<img>`` inside paragraphs, nested lists,
tables) and summaries holding escaped markup. ``install(server)`` serves them all under ``/odd/``.
"""

from __future__ import annotations

import json

from tests.sources.upstream_server import UpstreamServer, send

RSS_TEMPLATE = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0"><channel><title>{feed_title}</title><link>http://127.0.0.1/zc/</link>
<item><title>{item_title}</title><link>http://127.0.0.1/zc/{number}.html</link><guid>odd-{number}</guid>
<description>{summary}</description></item>
</channel></rss>
"""
ATOM_TEMPLATE = """<?xml version="1.0" encoding="{encoding}"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{feed_title}</title><id>urn:odd</id>
<entry><title>{item_title}</title><link href="http://127.0.0.1/zc/{number}.html"/><id>odd-{number}</id>
<updated>2025-03-01T10:00:00+08:00</updated><summary>{summary}</summary></entry>
</feed>
"""

CHINESE = {
    "feed_title": "省政府文件",
    "item_title": "关于印发政务公开工作要点的通知",
    "summary": "各市人民政府：现印发。",
}
ENGLISH = {"feed_title": "Provincial notices", "item_title": "Notice on open government [No. 9]", "summary": "Issued!"}

#: path → (bytes without any byte-order mark, Content-Type, the item title a correct reading gives). ASCII-only
#: text is what charset-normalizer cannot tell from UTF-8 (NULs are valid UTF-8); cp500 differs from cp037 in
#: brackets and "!", so only its declaration tells.
ENCODED_FEEDS = {
    "/odd/utf16le.xml": (
        RSS_TEMPLATE.format(encoding="utf-16", number=16, **ENGLISH).encode("utf-16-le"),
        "text/xml",
        ENGLISH["item_title"],
    ),
    "/odd/utf16le-chinese.xml": (
        RSS_TEMPLATE.format(encoding="utf-16", number=161, **CHINESE).encode("utf-16-le"),
        "text/xml",
        CHINESE["item_title"],
    ),
    "/odd/utf32be.xml": (
        ATOM_TEMPLATE.format(encoding="UTF-32BE", number=32, **ENGLISH).encode("utf-32-be"),
        "application/atom+xml; charset=utf-8",  # the header lies; the bytes tell
        ENGLISH["item_title"],
    ),
    "/odd/utf32be-chinese.xml": (
        ATOM_TEMPLATE.format(encoding="UTF-32BE", number=321, **CHINESE).encode("utf-32-be"),
        "application/atom+xml",
        CHINESE["item_title"],
    ),
    "/odd/ebcdic.xml": (
        RSS_TEMPLATE.format(encoding="cp037", number=37, **ENGLISH).encode("cp037"),
        "application/xml",
        ENGLISH["item_title"],
    ),
    "/odd/ebcdic-cp500.xml": (
        RSS_TEMPLATE.format(encoding="cp500", number=500, **ENGLISH).encode("cp500"),
        "application/xml",
        ENGLISH["item_title"],
    ),
}

FALLBACKS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>市政府信息公开</title><link>http://127.0.0.1/xxgk/</link>
<item><link>http://127.0.0.1/xxgk/1.html</link><guid>no-title</guid>
<description><![CDATA[<p>　关于开展政务公开检查的通知<br>各县区：现将有关事项通知如下。</p>]]></description></item>
<item><title>没有链接、编号不是网址的条目</title><guid isPermaLink="false">item-42</guid>
<description>正文在信息公开栏目。</description></item>
<item><guid isPermaLink="false">http://127.0.0.1/xxgk/77.html</guid>
<description>只有编号（网址）和摘要的条目。第二句。</description></item>
<item><title>链接是脚本的条目</title><link>javascript:alert(document.cookie)</link><guid>js</guid>
<description>不应出现。</description></item>
<item><title>正常条目</title><link>http://127.0.0.1/xxgk/2.html</link><guid>ok</guid></item>
<item><guid isPermaLink="false">empty</guid></item>
</channel></rss>
"""

#: name → an upstream body (before sanitising) of the shapes Wagtail's editor used to refuse
BODIES = {
    "signature": "<p>特此通知。</p><p>国务院办公厅<br>2025年3月8日</p>",
    "image_in_paragraph": '<p>如图所示<img src="/img/a.png" alt="示意图">，请参照执行。</p>',
    "break_and_image": '<p>第一行<br><img src="http://127.0.0.1/img/b.jpg"><br>第二行</p>',
    "linked_image": '<p><a href="/a.html"><img src="/img/c.png" alt="点击查看"></a>图注</p>',
    "nested_lists": "<ol><li>总体要求<ul><li>坚持<b>公开为常态</b><ol><li>第三层</li></ol></li></ul></li>"
    "<li><p>段落里的</p><p>列表项</p></li><ul><li>直接嵌在列表里的列表</li></ul></ol>",
    "table": '<table><caption>任务分工</caption><tr><th>事项</th><th>时限</th></tr><tr><td>转载<a href="/z.html">'
    "上级政策</a></td><td>1个工作日<br>（节假日顺延）</td></tr>"
    '<tr><td><img src="/img/t.png"></td><td></td></tr></table>',
    "layout_table": "<table><tr><td><p>版式表格里的正文</p><table><tbody><tr><td>内表</td><td>第二格</td></tr></tbody>"
    "</table><p>落款</p></td></tr></table>",
    "headings_and_soup": "<h1>大标题</h1><div>散落文字<div>内层<span>行内</span></div>尾巴</div><h5>小标题</h5>"
    "<pre>  保留\n  格式</pre><hr><p><strong>加粗<em>斜体</em></strong><u>下划线</u><sup>上标</sup></p>",
    "unclosed": "<p><b>没有闭合<p>第二段<i>斜体<li>孤立的列表项",
    "blank_paragraphs": "<p>&nbsp;</p><p>　　</p><p><br></p><p>正文&lt;script&gt;文字&lt;/script&gt;\x0b</p>",
    "image_in_list": '<ul><li>附图<img src="/img/l.png" alt="图一"></li><li>第二项</li></ul>',
    "link_soup": '<p><a href="javascript:alert(1)">脚本</a><a href="mailto:x@gov.cn">邮件</a><a href="/ok.html">'
    "<b>加粗链接</b></a><a>无地址</a></p><!-- 注释 -->",
}

ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_IMAGE = "&lt;img src=x onerror=alert(2)&gt;"

GB_LIST = (
    "<html><head><meta charset='gb2312'></head><body><ul class='list'>"
    "<li><a href='/odd/detail/1.html'>关于印发工作要点的通知</a><p class='s'>摘要" + ESCAPED_SCRIPT + "</p></li>"
    "<li><a href='/odd/detail/missing.html'>详情页打不开的通知</a><p class='s'>摘要" + ESCAPED_SCRIPT + "</p></li>"
    "</ul></body></html>"
).encode("gb2312")
GB_DETAIL = (
    "<html><head><meta charset='gb2312'></head><body><div class='content'>"
    + BODIES["signature"]
    + BODIES["image_in_paragraph"]
    + BODIES["table"]
    + "</div></body></html>"
).encode("gb18030")
JSON_LIST = json.dumps(
    {"data": [{"title": "【图解】政务公开工作要点", "url": "/odd/tujie.html", "summary": "图解" + ESCAPED_IMAGE}]},
    ensure_ascii=False,
).encode()


def hostile_bodies_feed() -> bytes:
    """One entry per body of ``BODIES``, its title the body's name."""
    items = "".join(
        f"<item><title>{name}</title><link>http://127.0.0.1/odd/{name}.html</link><guid>{name}</guid>"
        f"<description><![CDATA[{html.replace(chr(11), '')}]]></description></item>"  # XML forbids \x0b
        for name, html in BODIES.items()
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>难解析的正文</title>'
        f"<link>http://127.0.0.1/odd/</link>{items}</channel></rss>"
    ).encode()


def install(server: UpstreamServer) -> UpstreamServer:
    for path, (content, content_type, _title) in ENCODED_FEEDS.items():
        server.route(path, lambda h, c=content, t=content_type: send(h, 200, c, {"Content-Type": t}))
    xml = {"Content-Type": "application/rss+xml"}
    server.route("/odd/fallbacks.xml", lambda h: send(h, 200, FALLBACKS_FEED.encode(), xml))
    server.route("/odd/bodies.xml", lambda h: send(h, 200, hostile_bodies_feed(), xml))
    html = {"Content-Type": "text/html"}
    server.route("/odd/list.html", lambda h: send(h, 200, GB_LIST, html))
    server.route("/odd/detail/1.html", lambda h: send(h, 200, GB_DETAIL, html))
    server.route("/odd/detail/missing.html", lambda h: send(h, 404, b"not found", html))
    server.route("/odd/list.json", lambda h: send(h, 200, JSON_LIST, {"Content-Type": "application/json"}))
    return server
