"""A Hanweb (大汉 JCMS) column in the shape such sites serve, for the loopback upstream server.

``/col/col114/index.html`` carries the first group of records (45 of ``TOTAL``) in
``<script type="text/xml"><datastore>`` with a ``<nextgroup>`` link to ``dataproxy.jsp`` and a
``jpage({perPage: 15, totalRecord: …})`` call; ``/module/web/jpage/dataproxy.jsp`` answers
``startrecord``/``endrecord`` for ``columnid=114`` with a bare ``<datastore>`` (as those sites do);
``/art/…`` are detail pages with ``<br>`` in the signature block and a 文号. ``/col/col999/`` is a
column whose datastore holds no records. All content is invented.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from tests.sources.upstream_server import UpstreamServer, send

TOTAL = 60
GROUP = 45
PER_PAGE = 15
NEWEST = dt.date.today() - dt.timedelta(days=1)  # relative: "recent files only" windows see the newest as recent
COLUMN = "/col/col114/index.html"
EMPTY_COLUMN = "/col/col999/index.html"
PROXY = "/module/web/jpage/dataproxy.jsp"
NEXT_GROUP = f"{PROXY}?page=1&appid=1&webid=3&path=/&columnid=114&unitid=1737&webname=某省人民政府&permissiontype=0"


def published(n: int) -> dt.date:
    """Record ``n`` (1 = newest) was published ``n - 1`` days before ``NEWEST`` (``n`` days ago)."""
    return NEWEST - dt.timedelta(days=n - 1)


def title(n: int) -> str:
    return f"某省人民政府办公厅关于做好第{n}项政务公开工作的通知(某政办发〔2026〕{n}号)"


def detail_path(n: int) -> str:
    d = published(n)
    return f"/art/{d.year}/{d.month}/{d.day}/art_114_{n}.html"


def record(n: int) -> str:
    shown = title(n)[:18] + "..."  # lists cut long titles and keep the whole one in title=""
    return (
        f'<record><![CDATA[<li><a href="{detail_path(n)}" title="{title(n)}" target="_blank">{shown}</a>'
        f"<span>{published(n).isoformat()}</span></li>]]></record>"
    )


def datastore(first: int, last: int, *, next_group: bool) -> str:
    records = "".join(record(n) for n in range(first, min(last, TOTAL) + 1))
    nextgroup = f'<nextgroup><![CDATA[<a href="{NEXT_GROUP}"></a>]]></nextgroup>' if next_group else ""
    return f"<datastore>{nextgroup}<recordset>{records}</recordset></datastore>"


def column_page(store: str, total: int) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府文件</title>
<meta name="ColumnName" content="政府文件"></head><body>
<div class="bt-list" id="1737"><script type="text/xml">{store}</script></div>
<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>
<script type="text/javascript">
$(document).ready(function(){{ $('#1737').jpage({{ dataStore: dataStore, proxyUrl: '{PROXY}', perPage: {PER_PAGE},
  totalRecord: {total}, groupSize: 3, barPosition: 'bottom', ajaxParam: {{ col: 1, webid: 3, path: '/',
  columnid: 114, sourceContentType: 1, unitid: 1737, webname: '某省人民政府', permissiontype: 0 }} }}); }});
</script></body></html>"""


def detail_page(n: int) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title(n)}</title></head><body>
<table class="xxgk"><tr><td class="wh">某政办发〔2026〕{n}号</td></tr></table>
<div id="zoom"><p>各市人民政府,省政府各部门:</p><p>现就做好第{n}项工作通知如下。<br>一、提高认识。<br>二、抓好落实。</p>
<p style="text-align:right">某省人民政府办公厅<br>{published(n).isoformat()}</p>
<p><a href="/module/download/downfile.jsp?fileid={n}&filename=附件{n}.pdf">附件{n}.pdf</a></p></div></body></html>"""


def _proxy(h, asked: list[dict[str, str]]) -> None:
    query = {k: v[0] for k, v in parse_qs(urlsplit(h.path).query).items()}
    asked.append(query)
    if query.get("columnid") != "114":
        body = "<datastore><recordset></recordset></datastore>"
    else:
        first, last = int(query.get("startrecord", 1)), int(query.get("endrecord", GROUP))
        body = f"<totalrecord>{TOTAL}</totalrecord>" + datastore(first, last, next_group=False)
    xml = f'<?xml version="1.0" encoding="UTF-8"?>{body}'
    send(h, 200, xml.encode(), {"Content-Type": "text/xml;charset=UTF-8"})


def install(server: UpstreamServer) -> list[dict[str, str]]:
    """Add the column's routes; returns the list of query parameters ``dataproxy.jsp`` is asked with."""
    asked: list[dict[str, str]] = []
    html = {"Content-Type": "text/html; charset=utf-8"}
    full = column_page(datastore(1, GROUP, next_group=True), TOTAL)
    server.route(COLUMN, lambda h: send(h, 200, full.encode(), html))
    empty = column_page("<datastore><recordset></recordset></datastore>", 0)
    server.route(EMPTY_COLUMN, lambda h: send(h, 200, empty.encode(), html))
    server.route(PROXY, lambda h: _proxy(h, asked))
    for n in range(1, TOTAL + 1):
        server.route(detail_path(n), lambda h, n=n: send(h, 200, detail_page(n).encode(), html))
    return asked
