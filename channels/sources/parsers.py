"""One entry point for the three kinds of listing, plus the detail page.

The parsers live in ``feed``, ``json_list`` and ``html_list``; they all return a
``ParseResult`` of ``UpstreamItem`` and raise ``ParseError`` (never anything else) when a
listing cannot be read at all.
"""

from __future__ import annotations

from .config import DetailConfig, FeedConfig, HanwebConfig, HtmlListConfig, JsonListConfig, SourceConfig
from .feed import parse_feed
from .hanweb import parse_hanweb
from .html_list import DetailPage, apply_detail, parse_detail, parse_html_list
from .items import Attachment, ParseResult, UpstreamItem
from .json_list import parse_json_list

__all__ = [
    "Attachment",
    "DetailConfig",
    "DetailPage",
    "FeedConfig",
    "HtmlListConfig",
    "JsonListConfig",
    "ParseResult",
    "UpstreamItem",
    "apply_detail",
    "parse_detail",
    "parse_feed",
    "parse_html_list",
    "parse_json_list",
    "parse_listing",
]


def parse_listing(config: SourceConfig, content: bytes, *, url: str, content_type: str | None = None) -> ParseResult:
    """Parse a fetched listing according to the kind of ``config``."""
    if isinstance(config, FeedConfig):
        return parse_feed(content, url=url, content_type=content_type, config=config)
    if isinstance(config, JsonListConfig):
        return parse_json_list(content, url=url, config=config, content_type=content_type)
    if isinstance(config, HtmlListConfig):
        return parse_html_list(content, url=url, config=config, content_type=content_type)
    if isinstance(config, HanwebConfig):
        return parse_hanweb(content, url=url, config=config, content_type=content_type)
    raise TypeError(f"Unknown source configuration {type(config).__name__}")
