"""Which partners get a subject (push), and which releases a partner may pull: their type and topic filters.

What a subject says is the subject's own (channels.subjects); this module only decides who is entitled to it.
A partner with a document-type filter takes policies of those types only (republications and events have no
type); a topic filter matches a policy's topic, a republication's topic and an event's related policies' topics.
"""

from __future__ import annotations

from collections.abc import Iterable

from channels.subjects import Subject, as_subject
from interpretation.models import BundleRelease
from interpretation.models.policy import public_policies

from .models import PressPartner


def partners_for(release, *, mode: str) -> list[PressPartner]:
    """Active partners with `mode` ("webhook" or "email") whose type and topic filters match the subject."""
    subject = as_subject(release)
    if not subject.is_public():
        return []
    partners = PressPartner.objects.active().filter(**{f"{mode}_enabled": True}).prefetch_related("topics")
    if mode == "email":
        partners = partners.exclude(email="")
    if mode == "webhook":
        partners = partners.exclude(webhook_url="")
    return [p for p in partners if _receives(p, subject)]


def _receives(partner: PressPartner, subject: Subject) -> bool:
    topics: Iterable[int | None] = subject.topic_ids or {None}
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
        releases = releases.filter(policy__topic_id__in=topic_ids)
    return releases.select_related("policy", "policy_revision")
