"""JSON lists (gov.cn and many provinces publish these instead of feeds)."""

from __future__ import annotations

import json

from .config import JsonListConfig
from .dates import parse_date
from .encoding import decode_bytes
from .errors import ParseError
from .html_list import attachments_in_html
from .identity import canonical_url, extract_document_number, normalise_document_number
from .items import ParseResult, UpstreamItem
from .rich_text import clean_body
from .sanitize import html_to_text

_MISSING = object()
SUMMARY_LENGTH = 300


def resolve_path(data, path: str):
    """Follow a dotted path (``data.list``, ``result.items.0``); ``_MISSING`` if absent."""
    current = data
    for part in filter(None, (path or "").split(".")):
        if isinstance(current, dict):
            current = current.get(part, _MISSING)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return _MISSING
        if current is _MISSING:
            return _MISSING
    return current


def _field(element, path: str) -> str:
    if not path:
        return ""
    value = resolve_path(element, path)
    if value is _MISSING or value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()


def parse_json_list(
    content: bytes | str, *, url: str, config: JsonListConfig, content_type: str | None = None
) -> ParseResult:
    try:
        config.validate()
    except ValueError as exc:
        raise ParseError(f"Invalid source configuration: {exc}", user_message=str(exc)) from exc
    text = decode_bytes(content, content_type=content_type).text if isinstance(content, bytes) else content
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"{url} is not valid JSON: {exc!r}") from exc
    entries = resolve_path(data, config.items_path)
    if not isinstance(entries, list):
        raise ParseError(f"{url}: path {config.items_path!r} does not lead to a list")

    result = ParseResult()
    for index, element in enumerate(entries):
        if not isinstance(element, dict):
            result.warnings.append(f"Entry {index} of {url} is not an object; skipped")
            continue
        title = html_to_text(_field(element, config.title))
        link = _field(element, config.url)
        if not title or not link:
            result.warnings.append(f"Entry {index} of {url} has no title or link; skipped")
            continue
        item_url = canonical_url(link, base=url)
        if not item_url.lower().startswith(("http://", "https://")):
            result.warnings.append(f"Entry {index} of {url} links to {link!r}; skipped")
            continue
        raw_date = resolve_path(element, config.date) if config.date else None
        body = clean_body(_field(element, config.body), base_url=item_url)
        number = normalise_document_number(_field(element, config.document_number)) or None
        summary = html_to_text(_field(element, config.summary))[:SUMMARY_LENGTH]
        result.items.append(
            UpstreamItem(
                guid=_field(element, config.guid) or item_url,
                url=item_url,
                title=title,
                published=parse_date(None if raw_date is _MISSING else raw_date),
                summary=summary,
                document_number=number or extract_document_number(title) or extract_document_number(summary),
                body_html=body,
                attachments=attachments_in_html(body, base_url=item_url),
            )
        )
    return result
