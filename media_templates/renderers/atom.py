"""Atom (RFC 4287) for press partners: a standalone entry document, or a feed of entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from ..common import CHINA_TZ, as_datetime, display_title, guid_uri, render, resolve_style, version_created
from ..content import PolicyContent, SiteStyle, metadata_rows
from .html import sanitize_body

__all__ = ["ATOM_NS", "render_atom_entry", "render_atom_feed"]

ATOM_NS = "http://www.w3.org/2005/Atom"


def _fill_entry(entry: FeedEntry, policy: PolicyContent, style: SiteStyle) -> None:
    entry.id(guid_uri(policy.guid, policy.url))
    entry.title(display_title(policy))
    entry.updated(version_created(policy))
    if policy.date_published:
        entry.published(as_datetime(policy.date_published))
    entry.author({"name": policy.issuing_organ or style.organ_name, "uri": style.site_url or None})
    if policy.drafting_department and policy.drafting_department != policy.issuing_organ:
        entry.contributor({"name": policy.drafting_department})
    entry.link(href=policy.url, rel="alternate")  # replaced in _set_links (see there)
    if policy.summary:
        entry.summary(policy.summary)
    body = sanitize_body(policy.body_html, base_url=policy.url)
    content = render("atom/content.html", {"policy": policy, "metadata": metadata_rows(policy), "body": body})
    entry.content(content.strip(), type="html")
    if policy.topic:
        entry.category(term=policy.topic, label=policy.topic)
    entry.rights(f"© {policy.issuing_organ or style.organ_name}")


def _links(policy: PolicyContent) -> list[dict[str, str]]:
    links = [{"href": policy.url, "rel": "alternate", "type": "text/html", "hreflang": "zh-Hans"}]
    for a in policy.attachments:
        links.append(
            {
                "href": a.url,
                "rel": "enclosure",
                "type": a.content_type or "application/octet-stream",
                "title": a.title,
                "length": str(a.size or 0),
            }
        )
    for m in policy.materials:
        links.append({"href": m.url, "rel": "related", "type": "text/html", "title": f"{m.form_label}：{m.title}"})
    for r in policy.relations:  # 本文件废止《…》 / 本文件已废止，以《…》为准
        links.append({"href": r.url, "rel": "related", "type": "text/html", "title": r.statement})
    return links


def _set_links(entry: etree._Element, policy: PolicyContent) -> None:
    """feedgen 1.0.0 drops every link attribute but href (its loop variable shadows the dict)."""
    for old in entry.findall(f"{{{ATOM_NS}}}link"):
        entry.remove(old)
    for attrs in _links(policy):
        etree.SubElement(entry, f"{{{ATOM_NS}}}link", attrs)


def render_atom_entry(policy: PolicyContent, *, style: SiteStyle | None = None) -> str:
    """An Atom Entry Document: <entry xmlns="http://www.w3.org/2005/Atom"> as a UTF-8 XML string."""
    style = resolve_style(style, policy.publisher)
    feed = FeedGenerator()
    feed.id("urn:policy-platform:entry-wrapper")
    feed.title(style.site_name)
    feed.updated(version_created(policy))
    _fill_entry(feed.add_entry(), policy, style)
    root = etree.fromstring(feed.atom_str())
    entry = root.find(f"{{{ATOM_NS}}}entry")
    _set_links(entry, policy)
    etree.indent(entry, space="  ")
    xml: str = etree.tostring(entry, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml


def render_atom_feed(
    policies: Sequence[PolicyContent],
    *,
    feed_id: str,
    feed_url: str,
    title: str | None = None,
    style: SiteStyle | None = None,
    updated: datetime | None = None,
) -> str:
    """A feed of entries, newest first as given (a press partner's pull channel)."""
    style = resolve_style(style)
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title or f"{style.site_name} · 政策发布")
    feed.language("zh-Hans")
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    if style.site_url:
        feed.link(href=style.site_url, rel="alternate", type="text/html")
    feed.author({"name": style.organ_name})
    stamps = [version_created(p) for p in policies]
    feed.updated(updated or (max(stamps) if stamps else datetime(1970, 1, 1, tzinfo=CHINA_TZ)))
    for policy in reversed(policies):  # feedgen prepends each new entry
        _fill_entry(feed.add_entry(), policy, resolve_style(style, policy.publisher))
    root = etree.fromstring(feed.atom_str())
    for entry, policy in zip(root.findall(f"{{{ATOM_NS}}}entry"), policies, strict=True):
        _set_links(entry, policy)
    etree.indent(root, space="  ")
    document: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return document.decode("utf-8")
