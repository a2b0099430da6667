"""Atom feeds: released policies (through media_templates' renderer) and interpretation materials, of the
whole platform or of one body (its per-body feed, and every feed of its own site), in that body's name."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from django.db.models.functions import Length, Substr
from feedgen.feed import FeedGenerator
from wagtail.models import Page, Site

from bodies.models import DisclosingBody
from cms.foundation import links
from cms.models import SiteIdentity
from interpretation.bundle_content import page_url, policy_content
from interpretation.models import MaterialPage, PolicyDocumentPage
from interpretation.models.policy import public_policies
from media_templates.renderers.atom import render_atom_feed
from media_templates.style import load_style

FEED_SIZE = 20
FALLBACK_NAME = "政府网站"


def policies_feed(feed_url: str, body: DisclosingBody | None = None) -> str:
    """The latest policies of every body, or of `body`, whose name is then the feed's title and author."""

    policies = public_policies().select_related("topic", "drafting_department", "disclosing_body")
    if body is not None:
        policies = policies.filter(disclosing_body=body)
    platform = DisclosingBody.platform()
    contents = [policy_content(p, platform=platform) for p in policies.order_by("-last_published_at")[:FEED_SIZE]]
    name = _feed_name(body, platform)
    style = dataclasses.replace(load_style(), site_name=name, organ_name=name, site_url=links.site_root())
    return render_atom_feed(contents, feed_id=feed_url, feed_url=feed_url, title=f"{name} · 政策文件", style=style)


def public_materials():
    """Live materials whose policy is public: the only interpretations a reader may see."""

    return (
        MaterialPage.objects.live()
        .public()
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .filter(parent_path__in=public_policies().values("path"))
    )


def interpretations_feed(feed_url: str, body: DisclosingBody | None = None) -> str:

    materials = public_materials()
    if body is not None:
        materials = materials.filter(parent_path__in=public_policies().filter(disclosing_body=body).values("path"))
    materials = list(materials.order_by("-first_published_at")[:FEED_SIZE])
    policies = {
        p.path: p for p in PolicyDocumentPage.objects.filter(path__in={m.path[: -Page.steplen] for m in materials})
    }
    name = _feed_name(body, DisclosingBody.platform())
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(f"{name} · 政策解读")
    feed.language("zh-Hans")
    feed.link(href=feed_url, rel="self")
    feed.link(href=links.site_root(), rel="alternate")
    feed.author({"name": name})
    stamps = [m.last_published_at or m.first_published_at for m in materials]
    feed.updated(max(stamps) if stamps else datetime(2000, 1, 1, tzinfo=UTC))
    for material in reversed(materials):  # feedgen prepends each new entry
        policy = policies.get(material.path[: -Page.steplen])
        entry = feed.add_entry()
        entry.id(f"urn:policy:material-{material.pk}")
        entry.title(material.title)
        entry.link(href=page_url(material), rel="alternate")
        entry.published(material.first_published_at)
        entry.updated(material.last_published_at or material.first_published_at)
        entry.category(term=material.form, label=str(material.get_form_display()))
        entry.author({"name": material.interpreter_name or (policy.issuing_organ if policy else name)})
        summary = material.summary or material.title
        if policy is not None:
            summary = f"{summary}(原文:{policy.title})"
        entry.summary(summary)
    return feed.atom_str(pretty=True).decode("utf-8")


def _feed_name(body: DisclosingBody | None, platform: DisclosingBody | None) -> str:
    """The body's name, else the portal's (the platform body's, else the default site's setting)."""
    if body is not None:
        return body.name
    if platform is not None:
        return platform.name
    site = Site.objects.filter(is_default_site=True).first()
    return SiteIdentity.for_site(site).site_name if site else FALLBACK_NAME
