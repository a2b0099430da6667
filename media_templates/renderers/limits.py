"""Channel length limits, and cutting Chinese text to them without breaking meaning.

A cut falls only between atoms: a 文号 (和历政〔2018〕12号), a run of digits or Latin letters
(3,000.5 / COVID-19 / 50%), a doubled dash or ellipsis (—— ……), or a Chinese word as jieba
segments it. Only when the first atom alone is longer than the limit is it cut mid-atom.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

ELLIPSIS = "…"

WECHAT_TITLE = 32
WECHAT_AUTHOR = 16
WECHAT_DIGEST = 128
WECHAT_CONTENT_CHARS = 20_000
WECHAT_CONTENT_BYTES = 1_000_000  # "1 MB"; the conservative reading

_PROTECTED = re.compile(
    r"[〔［\[【(（]\d{4}[〕］\]】)）]\d+号"  # the number part of a 文号; its prefix is found below
    r"|[A-Za-z0-9]+(?:[.,\-'&/:：][A-Za-z0-9]+)*[%‰]?"  # numbers, Latin words
    r"|—+|…+|\.{3,}"
    r"|\s+"
)
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Left dangling before an ellipsis these read badly: drop them.
_TRAILING = "，、；：,;:—-·（《“‘「『【〔([{ \u3000"


@lru_cache(maxsize=1)
def _jieba() -> Any:
    """The jieba module (untyped), or None where it is not installed."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a project dependency
        return None
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _split_cjk(run: str) -> list[str]:
    jieba = _jieba()
    if jieba is None or len(run) == 1:
        return list(run)
    words: list[str] = jieba.lcut(run, HMM=False)
    return words


# Words that come before a 文号 but are not part of its organ prefix (国办发, 和历政, 京政办发).
_BEFORE_DOC_NO = re.compile(r".*(?:印发|转发|根据|按照|依据|关于|贯彻|落实|执行|废止|修改|参照|以及|的|《|（)")


def _doc_number_start(text: str, bracket: int) -> int:
    """Where the organ prefix of the 文号 whose bracket starts at `bracket` begins."""
    start = bracket
    while start > 0 and bracket - start < 6 and "\u4e00" <= text[start - 1] <= "\u9fff":
        start -= 1
    prefix = text[start:bracket]
    cut = _BEFORE_DOC_NO.match(prefix)
    if cut and cut.end() < len(prefix):
        start += cut.end()
    return start if bracket - start <= 5 else bracket - 5


def atoms(text: str) -> list[str]:
    """The pieces a cut may not fall inside, in order; joined they give `text` back."""
    out: list[str] = []
    pos = 0
    for match in _PROTECTED.finditer(text):
        start = match.start()
        if match.group().endswith("号") and match.group()[0] in "〔［[【(（":
            start = max(pos, _doc_number_start(text, start))
        out.extend(_plain_atoms(text[pos:start]))
        out.append(text[start : match.end()])
        pos = match.end()
    out.extend(_plain_atoms(text[pos:]))
    return out


def _plain_atoms(chunk: str) -> list[str]:
    out: list[str] = []
    pos = 0
    for match in _CJK_RUN.finditer(chunk):
        out.extend(chunk[pos : match.start()])
        out.extend(_split_cjk(match.group()))
        pos = match.end()
    out.extend(chunk[pos:])
    return out


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def truncate(text: str, limit: int, *, ellipsis: str = ELLIPSIS) -> str:
    """`text` (whitespace collapsed) in at most `limit` characters, ellipsis included."""
    text = normalise_space(text)
    if len(text) <= limit:
        return text
    if limit <= len(ellipsis):
        return ellipsis[:limit]
    budget = limit - len(ellipsis)
    kept: list[str] = []
    used = 0
    for atom in atoms(text):
        if used + len(atom) > budget:
            break
        kept.append(atom)
        used += len(atom)
    head = "".join(kept).rstrip(_TRAILING)
    if not head:
        # The first atom alone is too long (a URL, a very long word): cut it at a character boundary.
        head = text[:budget].rstrip(_TRAILING) or text[:budget]
    return head + ellipsis


def fits(text: str, limit: int) -> bool:
    return len(normalise_space(text)) <= limit
