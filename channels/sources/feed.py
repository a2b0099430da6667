"""RSS and Atom feeds, parsed by feedparser from bytes we fetched ourselves.

feedparser never sees a URL (it would fetch it with no timeout) nor a bare ``bytes`` object (it
tries ``open()`` on bytes, which reads a local file if the body happens to be a path): it gets a
``BytesIO``. Links are resolved against the feed URL; relative links and images inside an
entry's body against the entry's own URL (the page it was written for). We decode the bytes
ourselves (``encoding.decode_bytes``: undeclared GB2312 feeds would otherwise be mojibake; BOM-less
UTF-16/32 and EBCDIC are recognised from the first bytes as feedparser does), re-encode as UTF-8 and
fix the XML declaration to say so. An entry without a title takes its summary's first line; one
without a link its id (when that is a URL) or the feed's link. An entry linking to ``javascript:`` or
anything else than an http(s) page is skipped with a one-line warning.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser

from .config import FeedConfig
from .dates import parse_date
from .encoding import decode_bytes
from .errors import ParseError
from .html_list import attachments_in_html
from .identity import canonical_url, extract_document_number
from .items import ParseResult, UpstreamItem
from .rich_text import clean_body
from .sanitize import html_to_text

logger = logging.getLogger(__name__)

SUMMARY_LENGTH = 300
TITLE_LENGTH = 100  # a title taken from the summary's first line
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


class EntrySkipped(Exception):
    """An entry we cannot use; the message (English, one line) says why."""


def _first_line(html: str | None) -> str:
    """First non-blank line of an HTML fragment's text, trimmed to ``TITLE_LENGTH``."""
    lines = html_to_text(html, keep_lines=True).splitlines()
    line = next((line.strip() for line in lines if line.strip()), "")
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1] + "…"


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _entry_url(entry, guid: str, feed_link: str, feed_url: str) -> str:
    """The entry's link; without one, its id when that is a URL (or a path on the feed's site), else the
    feed's own link (the entry is then known by its id). A link that is not http(s) skips the entry."""
    link = (entry.get("link") or "").strip()
    if link:
        url = canonical_url(link, base=feed_url)
        if not _is_http(url):
            raise EntrySkipped(f"links to {link[:80]!r}, not an http(s) page")
        return url
    if guid and (guid.lower().startswith(("http://", "https://")) or guid.startswith("/")):
        url = canonical_url(guid, base=feed_link)
        if _is_http(url):
            return url
    if guid and feed_link:
        return feed_link
    raise EntrySkipped("has no link, no usable id and the feed has no link")


def _entry_item(entry, feed_url: str, feed_link: str) -> UpstreamItem:
    guid = (entry.get("id") or "").strip()
    title = html_to_text(entry.get("title"))
    contents = entry.get("content") or []
    raw_body = contents[0].get("value") if contents else None
    raw_summary = entry.get("summary") or ""
    if not title:
        title = _first_line(raw_summary or raw_body)
        if not title:
            raise EntrySkipped("has no title and no summary to take one from")
    if not guid and not entry.get("link"):
        digest = hashlib.sha256(f"{title}\n{raw_summary or raw_body or ''}".encode()).hexdigest()[:16]
        guid = f"content:{digest}"  # the feed's link is shared by every such entry; the text tells them apart
    url = _entry_url(entry, guid, feed_link, feed_url)
    body = clean_body(raw_body or raw_summary, base_url=url)
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

    feed_link = canonical_url(parsed.feed.get("link") or "", base=url) if parsed.feed.get("link") else url
    feed_link = feed_link if _is_http(feed_link) else url
    for index, entry in enumerate(parsed.entries):
        try:
            result.items.append(_entry_item(entry, url, feed_link))
        except EntrySkipped as skipped:
            result.warnings.append(f"Entry {index} of {url} {skipped}; skipped")
            logger.warning(result.warnings[-1])
        except Exception as exc:
            result.warnings.append(f"Entry {index} of {url} skipped: {exc!r}")
            logger.warning(result.warnings[-1])
    return result
