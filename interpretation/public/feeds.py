"""Atom feeds: released policies (through media_templates' renderer) and interpretation materials."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.db.models.functions import Length, Substr
from feedgen.feed import FeedGenerator
from wagtail.models import Page

from cms.models import SiteIdentity
from interpretation.bundle_content import page_url, policy_content
from interpretation.models import MaterialPage, PolicyDocumentPage
from interpretation.models.policy import public_policies
from media_templates.renderers.atom import render_atom_feed

FEED_SIZE = 20


def policies_feed(feed_url: str) -> str:

    policies = public_policies().select_related("topic", "drafting_department").order_by("-last_published_at")
    contents = [policy_content(policy) for policy in policies[:FEED_SIZE]]
    return render_atom_feed(contents, feed_id=feed_url, feed_url=feed_url, title=f"{_site_name()} · 政策文件")


def public_materials():
    """Live materials whose policy is public: the only interpretations a reader may see."""

    return (
        MaterialPage.objects.live()
        .public()
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .filter(parent_path__in=public_policies().values("path"))
    )


def interpretations_feed(feed_url: str) -> str:

    materials = list(public_materials().order_by("-first_published_at")[:FEED_SIZE])
    policies = {
        p.path: p for p in PolicyDocumentPage.objects.filter(path__in={m.path[: -Page.steplen] for m in materials})
    }
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(f"{_site_name()} · 政策解读")
    feed.language("zh-Hans")
    feed.link(href=feed_url, rel="self")
    feed.link(href=settings.SITE_URL + "/", rel="alternate")
    feed.author({"name": _site_name()})
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
        entry.author({"name": material.interpreter_name or (policy.issuing_organ if policy else _site_name())})
        summary = material.summary or material.title
        if policy is not None:
            summary = f"{summary}(原文:{policy.title})"
        entry.summary(summary)
    return feed.atom_str(pretty=True).decode("utf-8")


def _site_name() -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return SiteIdentity.for_site(site).site_name if site else "政府网站"
