"""Helpers shared by the renderers: templates, styles, dates and identifiers."""

from __future__ import annotations

import dataclasses
import re
import uuid
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, overload
from urllib.parse import urlsplit

import css_inline
from django.template.loader import render_to_string

from .content import PolicyContent, Publisher, SiteStyle
from .style import load_style

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
TEMPLATE_DIR = "media_templates"


def resolve_style(style: SiteStyle | None, publisher: Publisher | None = None) -> SiteStyle:
    """The given style (else the configured one) wearing the publisher's names and address, where it has them."""
    base = style if style is not None else load_style()
    if publisher is None:
        return base
    names: dict[str, Any] = {
        "organ_name": publisher.organ_name,
        "site_name": publisher.site_name,
        "site_url": publisher.site_url,
    }
    changes = {key: value for key, value in names.items() if value and value != getattr(base, key)}
    return dataclasses.replace(base, **changes) if changes else base


def render(name: str, context: dict[str, Any]) -> str:
    """Render a file under templates/media_templates/ (no request, no database)."""
    return render_to_string(f"{TEMPLATE_DIR}/{name}", context)


def inline_css(html: str, css_template: str, style: SiteStyle) -> str:
    """Inline the CSS template's rules into `html` as style attributes (remote sheets never fetched)."""
    css = render(css_template, {"style": style})
    return css_inline.inline_fragment(html, css, load_remote_stylesheets=False)


def version_created(policy: PolicyContent) -> datetime:
    """When this version was made: updated_at, else the publication day at 00:00 Beijing time."""
    if policy.updated_at is not None:
        value = policy.updated_at
        return value if value.tzinfo else value.replace(tzinfo=CHINA_TZ)
    day = policy.date_published or date(1970, 1, 1)
    return datetime.combine(day, time(0, 0), tzinfo=CHINA_TZ)


@overload
def as_datetime(day: date) -> datetime: ...
@overload
def as_datetime(day: None) -> None: ...
@overload
def as_datetime(day: date | None) -> datetime | None: ...


def as_datetime(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(0, 0), tzinfo=CHINA_TZ)


def iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def guid_uri(guid: str, fallback: str) -> str:
    """A URI for a GUID: URIs pass through, UUIDs become urn:uuid:, otherwise a tag from `fallback`."""
    if not guid:
        return fallback
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", guid):
        return guid
    try:
        return uuid.UUID(guid).urn
    except ValueError:
        return f"urn:policy:{guid}"


def display_title(policy: PolicyContent) -> str:
    return f"【更正】{policy.title}" if policy.is_correction else policy.title


def host_of(url: str) -> str:
    """The lower-cased host of a URL, or "" when it has none or cannot be parsed."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
