"""Hanweb (大汉 JCMS) column pages: records in a ``<datastore>``, paged through ``dataproxy.jsp``.

A column page (``/col/col123/index.html``) carries its first group of records in
``<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="…dataproxy.jsp?…"></a>]]></nextgroup>
<recordset><record><![CDATA[<li><a href="…" title="…">…</a><span>2026-11-30</span></li>]]></record>…``
and a ``jpage({… perPage: 15, totalRecord: 120 …})`` call; ``dataproxy.jsp`` answers the next groups
as a bare ``<datastore>`` for ``startrecord``/``endrecord``/``perpage`` plus the column's
``columnid``/``unitid``/``webid``. Each record is an HTML fragment read like an HTML list item
(``html_list.parse_html_list``), so detail pages work as for that kind. The markup around the
datastore is a script body, not HTML, so it is found with regular expressions, never executed.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from .config import HanwebConfig, HtmlListConfig
from .encoding import decode_bytes
from .errors import ParseError, SourceError
from .html_list import parse_html_list
from .items import ParseResult

logger = logging.getLogger(__name__)

DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
PAGING_KEYS = ("startrecord", "endrecord", "perpage", "page")
_DATASTORE = re.compile(r"<datastore\b[^>]*>(.*?)</datastore\s*>", re.S | re.I)
_RECORD = re.compile(r"<record\b[^>]*>(.*?)</record\s*>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup\b[^>]*>(.*?)</nextgroup\s*>", re.S | re.I)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
_PROXY = re.compile(r"""["']([^"'\s]*dataproxy\.jsp[^"'\s]*)["']""", re.I)
_NO_DATASTORE_MESSAGE = (
    "页面中没有找到大汉栏目页的 datastore 数据;请确认列表地址是栏目页(如 …/col/col123/index.html)"
    "或 dataproxy.jsp 地址,并且类型选择正确。"
)


def _number(name: str, text: str) -> int | None:
    """``name: 15``, ``name=15``, ``"name":"15"`` or ``<name>15</name>`` (case-insensitive)."""
    found = re.search(rf"""\b{name}\b["']?\s*(?:[:=]|>)\s*["']?(\d+)""", text, re.I)
    return int(found.group(1)) if found else None


@dataclass
class Datastore:
    """One ``<datastore>``: its records (HTML fragments) and how the page says to fetch more."""

    records: list[str]
    proxy_url: str = ""  # absolute dataproxy.jsp URL without query, "" when the page names none
    params: dict[str, str] = field(default_factory=dict)  # columnid, unitid, webid, … (no paging keys)
    per_page: int | None = None
    total: int | None = None


def _unwrap(text: str) -> str:
    """CDATA content, or the text itself with entities decoded (some sites escape instead)."""
    parts = _CDATA.findall(text)
    return "".join(parts) if parts else html.unescape(text)


def find_datastore(text: str, *, url: str) -> Datastore | None:
    """The datastore with the most records in ``text``, with the paging the page declares."""
    stores = _DATASTORE.findall(text)
    if not stores:
        return None
    inner = max(stores, key=lambda s: len(_RECORD.findall(s)))
    records = [fragment for r in _RECORD.findall(inner) if (fragment := _unwrap(r).strip())]
    store = Datastore(records=records, per_page=_number("perpage", text), total=_number("totalrecord", text))
    next_group = _NEXTGROUP.search(inner)
    href = _HREF.search(_unwrap(next_group.group(1))) if next_group else None
    proxy = href.group(1) if href else ""
    if not proxy and (declared := _PROXY.search(text)):
        proxy = declared.group(1)
    if proxy:
        absolute = urljoin(url, html.unescape(proxy))
        parts = urlsplit(absolute)
        store.proxy_url = parts._replace(query="", fragment="").geturl()
        store.params = {k: v for k, v in parse_qsl(parts.query) if k.lower() not in PAGING_KEYS}
    for key in ("columnid", "unitid", "webid"):
        if key not in store.params and (value := _number(key, text)) is not None:
            store.params[key] = str(value)
    if not store.proxy_url and "columnid" in store.params:
        store.proxy_url = urljoin(url, DEFAULT_PROXY)
    return store


def group_urls(store: Datastore, *, pages: int) -> list[str]:
    """``dataproxy.jsp`` URLs for the groups after the first, up to ``pages`` groups in all."""
    group = len(store.records)
    if pages <= 1 or not group or not store.proxy_url or "columnid" not in store.params:
        return []
    per_page = store.per_page or group
    urls = []
    for n in range(1, pages):
        start = n * group + 1
        if store.total is not None and start > store.total:
            break
        query = {**store.params, "startrecord": start, "endrecord": (n + 1) * group, "perpage": per_page}
        urls.append(f"{store.proxy_url}?{urlencode(query)}")
    return urls


def _records_as_html(records: list[str]) -> str:
    wrapped = []
    for record in records:
        inner = f"<table><tbody>{record}</tbody></table>" if record.lstrip()[:3].lower() == "<tr" else record
        wrapped.append(f"<div data-hanweb-record>{inner}</div>")
    return f"<html><body>{''.join(wrapped)}</body></html>"


def parse_records(records: list[str], *, url: str, config: HanwebConfig) -> ParseResult:
    """Each record read like an HTML list item with the source's selectors."""
    if not records:
        return ParseResult()
    as_list = HtmlListConfig(
        item="div[data-hanweb-record]",
        title=config.title,
        link=config.link,
        date=config.date,
        summary=config.summary,
        document_number=config.document_number,
        detail=config.detail,
    )
    return parse_html_list(_records_as_html(records), url=url, config=as_list)


def _datastore_of(content: bytes | str, *, url: str, content_type: str | None) -> Datastore:
    text = decode_bytes(content, content_type=content_type).text if isinstance(content, bytes) else content
    store = find_datastore(text, url=url)
    if store is None:
        raise ParseError(f"No Hanweb <datastore> on {url}", user_message=_NO_DATASTORE_MESSAGE)
    return store


def read_column(
    content: bytes | str,
    *,
    url: str,
    config: HanwebConfig,
    content_type: str | None = None,
    fetch_page: Callable[[str], tuple[bytes, str | None]] | None = None,
) -> ParseResult:
    """The records of a column page, and of up to ``config.pages - 1`` further groups when
    ``fetch_page`` (url → body and content type) is given. A datastore without records is
    reported in ``warnings`` (Chinese: operators read them) and logged, never passed over in silence."""
    try:
        config.validate()
    except ValueError as exc:
        raise ParseError(f"Invalid source configuration: {exc}", user_message=str(exc)) from exc
    store = _datastore_of(content, url=url, content_type=content_type)
    result = parse_records(store.records, url=url, config=config)
    if not store.records:
        logger.warning("Hanweb datastore on %s holds no records", url)
        result.warnings.append("栏目页的 datastore 中没有记录(0 条),请核对栏目地址和类型。")
        return result
    seen = {item.identity for item in result.items}
    for page_url in group_urls(store, pages=config.pages) if fetch_page else []:
        try:
            body, page_type = fetch_page(page_url)  # type: ignore[misc]
            more = _datastore_of(body, url=page_url, content_type=page_type)
        except SourceError as exc:
            logger.warning("Hanweb page %s failed: %s", page_url, exc)
            result.warnings.append(f"翻页读取失败({page_url}):{exc.user_message}")
            break
        page = parse_records(more.records, url=url, config=config)
        result.warnings += page.warnings
        fresh = [item for item in page.items if item.identity not in seen]
        if not fresh:
            break  # an upstream that ignores startrecord answers the first group again
        seen.update(item.identity for item in fresh)
        result.items += fresh
    return result


def parse_hanweb(
    content: bytes | str, *, url: str, config: HanwebConfig, content_type: str | None = None
) -> ParseResult:
    """The column page's own records (no further requests): what ``parsers.parse_listing`` gives."""
    return read_column(content, url=url, config=config, content_type=content_type)
