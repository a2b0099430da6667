"""RSS and Atom feeds, parsed by feedparser from bytes we fetched ourselves.

feedparser never sees a URL (it would fetch it with no timeout) nor a bare ``bytes`` object (it
tries ``open()`` on bytes, which reads a local file if the body happens to be a path): it gets a
``BytesIO``. Links are resolved against the feed URL; relative links and images inside an
entry's body against the entry's own URL (the page it was written for). We decode the bytes
ourselves (``encoding.decode_bytes``: undeclared GB2312 feeds would otherwise be mojibake),
re-encode as UTF-8 and fix the XML declaration to say so.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import UTC, datetime

import feedparser

from .config import FeedConfig
from .dates import parse_date
from .encoding import decode_bytes
from .errors import ParseError
from .html_list import attachments_in_html
from .identity import canonical_url, extract_document_number
from .items import ParseResult, UpstreamItem
from .sanitize import html_to_text, sanitize_html

logger = logging.getLogger(__name__)

SUMMARY_LENGTH = 300
_XML_DECL_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""", re.I)


def _entry_date(entry) -> datetime | None:
    for key in ("published", "updated", "created"):
        if value := parse_date(entry.get(key)):
            return value
    for key in ("published_parsed", "updated_parsed"):
        if parsed := entry.get(key):
            year, month, day, hour, minute, second = parsed[:6]
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return None


def _entry_item(entry, feed_url: str) -> UpstreamItem | None:
    link = entry.get("link") or ""
    guid = (entry.get("id") or "").strip()
    if not link and guid.lower().startswith(("http://", "https://")):
        link = guid
    title = html_to_text(entry.get("title"))
    if not link or not title:
        return None
    url = canonical_url(link, base=feed_url)
    contents = entry.get("content") or []
    raw_body = contents[0].get("value") if contents else None
    raw_summary = entry.get("summary") or ""
    body = sanitize_html(raw_body or raw_summary, base_url=url) or None
    summary = html_to_text(raw_summary or raw_body)[:SUMMARY_LENGTH]
    document_number = (
        extract_document_number(title)
        or extract_document_number(html_to_text(raw_summary))
        or extract_document_number(html_to_text(body))
    )
    return UpstreamItem(
        guid=guid or url,
        url=url,
        title=title,
        published=_entry_date(entry),
        summary=summary,
        document_number=document_number,
        body_html=body,
        attachments=attachments_in_html(body, base_url=url),
    )


def parse_feed(
    content: bytes, *, url: str, content_type: str | None = None, config: FeedConfig | None = None
) -> ParseResult:
    """Items of an RSS/Atom feed; ``ParseError`` when nothing usable could be read."""
    try:
        decoded = decode_bytes(content, content_type=content_type)
        text = _XML_DECL_ENCODING.sub(r'\1"utf-8"', decoded.text, count=1)
        parsed = feedparser.parse(
            io.BytesIO(text.encode("utf-8")),
            # No content-location: feedparser would "resolve" a plain guid into a URL under the
            # feed's address. We resolve links ourselves (xml:base in the feed is still honoured).
            response_headers={"content-type": "application/xml; charset=utf-8"},
            resolve_relative_uris=True,
            sanitize_html=False,  # nh3 does it; feedparser's turns javascript: links into links to the page
        )
    except Exception as exc:  # feedparser has many failure modes; none may escape as a crash
        raise ParseError(f"Feed {url} could not be parsed: {exc!r}") from exc

    result = ParseResult()
    if parsed.get("bozo"):
        problem = f"Feed {url} is malformed: {parsed.get('bozo_exception')!r}"
        if not parsed.entries:
            raise ParseError(problem)
        result.warnings.append(problem + f"; recovered {len(parsed.entries)} entries")
        logger.warning(result.warnings[-1])
    elif not parsed.get("version"):
        raise ParseError(f"{url} is not an RSS or Atom feed")

    for index, entry in enumerate(parsed.entries):
        try:
            item = _entry_item(entry, url)
        except Exception as exc:
            result.warnings.append(f"Entry {index} of {url} skipped: {exc!r}")
            continue
        if item is None:
            result.warnings.append(f"Entry {index} of {url} has no title or link; skipped")
            continue
        result.items.append(item)
    return result
