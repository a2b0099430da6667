"""Short, stable page addresses, as government portals give them: never a percent-encoded Chinese title.

A policy's address comes from its 文号 (历政办〔2018〕12号 → ``2018-12``), else from its date and id
(``20261206-1234``); a material's is ``jd-<id>``, an event's its date and id. An editor may still type an
ASCII slug of their own. Until a page is first published, an address the platform chose follows the page
(a 文号 typed after the first autosave gives the draft its 文号 address); once published it never moves.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django.utils import timezone

#: 〔2018〕12号, [2018]12号, (2018)第12号 ... : the year in brackets, then the number.
_BRACKETED = re.compile(r"[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*第?\s*0*(\d+)\s*号")
#: 2018年12号, 历政2018-12号: a year and a number without brackets.
_LOOSE = re.compile(r"((?:19|20)\d{2})\D{0,3}?0*(\d+)\s*号")
#: Addresses this module gives out: 2018-12, 20261206-1234, jd-1234 (each maybe with -2, -3 ...).
_GENERATED = re.compile(r"^(?:\d{4}-\d+|\d{8}-\d+|[a-z]{1,3}-\d+)(?:-\d+)?$")
_PROVISIONAL = "-new-"
_ASCII_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def from_document_number(number: str) -> str | None:
    """``2018-12`` for 历政办〔2018〕12号; None when the 文号 names no year and number."""
    match = _BRACKETED.search(number or "") or _LOOSE.search(number or "")
    return f"{match[1]}-{int(match[2])}" if match else None


def dated(day: dt.date | None, pk: int) -> str:
    return f"{(day or timezone.localdate()):%Y%m%d}-{pk}"


def is_chosen_by_editor(slug: str) -> bool:
    """A lower-case ASCII slug the platform did not make (Wagtail's title sync makes Chinese ones)."""
    return bool(_ASCII_SLUG.match(slug or "")) and not is_generated(slug)


def is_generated(slug: str) -> bool:
    return bool(_GENERATED.match(slug or "")) or _PROVISIONAL in (slug or "")


def unique_among_siblings(page, parent, base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` ... : the first no sibling of ``page`` under ``parent`` holds."""
    taken = set(parent.get_children().exclude(pk=page.pk).values_list("slug", flat=True)) if parent else set()
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _stored(page) -> tuple[str | None, bool]:
    """The address in the page's row and whether the row was ever published (a draft's edits live in revisions)."""
    from wagtail.models import Page  # lazy: the page models import this module

    if page.pk is None:
        return None, False
    row = Page.objects.filter(pk=page.pk).values_list("slug", "first_published_at", "live").first()
    return (row[0], bool(row[1] or row[2])) if row else (None, False)


def _parent(page):
    return page.get_parent() if page.path and page.depth and page.depth > 1 else None


def assign(page) -> None:
    """Give ``page`` its address before it is validated and saved (see the module's docstring)."""
    stored, published = _stored(page)
    if published:
        if stored and not is_chosen_by_editor(page.slug):
            page.slug = stored  # published: the address never moves, whatever the title or 文号 became
        return
    if is_chosen_by_editor(page.slug):
        return  # typed by an editor, or passed by the code that made the page
    if stored and is_chosen_by_editor(stored):
        page.slug = stored  # the title sync offered a Chinese slug: the editor's earlier choice stays
        return
    base = page.short_slug_base()
    if base is None and page.pk is None:
        if _PROVISIONAL not in (page.slug or ""):
            page.slug = f"{timezone.localdate():%Y%m%d}{_PROVISIONAL}{uuid.uuid4().hex[:8]}"
        page._slug_awaits_id = True  # made final by finish() once the row has its id
        return
    page.slug = unique_among_siblings(page, _parent(page), base or page.id_slug())


def finish(page) -> None:
    """After the first save: replace the provisional address with the one built from the new id."""
    if not getattr(page, "_slug_awaits_id", False):
        return
    from wagtail.models import Page  # lazy: the page models import this module

    page._slug_awaits_id = False
    parent = page.get_parent()
    slug = unique_among_siblings(page, parent, page.id_slug())
    url_path = f"{parent.url_path}{slug}/" if parent else page.url_path
    Page.objects.filter(pk=page.pk).update(slug=slug, url_path=url_path)
    page.slug, page.url_path = slug, url_path


class ShortSlugMixin:
    """Pages whose address the platform chooses: short, ASCII, unique among siblings, fixed once published."""

    #: Letters before the id in ``id_slug`` (empty: the date).
    SLUG_PREFIX = ""

    def short_slug_base(self) -> str | None:
        """The address from the page's own facts; None: from its date and id."""
        return None

    def slug_date(self) -> dt.date | None:
        return None

    def id_slug(self) -> str:
        pk = self.pk  # type: ignore[attr-defined]
        return f"{self.SLUG_PREFIX}-{pk}" if self.SLUG_PREFIX else dated(self.slug_date(), pk)

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        assign(self)
        super().full_clean(*args, **kwargs)  # type: ignore[misc]

    def save(self, *args: Any, **kwargs: Any) -> Any:
        assign(self)
        result = super().save(*args, **kwargs)  # type: ignore[misc]
        finish(self)
        return result
