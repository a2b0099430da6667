"""Breadth-first walk of the admin as one user, collecting the English a user would read on each screen.

The admin is Chinese only if every screen is: a walk that follows every admin link finds the screens no one
thought to check. Similar URLs (the edit view of every page, every filter of a listing) are capped per URL pattern,
so the walk stays in the tens of screens per role rather than thousands.
"""

from __future__ import annotations

import json
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

import lxml.html
from django.urls import Resolver404, resolve

# Names and abbreviations that stay in Latin letters in Chinese government writing and software.
ALLOWED_WORDS = frozenset(
    {
        "API",
        "Atom",
        "CSV",
        "DOCX",
        "Draftail",
        "Excel",
        "GIF",
        "HTML",
        "HTTP",
        "HTTPS",
        "IP",
        "JPEG",
        "JPG",
        "JSON",
        "PDF",
        "PNG",
        "PostgreSQL",
        "RSS",
        "SQLite",
        "SVG",
        "Redis",
        "URL",
        "UTC",
        "WeChat",
        "Wagtail",
        "WebP",
        "Word",
        "XLSX",
        "XML",
        "AppID",
        "AppSecret",
        "Token",
        "Celery",
        "Webhook",
        "webhook",
        "ETag",
        "EncodingAESKey",
        "JavaScript",
        "AVIF",
        "WEBP",
        "TSV",
        "localhost",
        # Hanweb (大汉) column pages keep their records in a "datastore": the word operators see in the page source
        "datastore",
        # Pinyin examples in help texts (the address of a column)
        "liyang",
        "dangzheng",
    }
)
# Longer names, and identifiers an operator types into a form (the keys of a JSON feed), taken out before words.
ALLOWED_PHRASES = ("Standard Webhooks", "默认 title", "默认 url")
# A "word" is a maximal run of these characters; only pure-letter runs are language. Runs with digits,
# underscores, dots, slashes or @ are identifiers a user typed or the system made (dzb_editor, a slug, an e-mail
# address, a file name, a URL), and are left alone.
_TOKEN = re.compile(r"[A-Za-z0-9_.@/:%#?&=+~-]+")
_LETTERS = re.compile(r"[A-Za-z]{3,}")
_IDENTIFIER_MARKS = re.compile(r"[0-9_.@/:%#?&=+~]|-")

_SKIPPED_ELEMENTS = {"script", "style", "template", "textarea", "code", "pre", "svg"}
# Wagtail 8.0.1 hard-codes these, for screen readers only, where no translation can reach them: the hidden submit
# button of its search forms, and the label Django derives from the field name of the page permission form.
UPSTREAM_UNTRANSLATABLE = frozenset({"Search", "Page"})
_TEXT_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-w-tooltip-content-value")
_BUTTON_INPUT_TYPES = {"submit", "button", "reset"}

# Never followed: leaving the session, files, and views that render the public site rather than the admin.
_SKIPPED_URL_PARTS = ("/logout", "/jsi18n", "/preview", "/view_draft", "/download", "/export", "/serve")
_SKIPPED_SUFFIXES = (".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".docx", ".xlsx")
_SKIPPED_QUERY_KEYS = {"next", "csrfmiddlewaretoken"}


def english_words(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    """The runs of three or more Latin letters in `text` that are language, not names or identifiers.

    `names` are more words to accept: the user names the screens show."""
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    found = []
    for token in _TOKEN.findall(text):
        if _IDENTIFIER_MARKS.search(token.rstrip(".:?-")):
            continue
        found += [word for word in _LETTERS.findall(token) if word not in ALLOWED_WORDS and word not in names]
    return found


def visible_texts(html: str) -> list[str]:
    """Text a user reads on the page: text nodes outside scripts, templates and hidden elements, and the attributes
    that are shown (placeholders, titles, accessible labels, tooltips, the labels of buttons)."""
    texts: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag and tag not in _SKIPPED_ELEMENTS and child.get("hidden") is None:
                if child.text:
                    texts.append(child.text)
                texts.extend(child.get(name) for name in _TEXT_ATTRIBUTES if child.get(name))
                if tag == "input" and child.get("type", "") in _BUTTON_INPUT_TYPES and child.get("value"):
                    texts.append(child.get("value"))
                walk(child)
            if child.tail:
                texts.append(child.tail)

    walk(lxml.html.document_fromstring(html))
    texts = [" ".join(text.split()) for text in texts if text and text.strip()]
    return [text for text in texts if text not in UPSTREAM_UNTRANSLATABLE]


# Keys under which Wagtail's JSON for its scripted widgets (the sidebar, StreamField blocks) carries shown text.
_JSON_TEXT_KEYS = {"label", "helpText", "help_text", "placeholder", "title", "name_label"}


def _walk_json(value, texts: list[str], links: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and key in _JSON_TEXT_KEYS:
                texts.append(item)
            _walk_json(item, texts, links)
    elif isinstance(value, list):
        for item in value:
            _walk_json(item, texts, links)
    elif isinstance(value, str) and value.startswith("/admin/"):
        links.append(value)


def scripted(root) -> tuple[list[str], list[str]]:
    """Labels and admin links that Wagtail's scripts draw from JSON: the sidebar menu (its links are not in the
    HTML) and the StreamField blocks' labels and help texts."""
    texts: list[str] = []
    links: list[str] = []
    sources = root.xpath('//script[@type="application/json"]/text()') + root.xpath(
        "//@*[starts-with(name(), 'data-w-block-')]"
    )
    for source in sources:
        try:
            data = json.loads(source)
        except ValueError:
            continue
        _walk_json(data, texts, links)
    return [" ".join(text.split()) for text in texts if text.strip()], links


def untranslated(html: str, names: frozenset[str] = frozenset()) -> list[str]:
    """The pieces of text on the page, shown or drawn by its scripts, that contain English words."""
    texts = visible_texts(html) + scripted(lxml.html.document_fromstring(html))[0]
    return sorted({text for text in texts if english_words(text, names)})


@dataclass
class Crawl:
    """The result of a walk: screens visited, and per URL the English strings found there."""

    visited: list[str] = field(default_factory=list)
    english: dict[str, list[str]] = field(default_factory=dict)


def _normalise(href: str, base: str) -> str | None:
    """The admin URL a link points to, with its query keys sorted and noise dropped; None when not followed."""
    href, _ = urldefrag(href.strip())
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "data:")):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if parts.netloc not in ("", "testserver"):
            return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/admin/"):
        return None
    lowered = path.lower()
    if any(part in lowered for part in _SKIPPED_URL_PARTS) or lowered.endswith(_SKIPPED_SUFFIXES):
        return None
    pairs = parse_qsl(parts.query)
    if any(key == "export" for key, _ in pairs):
        return None
    query = [(key, value) for key, value in pairs if key not in _SKIPPED_QUERY_KEYS]
    return path + ("?" + urlencode(sorted(query)) if query else "")


def _pattern(url: str) -> tuple[str, bool] | None:
    """What makes two URLs 'the same screen': the URL pattern, and whether a query (a filter, an order) is set."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name or str(match.route), bool(parts.query)


def crawl(
    client, *, names: frozenset[str] = frozenset(), per_pattern: int = 2, per_query_variant: int = 1, limit: int = 300
) -> Crawl:
    """Visit /admin/ and every admin screen reachable from it by links, as the client's user; `names` are user
    names the screens may show."""
    result = Crawl()
    queue: deque[str] = deque(["/admin/"])
    seen = {"/admin/"}
    taken: Counter[tuple[str, bool]] = Counter()
    while queue and len(result.visited) < limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = _normalise(response["Location"], url)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        result.visited.append(url)
        found = untranslated(html, names)
        if found:
            result.english[url] = found
        root = lxml.html.document_fromstring(html)
        for href in root.xpath("//a/@href") + scripted(root)[1]:
            target = _normalise(href, url)
            if target is None or target in seen:
                continue
            seen.add(target)
            pattern = _pattern(target)
            if pattern is None:
                continue
            cap = per_query_variant if pattern[1] else per_pattern
            if taken[pattern] >= cap:
                continue
            taken[pattern] += 1
            queue.append(target)
    return result
