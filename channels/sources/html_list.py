"""HTML list pages and detail pages, read with parsel CSS selectors."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, unquote, urlsplit

from parsel import Selector

from .config import DetailConfig, HtmlListConfig
from .dates import parse_date
from .encoding import decode_bytes
from .errors import ParseError
from .identity import canonical_url, extract_document_number
from .items import Attachment, ParseResult, UpstreamItem
from .rich_text import clean_body
from .sanitize import html_to_text

SUMMARY_LENGTH = 300
ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".ofd", ".xls", ".xlsx", ".et", ".zip", ".rar", ".7z")
_TRUNCATED = ("...", "…", "……")


@dataclass(frozen=True)
class DetailPage:
    body_html: str | None
    document_number: str | None
    attachments: tuple[Attachment, ...] = ()
    title: str = ""
    published: datetime | None = None


def _validated(config: HtmlListConfig | DetailConfig) -> None:
    try:
        config.validate()
    except ValueError as exc:
        raise ParseError(f"Invalid source configuration: {exc}", user_message=str(exc)) from exc


def _selector(content: bytes | str, content_type: str | None, url: str) -> Selector:
    text = decode_bytes(content, content_type=content_type).text if isinstance(content, bytes) else content
    if not text.strip():
        raise ParseError(f"{url} returned an empty page")
    try:
        return Selector(text=text, base_url=url)
    except Exception as exc:
        raise ParseError(f"{url} could not be read as HTML: {exc!r}") from exc


def _is_value_selector(css: str) -> bool:
    return "::text" in css or "::attr(" in css


def text_of(scope: Selector, css: str) -> str:
    """Text selected by ``css`` inside ``scope``: ``::text``/``::attr()`` values joined, else
    the full text of the first matching element; whitespace collapsed."""
    if not css:
        return ""
    found = scope.css(css)
    if _is_value_selector(css):
        raw = " ".join(found.getall())
    else:
        raw = found[0].xpath("string()").get("") if found else ""
    return re.sub(r"\s+", " ", raw).strip()


def _link_element(scope: Selector, css: str) -> tuple[str, Selector | None]:
    found = scope.css(css)
    if not found:
        return "", None
    if _is_value_selector(css):
        return (found.get() or "").strip(), None
    element = found[0]
    href = element.attrib.get("href") or element.css("a::attr(href)").get() or ""
    return href.strip(), element


def _http_url(href: str, base: str) -> str | None:
    if not href or href.lower().startswith(("javascript:", "mailto:", "data:", "#")):
        return None
    url = canonical_url(href, base=base)
    return url if urlsplit(url).scheme in ("http", "https") else None


def parse_html_list(
    content: bytes | str, *, url: str, config: HtmlListConfig, content_type: str | None = None
) -> ParseResult:
    _validated(config)
    page = _selector(content, content_type, url)
    entries = page.css(config.item)
    result = ParseResult()
    if not entries:
        result.warnings.append(f"Item selector {config.item!r} matched nothing on {url}")
    for index, entry in enumerate(entries):
        href, link_element = _link_element(entry, config.link)
        item_url = _http_url(href, url)
        title = text_of(entry, config.title)
        full_title = (link_element.attrib.get("title", "") if link_element is not None else "").strip()
        if full_title and (not title or title.endswith(_TRUNCATED)):
            title = full_title  # lists cut long titles and keep the whole one in title=""
        if not item_url or not title:
            result.warnings.append(f"Entry {index} of {url} has no usable title or link; skipped")
            continue
        summary = text_of(entry, config.summary)[:SUMMARY_LENGTH]
        number_text = text_of(entry, config.document_number)
        result.items.append(
            UpstreamItem(
                guid=item_url,
                url=item_url,
                title=title,
                published=parse_date(text_of(entry, config.date)),
                summary=summary,
                document_number=extract_document_number(number_text) or extract_document_number(title),
            )
        )
    return result


_FILENAME_PARAMETERS = ("filename", "file_name", "fname")


def _query_filename(href: str) -> str:
    """The file name a download script is asked for: Hanweb's ``downfile.jsp?...&filename=附件.pdf`` (also
    ``fileName=``), percent-encoded or not; "" when the query names no file."""
    query = urlsplit(href.strip()).query
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name.lower() in _FILENAME_PARAMETERS and value.strip():
            return value.strip().rsplit("/", 1)[-1]
    return ""


def _looks_like_attachment(href: str) -> bool:
    if href.lower().split("?")[0].split("#")[0].endswith(ATTACHMENT_SUFFIXES):
        return True
    return _query_filename(href).lower().endswith(ATTACHMENT_SUFFIXES)


def _attachment_title(text: str, url: str) -> str:
    """The link's text, else the file name in its query, else the last part of its path."""
    return text or _query_filename(url) or unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or url


def _attachments(scope: Selector, css: str, base: str) -> tuple[Attachment, ...]:
    links: list[Selector]
    if css:
        links = scope.css(css)
    else:
        links = [a for a in scope.css("a[href]") if _looks_like_attachment(a.attrib["href"])]
    found: dict[str, Attachment] = {}
    for link in links:
        href = link.attrib.get("href") or link.css("a::attr(href)").get() or ""
        url = _http_url(href.strip(), base)
        if url and url not in found:
            text = re.sub(r"\s+", " ", link.xpath("string()").get("")).strip()
            found[url] = Attachment(url=url, title=_attachment_title(text, url))
    return tuple(found.values())


def attachments_in_html(html: str | None, *, base_url: str) -> tuple[Attachment, ...]:
    """Links to office/PDF/archive files in an HTML fragment."""
    if not html:
        return ()
    return _attachments(Selector(text=f"<div>{html}</div>", base_url=base_url), "", base_url)


def parse_detail(
    content: bytes | str, *, url: str, config: DetailConfig, content_type: str | None = None
) -> DetailPage:
    """Full text, 文号, attachments (and title/date if configured) of a detail page."""
    _validated(config)
    page = _selector(content, content_type, url)
    bodies = page.css(config.body)
    if not bodies:
        raise ParseError(f"Body selector {config.body!r} matched nothing on {url}")
    raw_body = "".join(bodies.getall())
    body_text = html_to_text(raw_body)
    labelled = text_of(page, config.document_number)
    number = extract_document_number(labelled) or extract_document_number(body_text)
    attachment_scope = page if config.attachments else bodies[0]
    return DetailPage(
        body_html=clean_body(raw_body, base_url=url),
        document_number=number,
        attachments=_attachments(attachment_scope, config.attachments, url),
        title=text_of(page, config.title),
        published=parse_date(text_of(page, config.date)),
    )


def apply_detail(item: UpstreamItem, detail: DetailPage) -> UpstreamItem:
    """``item`` completed with what its detail page says (list values win where both exist,
    except the body, which the detail page gives in full)."""
    return dataclasses.replace(
        item,
        title=item.title or detail.title,
        published=item.published or detail.published,
        document_number=item.document_number or detail.document_number,
        body_html=detail.body_html or item.body_html,
        attachments=detail.attachments or item.attachments,
        summary=item.summary or html_to_text(detail.body_html)[:SUMMARY_LENGTH],
    )
