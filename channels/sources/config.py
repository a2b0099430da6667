"""How to read one upstream source: plain dataclasses, stored by a model as JSON.

``config_to_dict`` / ``config_from_dict`` round-trip them; ``validate()`` raises ``ValueError``
with a Chinese message (shown in the admin form) when a selector or field is unusable.
CSS selectors may use parsel's ``::text`` and ``::attr(name)`` extensions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from cssselect import SelectorError
from parsel.csstranslator import css2xpath


def _check_selector(label: str, selector: str, *, required: bool = False) -> None:
    if not selector:
        if required:
            raise ValueError(f"{label}不能为空。")
        return
    try:
        css2xpath(selector)
    except SelectorError as exc:
        raise ValueError(f"{label}不是有效的 CSS 选择器：{selector}") from exc


@dataclass(frozen=True)
class DetailConfig:
    """Selectors for a detail page: the full text, 文号 and attachments."""

    body: str
    document_number: str = ""  # element holding 文号; empty: look for it in the body text
    attachments: str = ""  # links to attachments; empty: links in the body to office/PDF files
    title: str = ""
    date: str = ""

    def validate(self) -> None:
        _check_selector("正文选择器", self.body, required=True)
        for label, value in (
            ("文号选择器", self.document_number),
            ("附件选择器", self.attachments),
            ("标题选择器", self.title),
            ("日期选择器", self.date),
        ):
            _check_selector(label, value)


@dataclass(frozen=True)
class FeedConfig:
    """An RSS or Atom feed. ``detail`` set: fetch each entry's page for the full text."""

    detail: DetailConfig | None = None

    def validate(self) -> None:
        if self.detail:
            self.detail.validate()


@dataclass(frozen=True)
class JsonListConfig:
    """A JSON list. Paths are dotted (``data.list``, ``result.items.0``); fields likewise."""

    items_path: str
    title: str = "title"
    url: str = "url"
    date: str = ""
    document_number: str = ""
    summary: str = ""
    guid: str = ""
    body: str = ""
    detail: DetailConfig | None = None

    def validate(self) -> None:
        if not self.title or not self.url:
            raise ValueError("JSON 列表必须指定标题字段和链接字段。")
        if self.detail:
            self.detail.validate()


@dataclass(frozen=True)
class HtmlListConfig:
    """An HTML list page: ``item`` selects each entry; the others are relative to it."""

    item: str
    title: str
    link: str = "a"
    date: str = ""
    summary: str = ""
    document_number: str = ""
    detail: DetailConfig | None = None

    def validate(self) -> None:
        _check_selector("条目选择器", self.item, required=True)
        _check_selector("标题选择器", self.title, required=True)
        _check_selector("链接选择器", self.link, required=True)
        for label, value in (
            ("日期选择器", self.date),
            ("摘要选择器", self.summary),
            ("文号选择器", self.document_number),
        ):
            _check_selector(label, value)
        if self.detail:
            self.detail.validate()


@dataclass(frozen=True)
class HanwebConfig:
    """A Hanweb (大汉 JCMS) column page: records sit in ``<datastore>`` CDATA (``channels.sources.hanweb``).

    Each record is read like an HTML list item, so the selectors are relative to one record.
    ``pages`` is how many groups of records one poll reads: 1 is the column page's own records,
    more follow its ``dataproxy.jsp`` paging (``startrecord``/``endrecord``/``perpage``).
    """

    title: str = "a"
    link: str = "a"
    date: str = "span"
    summary: str = ""
    document_number: str = ""
    pages: int = 1
    detail: DetailConfig | None = None

    def validate(self) -> None:
        _check_selector("标题选择器", self.title, required=True)
        _check_selector("链接选择器", self.link, required=True)
        for label, value in (
            ("日期选择器", self.date),
            ("摘要选择器", self.summary),
            ("文号选择器", self.document_number),
        ):
            _check_selector(label, value)
        if not isinstance(self.pages, int) or not 1 <= self.pages <= MAX_HANWEB_PAGES:
            raise ValueError(f"每次读取的页数必须在 1 到 {MAX_HANWEB_PAGES} 之间。")
        if self.detail:
            self.detail.validate()


MAX_HANWEB_PAGES = 10

SourceConfig = FeedConfig | JsonListConfig | HtmlListConfig | HanwebConfig
CONFIG_KINDS: dict[str, type] = {
    "feed": FeedConfig,
    "json_list": JsonListConfig,
    "html_list": HtmlListConfig,
    "hanweb": HanwebConfig,
}


def config_kind(config: SourceConfig) -> str:
    return next(kind for kind, cls in CONFIG_KINDS.items() if isinstance(config, cls))


def config_to_dict(config: SourceConfig) -> dict:
    """``{"kind": ..., **fields}``, JSON-serialisable."""
    return {"kind": config_kind(config), **asdict(config)}


def _build(cls: type, data: dict):
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"未知的配置项：{', '.join(sorted(unknown))}")
    values = dict(data)
    if values.get("detail") is not None:
        values["detail"] = _build(DetailConfig, values["detail"])
    try:
        return cls(**values)
    except TypeError as exc:
        raise ValueError(f"配置不完整：{exc}") from exc


def config_from_dict(data: dict) -> SourceConfig:
    data = dict(data)
    kind = data.pop("kind", None)
    if kind not in CONFIG_KINDS:
        raise ValueError(f"未知的信息源类型：{kind}")
    return _build(CONFIG_KINDS[kind], data)
