"""Chinese full-text search on Wagtail's database backend: a jieba-segmented index field and its helpers.

A run of Chinese characters is one token to SQLite FTS and PostgreSQL alike, so 政务公开 inside a sentence is
never found. Every searchable model stores `search_text`, its searchable fields cut by `jieba.cut_for_search`
into space-separated words, and indexes that field instead of the raw text; queries are cut the same way.

Adopting it is one line (put `SegmentedSearchMixin` first in the bases) plus `makemigrations`; the model's
existing `index.SearchField`s (and `index.RelatedFields` of them) become the sources of `search_text`.
Nothing here imports a model at module level: `interpretation.models` imports this module.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelsearch import index

#: Terms of the trade that the default dictionary splits; cut_for_search still emits their parts.
DOMAIN_WORDS = (
    "政务公开",
    "政府信息公开",
    "依申请公开",
    "主动公开",
    "不予公开",
    "五公开",
    "三同步",
    "政策解读",
    "营商环境",
    "乡村振兴",
    "适老化",
    "历阳镇",
    "低保",
    "医保",
    "河长制",
)
#: Words that carry no meaning in a query; never required, never highlighted.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 是 在 有 吗 呢 吧 啊 怎么 怎样 如何 什么 哪些 哪里 哪个 多少 为什么 请问 关于 对于 一下".split()
)
_WORD = re.compile(r"\w", re.UNICODE)
_tokenizer = None
_tokenizer_lock = threading.Lock()


def tokenizer():
    """Our own jieba tokenizer (loaded once, ~0.5 s): domain words never leak into other users of jieba."""
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.initialize()
                for word in DOMAIN_WORDS:
                    tk.add_word(word, freq=20000)
                _tokenizer = tk
    return _tokenizer


def plain_text(value) -> str:
    """Rich text and HTML to plain text with entities decoded."""
    if not value:
        return ""
    return html.unescape(strip_tags(str(value)))


def segment(*texts) -> str:
    """Index form: every word and sub-word of the texts, lower-cased, separated by spaces, punctuation dropped."""
    words = []
    cut = tokenizer().cut_for_search
    for text in texts:
        for word in cut(plain_text(text)):
            word = word.strip().lower()
            if word and _WORD.search(word):
                words.append(word)
    return " ".join(words)


def query_words(query: str) -> list[str]:
    """The meaningful words of a query, in order, each once (precise cut, stopwords dropped).

    A single character next to longer words (年, 号, 查) is dropped too: the index holds 查询, not 查.
    """
    seen, words = set(), []
    for word in tokenizer().cut(plain_text(query)):
        word = word.strip().lower()
        if word and _WORD.search(word) and word not in STOPWORDS and word not in seen:
            seen.add(word)
            words.append(word)
    longer = [w for w in words if len(w) > 1]
    return longer or words


def build_query(words: list[str], operator: str = "and"):
    """A backend query: each word, or all of its sub-words, must occur (AND), or any of them may (OR)."""
    from modelsearch.query import And, Or, PlainText

    clauses = []
    for word in words:
        parts = [p for p in dict.fromkeys(segment(word).split()) if p != word]
        clause = PlainText(word)
        if len(parts) > 1:
            clause = Or([clause, And([PlainText(p) for p in parts])])
        clauses.append(clause)
    if not clauses:
        return None
    if len(clauses) == 1:
        return clauses[0]
    return And(clauses) if operator == "and" else Or(clauses)


def tsquery_text(words: list[str], operator: str = "and") -> str:
    """The same query as build_query, in PostgreSQL's to_tsquery syntax with every lexeme quoted."""

    def lexeme(word: str) -> str:
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"

    clauses = []
    for word in words:
        parts = [p for p in dict.fromkeys(segment(word).split()) if p != word]
        clause = lexeme(word)
        if len(parts) > 1:
            clause = f"({clause} | ({' & '.join(lexeme(p) for p in parts)}))"
        clauses.append(clause)
    return f" {'&' if operator == 'and' else '|'} ".join(clauses)


def highlight(text: str, words: Iterable[str], *, length: int = 120) -> str:
    """An escaped snippet of `text` around the first match, every match wrapped in <mark>; safe to print."""
    text = re.sub(r"\s+", " ", plain_text(text)).strip()
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not text:
        return ""
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
    match = pattern.search(text) if pattern else None
    start = 0
    if match and len(text) > length:
        start = max(0, min(match.start() - length // 4, len(text) - length))
    snippet = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    if pattern is None:
        return mark_safe(prefix + html.escape(snippet) + suffix)
    out, last = [], 0
    for m in pattern.finditer(snippet):
        out.append(html.escape(snippet[last : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(snippet[last:]))
    return mark_safe(prefix + "".join(out) + suffix)


def _values(obj, fields) -> Iterable[str]:
    for field in fields:
        if isinstance(field, index.RelatedFields):
            related = getattr(obj, field.field_name, None)
            if related is None:
                continue
            items = related.all() if hasattr(related, "all") else [related]
            for item in items:
                yield from _values(item, field.fields)
        elif isinstance(field, index.SearchField) and field.field_name != SEARCH_TEXT_FIELD:
            value = field.get_value(obj)
            if isinstance(value, (list, tuple)):  # rich text gives its searchable content as a list
                value = " ".join(str(v) for v in value if v)
            if value:
                yield value if isinstance(value, str) else str(value)


SEARCH_TEXT_FIELD = "search_text"


class SegmentedSearchMixin(models.Model):
    """Stores and indexes a jieba-segmented copy of the model's searchable text (see the module docstring)."""

    search_text = models.TextField(_("分词索引"), blank=True, default="", editable=False)
    #: Declared by the indexed page model this is mixed into.
    search_fields: ClassVar[Sequence[Any]]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        # A draft revision saves a few bookkeeping columns only: the live text, and so the index, stay as they are.
        if update_fields is None or SEARCH_TEXT_FIELD in update_fields:
            self.refresh_search_text()
        return super().save(*args, **kwargs)

    @classmethod
    def get_search_fields(cls):
        """Index the title (admin search, autocomplete) and search_text instead of raw Chinese text."""
        kept = [
            field
            for field in super().get_search_fields()
            if field.field_name == "title" or not isinstance(field, (index.SearchField, index.RelatedFields))
        ]
        return [*kept, index.SearchField(SEARCH_TEXT_FIELD)]

    def search_text_sources(self) -> Iterable[str]:
        """The texts to segment: every SearchField declared on the model, related ones included."""
        return _values(self, type(self).search_fields)

    def refresh_search_text(self) -> str:
        self.search_text = segment(*self.search_text_sources())
        return self.search_text
