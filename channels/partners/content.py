"""What a partner gets for one subject (a policy release, a republication, an event phase), and which
partners get it.

The content (the signed revisions, public only) comes from the subject (channels.subjects), shared with
every channel; this module adds what only partners need: attachment bytes and the interpretation as files
for e-mail, and the partners' type and topic filters.
"""

from __future__ import annotations

import dataclasses
import logging
from html import escape

from django.db.models import Q
from wagtail.rich_text import expand_db_html

from channels.release_content import is_public_release, released_policy
from channels.subjects import as_subject
from interpretation.models import BundleRelease
from interpretation.models.policy import public_policies
from media_templates.content import PolicyContent
from media_templates.renderers.html import sanitize_body

from .models import PressPartner

logger = logging.getLogger(__name__)
__all__ = ["is_public_release", "partners_for", "released_policy", "releases_for", "with_attachment_data"]

EVENT_TYPES = {
    BundleRelease.Kind.RELEASE: "policy.released",
    BundleRelease.Kind.OVERRIDE: "policy.released",
    BundleRelease.Kind.UPDATE: "policy.updated",
    BundleRelease.Kind.FOLLOW_UP: "policy.interpretation_added",
}


def with_attachment_data(content: PolicyContent, release, budget: int) -> PolicyContent:
    """Read the attached documents' bytes for e-mail, in order, while they fit in `budget` bytes.

    Attachments that are only links (a republication's, on the upstream site) travel as links."""
    subject = as_subject(release)
    attachments = []
    for ref, document in zip(content.attachments, subject.attachment_documents(), strict=True):
        size = (document.file_size or 0) if document is not None else budget + 1
        data = None
        if size <= budget:
            try:
                with document.file.open("rb") as handle:
                    data = handle.read()
                budget -= len(data)
            except OSError as exc:  # a missing file is listed with its link instead
                logger.warning("Attachment %s of %r unreadable: %s", document.pk, subject, exc)
        attachments.append(dataclasses.replace(ref, data=data))
    return dataclasses.replace(content, attachments=tuple(attachments))


def interpretation_documents(release) -> list[tuple[str, str]]:
    """(filename, HTML) for each material with text (文字解读, 问答, 实录), to travel with the e-mail."""
    documents = []
    for index, material in enumerate(as_subject(release).materials(), 1):
        parts = []
        if getattr(material, "body", ""):
            parts.append(expand_db_html(material.body))
        qa_pairs = material.qa_pairs.all() if hasattr(material, "qa_pairs") else ()
        for pair in qa_pairs:
            parts.append(f"<h2>问:{escape(pair.question)}</h2>{expand_db_html(pair.answer)}")
        if getattr(material, "transcript", ""):
            parts.append(expand_db_html(material.transcript))
        if not parts:
            continue
        body = sanitize_body("".join(parts))
        title = escape(material.title)
        html = (
            f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><h1>{title}</h1>{body}</body></html>"
        )
        documents.append((f"政策解读{index}.html", html))
    return documents


# -- who is entitled to what ------------------------------------------------------------------
def partners_for(release, *, mode: str) -> list[PressPartner]:
    """Active partners with `mode` ("webhook" or "email") whose type and topic filters match the subject.

    A partner with a document-type filter takes policies of those types only (republications and events have
    no type); a topic filter matches a republication's topic and an event's related policies' topics.
    """
    subject = as_subject(release)
    if not subject.is_public():
        return []
    partners = PressPartner.objects.active().filter(**{f"{mode}_enabled": True}).prefetch_related("topics")
    if mode == "email":
        partners = partners.exclude(email="")
    if mode == "webhook":
        partners = partners.exclude(webhook_url="")
    return [p for p in partners if _receives(p, subject)]


def _receives(partner: PressPartner, subject) -> bool:
    topics = subject.topic_ids or {None}
    return any(partner.receives(subject.document_type, topic_id) for topic_id in topics)


def releases_for(partner: PressPartner):
    """Releases of public policies matching the partner's filters, by id (the pull cursor's order).

    Filters use the live page (it is public now); the released revision is checked again per item.
    """
    releases = BundleRelease.objects.filter(policy__in=public_policies()).order_by("pk")
    if partner.document_types:
        releases = releases.filter(policy__document_type__in=partner.document_types)
    topic_ids = list(partner.topics.values_list("pk", flat=True))
    if topic_ids:
        releases = releases.filter(Q(policy__topic_id__in=topic_ids))
    return releases.select_related("policy", "policy_revision")
