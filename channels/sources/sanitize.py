"""Sanitise upstream HTML with nh3 before it is stored or shown.

Kept: headings, paragraphs, line breaks, emphasis, lists, tables, quotes, figures, links and
images. Links and image sources must be http or https; relative ones are made absolute against
the page URL; every link gets ``rel="noopener noreferrer"``. Dropped with their content:
scripts, styles, iframes, objects, embeds, templates, forms. Dropped attributes: every event
handler (``on*``), ``style``, ``class``, ``id``. Tags not listed are removed but their text stays.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {
        *(f"h{level}" for level in range(1, 7)),
        *("p", "br", "hr", "div", "span", "strong", "b", "em", "i", "u", "sub", "sup", "small"),
        *("blockquote", "pre", "code", "ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
        *("a", "img", "figure", "figcaption"),
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
}
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "template",
        "noscript",
        "form",
        "textarea",
        "select",
        "button",
        "svg",
        "math",
    }
)
URL_SCHEMES = frozenset({"http", "https"})
_BLOCK_ENDS = re.compile(r"(?i)<(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>")


def _base_or_none(base_url: str | None) -> str | None:
    if base_url and urlsplit(base_url).scheme.lower() in URL_SCHEMES:
        return base_url
    return None


def sanitize_html(html: str | None, *, base_url: str | None = None) -> str:
    """Safe HTML for an upstream body; relative links resolved against ``base_url``.

    Without an http(s) ``base_url`` relative links and images are removed, since they would
    point into our own site.
    """
    if not html:
        return ""
    base = _base_or_none(base_url)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
        url_relative=("rewrite_with_base", base) if base else "deny",
    ).strip()


def html_to_text(html: str | None, *, keep_lines: bool = False) -> str:
    """Plain text of an HTML fragment (scripts and styles dropped), whitespace collapsed.

    ``keep_lines``: line breaks, paragraph and other block ends become newlines (blank lines dropped),
    so that a first line can be taken as a title.
    """
    if not html:
        return ""
    spaced = _BLOCK_ENDS.sub("\n" if keep_lines else " ", html)
    text = html_lib.unescape(nh3.clean(spaced, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT)))
    if not keep_lines:
        return re.sub(r"\s+", " ", text).strip()
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
