"""Identities of upstream items: canonical URLs, normalised titles and 文号, dedup keys.

Within one source an item is known by its guid or, lacking one, by its URL identity
(``url_identity``). Across sources the same policy is recognised by ``dedup_key``: normalised
文号 plus normalised title, because provinces repost State Council documents under their own
URLs, often with 【转载】 in front of the title.

URL rules (deliberately conservative, each one safe for every site we know):

* ``canonical_url`` keeps a URL fetchable: lower-case scheme and host, default port removed,
  empty path becomes ``/``, tracking parameters dropped (``utm_*``, ``spm``, ``gclid``,
  ``fbclid``, ``isappinstalled`` and WeChat's ``from=timeline|singlemessage|groupmessage``),
  remaining query parameters sorted by name (values of one name keep their order), fragment
  dropped unless it is a front-end route (``#/…`` or ``#!…``).
* ``url_identity`` is only for comparing: ``canonical_url`` without the scheme (http and https
  count as the same page) and without a trailing ``index.html``/``index.htm``/``index.shtml``/
  ``default.htm(l)``, which servers return for the folder itself. A trailing slash is kept:
  ``/a`` and ``/a/`` may be different resources.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({"spm", "gclid", "fbclid", "msclkid", "isappinstalled"})
WECHAT_FROM_VALUES = frozenset({"timeline", "singlemessage", "groupmessage"})
DEFAULT_PORTS = {"http": 80, "https": 443}
INDEX_PAGES = re.compile(r"/(?:index\.s?html?|default\.html?)$", re.I)

# 文号: issuing-organ abbreviation, year in 〔〕 (or [] () 【】 〖〗 and full-width forms), number, 号.
_OPEN, _CLOSE = r"[〔\[(【〖]", r"[〕\])】〗]"
DOC_NUMBER = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,10}})\s*{_OPEN}\s*(?P<year>(?:19|20)\d{{2}})\s*{_CLOSE}\s*第?\s*(?P<number>\d{{1,5}})\s*号"
)
ORDER_NUMBER = re.compile(r"(?P<prefix>[\u4e00-\u9fff]{1,10}令)\s*第\s*(?P<number>\d{1,5})\s*号")
LABELLED = re.compile(r"(?:发文字号|文\s*号|字\s*号)\s*[:：]?\s*")
# Words that run into an organ abbreviation in prose ("根据国发〔2025〕3号"): the organ is what
# follows the last of them. Only multi-character words: single characters such as 和 begin real
# abbreviations (和历政〔2018〕12号).
_RUN_IN_WORDS = re.compile(
    r"根据|依据|按照|依照|参照|贯彻|落实|执行|详见|参见|印发|转发|关于|通知|文件|发文字号|文号|字号|精神|规定|要求"
)
_TITLE_TAGS = r"转载|转发|转|重要|最新|置顶|原文|全文|权威发布|头条|推荐"
_TITLE_PREFIX = re.compile(rf"^\s*(?:[【\[(〔〖]\s*(?:{_TITLE_TAGS})\s*[】\])〕〗]|(?:{_TITLE_TAGS})\s*[:：])\s*")


def canonical_url(url: str, base: str | None = None) -> str:
    """A fetchable, normalised absolute URL (see the module notes)."""
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.rstrip(".").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        return url
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not (k.lower().startswith("utm_") or k.lower() in TRACKING_PARAMS)
        and not (k.lower() == "from" and v.lower() in WECHAT_FROM_VALUES)
    ]
    query.sort(key=lambda kv: kv[0])
    fragment = parts.fragment if parts.fragment.startswith(("/", "!")) else ""
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), fragment))


def url_identity(url: str) -> str:
    """Compare-only key: canonical URL without scheme or trailing index page."""
    parts = urlsplit(canonical_url(url))
    if not parts.netloc:
        return (url or "").strip()
    path = INDEX_PAGES.sub("/", parts.path)
    return urlunsplit(("", parts.netloc, path, parts.query, parts.fragment))


def item_identity(guid: str | None, url: str | None) -> str:
    """Per-source identity: the guid (URL guids compared like URLs), else the URL."""
    guid = (guid or "").strip()
    if guid:
        return url_identity(guid) if guid.lower().startswith(("http://", "https://")) else f"guid:{guid}"
    return url_identity(url or "")


def _organ(prefix: str) -> str:
    trimmed = _RUN_IN_WORDS.split(prefix)[-1]
    return trimmed or prefix


def find_document_numbers(text: str | None) -> list[str]:
    """Every 文号 in ``text``, normalised, in order of appearance, without repeats."""
    text = unicodedata.normalize("NFKC", text or "")
    found: list[tuple[int, str]] = []
    previous_end = -1
    for match in DOC_NUMBER.finditer(text):
        prefix = match["prefix"]
        if match.start() == previous_end and prefix[0] in "和及与" and len(prefix) > 1:
            prefix = prefix[1:]  # "…15号和国发〔2025〕3号": the 和 joins two numbers
        previous_end = match.end()
        found.append((match.start(), f"{_organ(prefix)}〔{match['year']}〕{int(match['number'])}号"))
    for match in ORDER_NUMBER.finditer(text):
        found.append((match.start(), f"{_organ(match['prefix'])}第{int(match['number'])}号"))
    result: list[str] = []
    for _, number in sorted(found):
        if number not in result:
            result.append(number)
    return result


def extract_document_number(text: str | None) -> str | None:
    """The 文号 in ``text``: one after a label (文号：/发文字号：) wins, else the first found."""
    text = unicodedata.normalize("NFKC", text or "")
    for label in LABELLED.finditer(text):
        numbers = find_document_numbers(text[label.end() : label.end() + 40])
        if numbers and text[label.end() :].lstrip().startswith(numbers[0][:1]):
            return numbers[0]
    numbers = find_document_numbers(text)
    return numbers[0] if numbers else None


def normalise_document_number(value: str | None) -> str:
    """One spelling per 文号: 〔〕 brackets, no spaces, no leading zeros, no 第 before the number."""
    if not value:
        return ""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    numbers = find_document_numbers(compact)
    return numbers[0] if numbers else compact


def normalise_title(title: str | None) -> str:
    """Title for comparison: NFKC (full-width → half-width), repost tags such as 【转载】
    removed, any 文号 removed, whitespace, punctuation and symbols removed, case folded."""
    text = unicodedata.normalize("NFKC", title or "").strip()
    while True:
        stripped = _TITLE_PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    text = DOC_NUMBER.sub("", text)
    text = ORDER_NUMBER.sub("", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZC").casefold()


def dedup_key(document_number: str | None, title: str | None) -> str | None:
    """Cross-source key ``"<文号>|<title>"``; ``"|<title>"`` when there is no 文号 (a weaker
    match that callers should treat as a likely, not certain, duplicate); None if both empty."""
    number = normalise_document_number(document_number)
    normalised = normalise_title(title)
    if not number and not normalised:
        return None
    return f"{number}|{normalised}"


INTERPRETATION_TITLE = re.compile(r"解读|图解|一图读懂|一图看懂|一图了解")


def document_number_key(value: str | None) -> str:
    """The 文号 alone, for matching across kinds: brackets, widths and spaces normalised; "" if none."""
    return normalise_document_number(value)[:80]


def url_key(url: str | None) -> str:
    """The URL as compared across sources: ``url_identity`` without a trailing slash (``/a/`` is ``/a``)."""
    identity = url_identity(url or "")
    parts = urlsplit("//" + identity if not identity.startswith("//") else identity)
    if not parts.netloc:
        return identity
    path = parts.path.rstrip("/")
    return urlunsplit(("", parts.netloc, path, parts.query, parts.fragment))


def is_interpretation(title: str | None) -> bool:
    """An upstream interpretation (解读, 图解, 一图读懂) rather than a document."""
    return bool(INTERPRETATION_TITLE.search(unicodedata.normalize("NFKC", title or "")))
