"""Demo sources served offline from ``samples/`` (for ``make run`` and tests).

Serve the ``samples`` folder under some URL prefix and point each source at
``<prefix>/<listing>``: links in the samples are relative, so detail pages resolve under the
same prefix. All content is invented (演示数据), not copied from real government sites.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import DetailConfig, FeedConfig, HtmlListConfig, JsonListConfig, SourceConfig

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


@dataclass(frozen=True)
class DemoSource:
    key: str
    name: str  # shown to users
    level: str  # upstream level: state_council, province or city
    listing: str  # path under SAMPLES_DIR
    config: SourceConfig


STATE_COUNCIL_DETAIL = DetailConfig(
    body="#UCAP-CONTENT",
    document_number="td.meta-number",
    attachments="",
    title="td.meta-title",
    date="td.meta-date",
)

DEMO_SOURCES = (
    DemoSource(
        key="state_council",
        name="国务院最新政策（演示）",
        level="state_council",
        listing="state_council/list.html",
        config=HtmlListConfig(
            item="#policy-list li.policy-item",
            title="h4 a",
            link="h4 a",
            date="span.date::text",
            detail=STATE_COUNCIL_DETAIL,
        ),
    ),
    DemoSource(
        key="province",
        name="安徽省人民政府信息公开（演示）",
        level="province",
        listing="province/feed.xml",
        config=FeedConfig(),
    ),
    DemoSource(
        key="city",
        name="马鞍山市政策文件（演示）",
        level="city",
        listing="city/list.json",
        config=JsonListConfig(
            items_path="data.list",
            title="title",
            url="url",
            date="pubDate",
            document_number="wh",
            summary="summary",
            guid="id",
        ),
    ),
)


def sample_path(relative: str) -> Path:
    """A file under ``samples/``; refuses paths that leave the folder."""
    path = (SAMPLES_DIR / relative).resolve()
    if not path.is_relative_to(SAMPLES_DIR) or not path.is_file():
        raise FileNotFoundError(relative)
    return path
