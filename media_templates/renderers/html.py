"""HTML transformations shared by the renderers: sanitise, links to footnotes, images, plain text.

Input is always cleaned with nh3 first, so the small streaming rewriter below only ever sees
well-formed markup without scripts, comments or event handlers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import urljoin

import nh3

from ..common import host_of

WECHAT_LINK_HOSTS = frozenset({"mp.weixin.qq.com"})
WECHAT_IMAGE_HOSTS = frozenset({"mmbiz.qpic.cn", "mmbiz.qlogo.cn"})
GENERATED_SCHEME = "media-templates:"  # placeholder src of a generated image awaiting upload

#: A start tag's attributes as HTMLParser gives them: a value is None for a bare attribute.
Attrs = list[tuple[str, str | None]]
#: Given an image's src and all its attributes, the src to keep, or None to replace the image by its alt text.
ImageResolver = Callable[[str, dict[str, str | None]], str | None]

BODY_TAGS = {
    "p", "br", "span", "strong", "b", "em", "i", "u", "s", "sub", "sup", "h1", "h2", "h3", "h4", "h5",
    "h6", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
    "caption", "img", "a", "hr", "pre", "code", "figure", "figcaption", "div", "section", "small",
}  # fmt: skip
BODY_ATTRIBUTES = {
    "*": {"class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
}
# What WeChat keeps (field notes: scripts stripped, CSS only inline). No class, no id, no data-*.
WECHAT_TAGS = (BODY_TAGS - {"div", "small"}) | {"section"}
WECHAT_ATTRIBUTES = {
    "*": {"style"},
    "a": {"href"},
    "img": {"src", "alt"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
STYLE_PROPERTIES = {
    "color", "background-color", "font-size", "font-weight", "font-style", "line-height",
    "letter-spacing", "text-align", "text-indent", "text-decoration", "margin", "margin-top",
    "margin-bottom", "margin-left", "margin-right", "padding", "padding-top", "padding-bottom",
    "padding-left", "padding-right", "border", "border-top", "border-bottom", "border-left",
    "border-right", "border-radius", "border-collapse", "width", "max-width", "height", "display",
    "vertical-align", "word-break", "overflow-wrap", "box-sizing",
}  # fmt: skip
VOID = {"br", "img", "hr", "col", "wbr", "area"}
BLOCKS = {"p", "div", "section", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote", "pre",
          "figure", "figcaption", "table", "ul", "ol", "caption", "hr"}  # fmt: skip


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    url: str


def sanitize_body(html: str, *, base_url: str = "") -> str:
    """The editor's body HTML made safe: no scripts, styles, event handlers or odd URL schemes.

    With `base_url`, relative links and images are made absolute (anchors too: page#id).
    """
    return nh3.clean(
        html or "",
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        clean_content_tags={"script", "style", "template", "noscript"},
        url_schemes={"http", "https", "mailto", "tel"},
        url_relative=(("rewrite_with_base", base_url) if base_url else "pass_through"),
        link_rel=None,
        strip_comments=True,
    )


def wechat_clean(html: str) -> str:
    """Final allow-list: only tags and attributes WeChat keeps, styles inline and filtered."""
    return nh3.clean(
        html,
        tags=WECHAT_TAGS,
        attributes=WECHAT_ATTRIBUTES,
        clean_content_tags={"script", "style", "template", "noscript", "title", "head"},
        url_schemes={"http", "https", "media-templates"},
        link_rel=None,
        strip_comments=True,
        filter_style_properties=STYLE_PROPERTIES,
        attribute_filter=_wechat_attribute,
    )


def _wechat_attribute(tag: str, attr: str, value: str) -> str | None:
    # A link to any other host makes draft/add fail with 45166 (field notes).
    if tag == "a" and attr == "href" and host_of(value) not in WECHAT_LINK_HOSTS:
        return None
    return value


def _attrs(attrs: Attrs) -> str:
    return "".join(f" {k}" if v is None else f' {k}="{escape(v, quote=True)}"' for k, v in attrs)


class _Rewriter(HTMLParser):
    """Re-serialises clean HTML; subclasses override the hooks they need."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def run(self, html: str) -> str:
        self.feed(html)
        self.close()
        return "".join(self.out)

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        self.out.append(f"<{tag}{_attrs(attrs)}>")

    def handle_startendtag(self, tag: str, attrs: Attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))


class _Footnoter(_Rewriter):
    def __init__(self, base_url: str, keep_hosts: frozenset[str], footnotes: list[Footnote]):
        super().__init__()
        self.base_url, self.keep_hosts, self.footnotes = base_url, keep_hosts, footnotes
        self.stack: list[tuple[str, int] | None] = []  # one entry per open <a>

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        if tag != "a":
            return super().handle_starttag(tag, attrs)
        href = (dict(attrs).get("href") or "").strip()
        url = urljoin(self.base_url, href) if href and not href.startswith("#") else ""
        if url and host_of(url) in self.keep_hosts:
            self.stack.append(None)
            return super().handle_starttag(tag, [("href", url)])
        self.stack.append((url, len(self.out)))

    def handle_endtag(self, tag: str) -> None:
        if tag != "a":
            return super().handle_endtag(tag)
        if not self.stack:
            return
        entry = self.stack.pop()
        if entry is None:
            return super().handle_endtag(tag)
        url, start = entry
        if url.startswith(("http://", "https://", "mailto:", "tel:")):
            text = re.sub(r"<[^>]+>", "", "".join(self.out[start:])).strip()
            number = footnote_number(self.footnotes, url, unescape(text))
            self.out.append(f"<sup>[{number}]</sup>")


def footnote_number(footnotes: list[Footnote], url: str, text: str) -> int:
    """The number of `url` among `footnotes`, appending a new footnote if it is not there yet."""
    for note in footnotes:
        if note.url == url:
            return note.number
    note = Footnote(len(footnotes) + 1, text or url, url)
    footnotes.append(note)
    return note.number


def links_to_footnotes(
    html: str,
    *,
    base_url: str = "",
    keep_hosts: Iterable[str] = WECHAT_LINK_HOSTS,
    footnotes: list[Footnote] | None = None,
) -> tuple[str, list[Footnote]]:
    """Links to any host but `keep_hosts` become their text plus a numbered reference `[n]`."""
    footnotes = [] if footnotes is None else footnotes
    out = _Footnoter(base_url, frozenset(keep_hosts), footnotes).run(html)
    return out, footnotes


class _Images(_Rewriter):
    def __init__(self, resolve: ImageResolver) -> None:
        super().__init__()
        self.resolve = resolve

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        if tag != "img":
            return super().handle_starttag(tag, attrs)
        values = dict(attrs)
        src = self.resolve(values.get("src") or "", values)
        if src is None:
            alt = values.get("alt") or ""
            if alt:
                self.out.append(escape(f"［图：{alt}］", quote=False))
            return
        kept = [(k, v) for k, v in attrs if k not in {"src", "width", "height"}]
        super().handle_starttag(tag, [("src", src), *kept])


def collect_images(html: str, *, base_url: str = "") -> tuple[str, list[str]]:
    """Resolve image URLs; return the HTML and the images WeChat needs re-hosted (in order, unique).

    Images that cannot be fetched (data:, relative without a base) are replaced by their alt text.
    """
    found: list[str] = []

    def resolve(src: str, _attrs: dict[str, str | None]) -> str | None:
        url = urljoin(base_url, src.strip()) if src.strip() else ""
        if url.startswith(GENERATED_SCHEME):
            return url
        if not url.startswith(("http://", "https://")):
            return None
        if host_of(url) not in WECHAT_IMAGE_HOSTS and url not in found:
            found.append(url)
        return url

    return _Images(resolve).run(html), found


class UnmappedImage(KeyError):
    pass


def rewrite_images(html: str, mapping: dict[str, str], *, strict: bool = True) -> str:
    """Point every image at its re-hosted URL (WeChat drops any image not on mmbiz.qpic.cn).

    With `strict`, an image neither mapped nor already on WeChat's hosts raises UnmappedImage.
    """

    def resolve(src: str, _attrs: dict[str, str | None]) -> str | None:
        if src in mapping:
            return mapping[src]
        if strict and host_of(src) not in WECHAT_IMAGE_HOSTS:
            raise UnmappedImage(f"图片尚未上传到微信：{src}")
        return src

    return _Images(resolve).run(html)


class _Text(_Rewriter):
    def __init__(self) -> None:
        super().__init__()
        self.list_depth = 0

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        if tag in {"ul", "ol"}:
            self.list_depth += 1
        if tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n" + "  " * (self.list_depth - 1) + "• ")
        elif tag in {"td", "th"}:
            self.out.append("\t")
        elif tag == "tr":
            self.out.append("\n")
        elif tag in BLOCKS:
            self.out.append("\n\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.out.append(f"［图：{alt}］")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"ul", "ol"}:
            self.list_depth = max(0, self.list_depth - 1)
        if tag in BLOCKS and tag not in {"li", "tr"}:
            self.out.append("\n\n")
        elif tag == "tr":
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Readable plain text of clean HTML (paragraphs, bullets, image alt text)."""
    text = _Text().run(html)
    lines = [line.strip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
