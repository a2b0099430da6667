"""Sanitised upstream HTML reshaped into the form Wagtail's rich-text editor (Draftail) round-trips.

Wagtail's contentstate converter reads the stored HTML with ``html.parser`` and a strict stack of
open tags: an unclosed ``<br>`` or ``<img>`` inside a paragraph ("Unmatched tags: expected br,
got p") makes the edit page fail. It only knows flat blocks (paragraphs, h2-h4, list items with a
depth, atomic blocks such as images and rules) holding inline bold, italic, links and line breaks.
So we rebuild every body from the parsed tree: void elements self-closed, headings mapped to h2-h4,
containers flattened into paragraphs, images lifted out of paragraphs into their own block, table
rows turned into paragraphs (cells separated by " | "), nested lists kept as nested lists with
text-only items, everything else unwrapped to its text. Only http(s) links and images survive;
text is always escaped. The result is stable: converting it again gives the same HTML.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

import lxml.html

from .sanitize import DROPPED_WITH_CONTENT, sanitize_html

HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
BLOCKS = frozenset(
    {"p", "div", "blockquote", "pre", "figure", "figcaption", "dl", "dt", "dd", "caption", "section", "article"}
    | {"address", "center", "header", "footer", "main", "aside", "nav", "tbody", "thead", "tfoot", "body", "li"}
)
LISTS = frozenset({"ul", "ol"})
INLINE_STYLES = {"b": "b", "strong": "b", "i": "i", "em": "i"}
CELL_SEPARATOR = " | "
_TAG = re.compile(r"<[^>]+>")
_EDGE_BREAKS = re.compile(r"^(?:\s|<br/>)+|(?:\s|<br/>)+$")
_EMPTY_INLINE = re.compile(r"<(a|b|i)\b[^>]*>(?:\s|<br/>)*</\1>")
_OWN_ROWS = "./caption | ./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_BLANK = " \t\r\n\f\xa0\u3000"

#: The rich-text feature that keeps an upstream ``<img src>`` in the editor (registered by ``wagtail_features``).
UPSTREAM_IMAGE = "upstream-image"
#: Wagtail's default features (as ``features.get_default_features()`` lists them) for fields holding upstream bodies.
WAGTAIL_DEFAULT_FEATURES = (
    "embed",
    "hr",
    "link",
    "bold",
    "italic",
    "h2",
    "h3",
    "h4",
    "ol",
    "ul",
    "document-link",
    "image",
)
#: The features of the watcher's drafts' body: the defaults and, after "image" so its writer wins, upstream images.
#: Only these drafts keep hotlinked images; every other rich-text field keeps Wagtail's defaults and drops them.
DRAFT_FEATURES = [*WAGTAIL_DEFAULT_FEATURES, UPSTREAM_IMAGE]


def _tidy(fragment: str) -> str:
    """Without empty bold/italic/links (left where an image or a block split them) and edge line breaks."""
    previous = None
    while previous != fragment:
        previous, fragment = fragment, _EMPTY_INLINE.sub("", fragment)
    return _EDGE_BREAKS.sub("", fragment)


def _http(url: str | None) -> str | None:
    url = (url or "").strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") and urlsplit(url).netloc else None


def _attr(value: str) -> str:
    return html_lib.escape(value, quote=True)


def image_tag(src: str, alt: str = "") -> str:
    """How an upstream image is stored: a self-closed ``<img>`` (see ``wagtail_features``)."""
    return f'<img alt="{_attr(alt)}" src="{_attr(src)}"/>'


def has_text(fragment: str) -> bool:
    return bool(html_lib.unescape(_TAG.sub("", fragment)).strip(_BLANK))


class _Builder:
    """Walks a tree and emits blocks (``inline=False``) or one line-broken inline run (``inline=True``)."""

    def __init__(self, *, inline: bool = False) -> None:
        self.inline = inline
        self.blocks: list[str] = []
        self.run: list[str] = []
        self.block_tags = ["p"]
        self.open_inlines: list[tuple[str, str]] = []  # (tag, opening tag)

    # -- runs ------------------------------------------------------------------------------------
    def text(self, value: str | None) -> None:
        if value:  # whitespace collapsed as the editor does (upstream <pre> loses its layout)
            self.run.append(html_lib.escape(_SPACES.sub(" ", _CONTROL.sub("", value)), quote=False))

    def _closed_run(self) -> str:
        body = "".join(self.run) + "".join(f"</{tag}>" for tag, _ in reversed(self.open_inlines))
        return _tidy(body)

    def flush(self) -> None:
        """End the current paragraph (inline mode: a line break); open inline tags carry over."""
        if self.inline:
            if self.run and self.run[-1] != "<br/>" and has_text("".join(self.run)):
                self.run.append("<br/>")
            return
        body = self._closed_run()
        if has_text(body):
            tag = self.block_tags[-1]
            self.blocks.append(f"<{tag}>{body}</{tag}>")
        self.run = [opening for _, opening in self.open_inlines]

    def atomic(self, html: str) -> None:
        if self.inline:
            self.run.append(html)
        else:
            self.flush()
            self.blocks.append(html)

    def result(self) -> str:
        if self.inline:
            return _tidy("".join(self.run))
        self.flush()
        return "".join(self.blocks)

    # -- walking ---------------------------------------------------------------------------------
    def children(self, element) -> None:
        self.text(element.text)
        for child in element:
            self.walk(child)
            self.text(child.tail)

    def _wrapped(self, element, tag: str, opening: str) -> None:
        if any(open_tag == tag for open_tag, _ in self.open_inlines):
            self.children(element)  # no link inside a link, no bold inside bold
            return
        self.open_inlines.append((tag, opening))
        self.run.append(opening)
        self.children(element)
        self.open_inlines.pop()
        self.run.append(f"</{tag}>")

    def walk(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if not tag or tag in DROPPED_WITH_CONTENT:
            return  # comments, processing instructions, scripts
        if tag in HEADINGS and not self.inline:
            self.flush()
            self.block_tags.append(HEADINGS[tag])
            self.children(element)
            self.flush()
            self.block_tags.pop()
        elif tag in LISTS and not self.inline:
            self.atomic(list_html(element))
        elif tag == "table":
            self.flush()
            for row in element.xpath(_OWN_ROWS):  # a nested (layout) table's rows are its own
                cells = [row] if row.tag == "caption" else [c for c in row if c.tag in ("td", "th")]
                filled = [cell for cell in cells if has_text(html := cell_html(cell)) or "<img" in html]
                for position, cell in enumerate(filled):
                    if position:
                        self.text(CELL_SEPARATOR)
                    self.children(cell)
                self.flush()
        elif tag in BLOCKS or tag in HEADINGS or tag in LISTS or tag == "tr":
            self.flush()
            self.children(element)
            self.flush()
        elif tag == "hr":
            if self.inline:
                self.flush()
            else:
                self.atomic("<hr/>")
        elif tag == "br":
            self.run.append("<br/>")
        elif tag == "img":
            if src := _http(element.get("src")):
                self.atomic(image_tag(src, (element.get("alt") or "").strip()))
        elif tag == "a" and (href := _http(element.get("href"))):
            self._wrapped(element, "a", f'<a href="{_attr(href)}">')
        elif tag in INLINE_STYLES:
            style = INLINE_STYLES[tag]
            self._wrapped(element, style, f"<{style}>")
        else:
            self.children(element)  # span, u, sub, sup, code, links to nowhere...: their text stays


def cell_html(element) -> str:
    builder = _Builder(inline=True)
    builder.children(element)
    return builder.result()


def list_html(element) -> str:
    """A list whose items hold inline content only; nested lists stay nested inside their item."""
    tag = "ol" if element.tag == "ol" else "ul"
    items: list[str] = []
    for child in element:
        if not isinstance(child.tag, str) or child.tag.lower() in DROPPED_WITH_CONTENT:
            continue
        if child.tag.lower() in LISTS and items:  # <ul><li>a</li><ul>…</ul></ul>: the list belongs to item a
            items[-1] = items[-1].removesuffix("</li>") + list_html(child) + "</li>"
            continue
        builder = _Builder(inline=True)
        nested = []
        builder.text(child.text)
        for grandchild in child:
            if isinstance(grandchild.tag, str) and grandchild.tag.lower() in LISTS:
                nested.append(list_html(grandchild))
            else:
                builder.walk(grandchild)
            builder.text(grandchild.tail)
        content = builder.result()
        if has_text(content) or "<img" in content or nested:
            items.append(f"<li>{content}{''.join(nested)}</li>")
        if child.tail and child.tail.strip(_BLANK):
            items.append(f"<li>{html_lib.escape(child.tail.strip(_BLANK), quote=False)}</li>")
    if element.text and element.text.strip(_BLANK):
        items.insert(0, f"<li>{html_lib.escape(element.text.strip(_BLANK), quote=False)}</li>")
    return f"<{tag}>{''.join(items)}</{tag}>" if items else ""


def to_editor_html(html: str | None) -> str:
    """``html`` (already sanitised) in Wagtail's rich-text database form; "" when nothing is left."""
    if not html or not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml refuses some inputs (e.g. only a comment); their text is all we keep
        return text_paragraphs(re.sub(r"<[^>]*>", " ", html))
    builder = _Builder()
    builder.children(root)
    return builder.result()


def text_paragraphs(text: str | None) -> str:
    """Plain text as escaped paragraphs (one per non-blank line): never markup, whatever it contains."""
    lines = [line.strip(_BLANK) for line in (text or "").splitlines()]
    return "".join(f"<p>{html_lib.escape(line, quote=False)}</p>" for line in lines if line)


def draft_body(body_html: str | None, summary: str | None) -> str:
    """What a draft stores as its body: the upstream body in editor form, else the summary as text."""
    return to_editor_html(body_html) or text_paragraphs(summary)


def clean_body(html: str | None, *, base_url: str | None = None) -> str | None:
    """An upstream body sanitised (``sanitize_html``) and in editor form; None when nothing is left."""
    return to_editor_html(sanitize_html(html, base_url=base_url)) or None
