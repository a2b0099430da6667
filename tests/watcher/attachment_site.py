"""An upstream site with one list of each kind (RSS, HTML list, JSON list, Hanweb column) whose detail pages carry
attachments the way Hanweb (大汉) sites serve them: ``/module/download/downfile.jsp?classid=0&filename=…``, one
named by a hashed file name with the real name in the link text, one named only by its ``fileName=``.

Each kind has its own titles, 文号 and detail pages, so no item is a duplicate of another kind's. All content is
invented; dates are relative to today so the "recent files only" window takes them.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote

from tests.sources.upstream_server import UpstreamServer, send

KINDS = ("feed", "html_list", "json_list", "hanweb")
DOWNLOAD = "/module/download/downfile.jsp"
TODAY = dt.date.today()
HTML = {"Content-Type": "text/html; charset=utf-8"}
LIST_PATHS = {
    "feed": "/att/feed.xml",
    "html_list": "/att/list.html",
    "json_list": "/att/list.json",
    "hanweb": "/col/col7/index.html",
}
KIND_NAMES = {"feed": "订阅", "html_list": "列表页", "json_list": "接口", "hanweb": "大汉栏目"}


def title(kind: str) -> str:
    return f"某市人民政府关于印发{KIND_NAMES[kind]}试点实施方案的通知"


def document_number(kind: str) -> str:
    return f"某政发〔2026〕{KINDS.index(kind) + 21}号"


def detail_path(kind: str) -> str:
    return f"/art/{TODAY.year}/{TODAY.month}/{TODAY.day}/att_{kind}.html"


def hashed_attachment(kind: str) -> tuple[str, str]:
    """(link, name shown): a hashed file name in the link, the real name in the link's text."""
    return f"{DOWNLOAD}?classid=0&filename=a1b2c3{kind}.pdf", f"{KIND_NAMES[kind]}试点实施方案.pdf"


def named_attachment(kind: str) -> tuple[str, str]:
    """(link, name shown): an empty link text, the name only in ``fileName=`` (percent-encoded)."""
    name = f"{KIND_NAMES[kind]}申报表.docx"
    return f"{DOWNLOAD}?classid=0&fileName={quote(name)}", name


def detail_page(kind: str) -> str:
    hashed, hashed_name = hashed_attachment(kind)
    named, _ = named_attachment(kind)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title(kind)}</title></head><body>
<table class="xxgk"><tr><td class="wh">{document_number(kind)}</td></tr></table>
<div id="zoom"><p>各县(区)人民政府,市政府各部门:</p>
<p>现将{KIND_NAMES[kind]}试点实施方案印发给你们。<br>请认真贯彻落实。</p>
<p style="text-align:right">某市人民政府<br>{TODAY.isoformat()}</p>
<p>附件:<a href="{hashed}">{hashed_name}</a></p><p><a href="{named}"></a></p></div></body></html>"""


def _rss() -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>某市政府文件</title>
<link>http://127.0.0.1/</link><item><title>{title("feed")}</title><link>{detail_path("feed")}</link>
<guid>att-feed</guid><pubDate>{TODAY.isoformat()} 09:00</pubDate><description>试点方案。</description></item>
</channel></rss>"""


def _html_list() -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府文件</title></head><body>
<ul class="list"><li><a href="{detail_path("html_list")}">{title("html_list")}</a><span>{TODAY.isoformat()}</span></li>
</ul></body></html>"""


def _json_list() -> str:
    item = {"title": title("json_list"), "url": detail_path("json_list"), "pubDate": TODAY.isoformat()}
    return json.dumps({"data": {"list": [item]}}, ensure_ascii=False)


def _hanweb_column() -> str:
    record = (
        f'<record><![CDATA[<li><a href="{detail_path("hanweb")}" title="{title("hanweb")}">{title("hanweb")}</a>'
        f"<span>{TODAY.isoformat()}</span></li>]]></record>"
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府文件</title></head><body>
<div id="1800"><script type="text/xml"><datastore><recordset>{record}</recordset></datastore></script></div>
</body></html>"""


def install(server: UpstreamServer) -> None:
    """Add the four lists, their detail pages and the download script (any file: a small PDF-looking body)."""
    server.route(LIST_PATHS["feed"], lambda h: send(h, 200, _rss().encode(), {"Content-Type": "application/xml"}))
    server.route(LIST_PATHS["html_list"], lambda h: send(h, 200, _html_list().encode(), HTML))
    json_type = {"Content-Type": "application/json"}
    server.route(LIST_PATHS["json_list"], lambda h: send(h, 200, _json_list().encode(), json_type))
    server.route(LIST_PATHS["hanweb"], lambda h: send(h, 200, _hanweb_column().encode(), HTML))
    for kind in KINDS:
        server.route(detail_path(kind), lambda h, kind=kind: send(h, 200, detail_page(kind).encode(), HTML))
    pdf = {"Content-Type": "application/octet-stream"}
    server.route(DOWNLOAD, lambda h: send(h, 200, b"%PDF-1.4\n% attachment\n", pdf))
