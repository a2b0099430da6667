"""A policy bundle release (interpretation.BundleRelease) as a subject: the policy as signed for the release and
its materials as of it.

Rebuilt from the release row (the signed revisions), so a retried delivery renders the same payload and a later
draft never leaks to a channel. Only proactively disclosed (主动公开) policies leave the website. The page's own
mapping to PolicyContent is interpretation's (interpretation.bundle_content, also behind its bundle preview).
"""

from __future__ import annotations

import dataclasses
from functools import cached_property

from wagtail.models import Revision

from channels.models import Delivery
from interpretation.bundle_content import policy_content
from interpretation.choices import DisclosureAttribute
from interpretation.models import BundleRelease, MaterialPage, PolicyDocumentPage
from interpretation.models.policy import public_policies
from media_templates.content import PolicyContent

from .base import POLICY, WECHAT, Subject

#: The webhook event type of each kind of release (a correction is "policy.corrected").
EVENT_TYPES = {
    BundleRelease.Kind.RELEASE: "policy.released",
    BundleRelease.Kind.OVERRIDE: "policy.released",
    BundleRelease.Kind.UPDATE: "policy.updated",
    BundleRelease.Kind.FOLLOW_UP: "policy.interpretation_added",
}
#: Rows that do not count as an article on WeChat.
_NO_ARTICLE = (Delivery.State.FAILED, Delivery.State.CANCELLED, Delivery.State.RETRACTED)


class PolicySubject(Subject):
    kind = POLICY
    field = "release"

    @property
    def page_id(self) -> int:
        return self.row.policy_id

    @property
    def memo_key(self) -> tuple:
        return (POLICY, self.row.pk, self.row.policy_revision_id, self.row.released_at.isoformat())

    @property
    def label(self) -> str:
        return "政策"

    @property
    def title(self) -> str:
        return self.row.policy.title

    def display_title(self, options: dict | None = None) -> str:
        return self.title

    @property
    def page(self):
        return self.row.policy.specific

    # -- as released ----------------------------------------------------------------------------------------
    @cached_property
    def released_policy(self) -> PolicyDocumentPage:
        """The policy as signed for this release (its revision)."""
        return self.row.policy_revision.as_object()

    @cached_property
    def released_materials(self) -> list[MaterialPage]:
        """The latest released revision of each material still live, as of this release, in page order."""
        revisions: dict[str, int] = {}
        earlier = BundleRelease.objects.filter(policy_id=self.row.policy_id, pk__lte=self.row.pk).order_by("pk")
        for material_revisions in earlier.values_list("material_revisions", flat=True):
            revisions.update(material_revisions or {})
        pages = MaterialPage.objects.live().filter(pk__in=[int(pk) for pk in revisions]).order_by("path")
        by_id = {r.pk: r for r in Revision.objects.filter(pk__in=revisions.values())}
        return [by_id[revisions[str(p.pk)]].as_object() for p in pages if revisions[str(p.pk)] in by_id]

    def released_proactively(self) -> bool:
        """The signed revision itself was 主动公开 (asked by every partner row of the release: shared)."""
        attribute = self.shared(("disclosure",), lambda: self.released_policy.disclosure_attribute)
        return attribute == DisclosureAttribute.PROACTIVE

    def check_public(self) -> bool:
        """Public as released and as it stands now (a withdrawn or re-classified policy goes nowhere)."""
        return self.released_proactively() and public_policies().filter(pk=self.row.policy_id).exists()

    def is_pullable(self) -> bool:
        """The pull's stream chose policies public now; the signed revision itself must have been proactive."""
        return self.released_proactively()

    @property
    def not_public_message(self) -> str:
        return "该政策文件已撤回或不再主动公开,不得分发"

    # -- the content ----------------------------------------------------------------------------------------
    def build_content(self, options: dict) -> PolicyContent:
        policy, release = self.released_policy, self.row
        content = policy_content(policy, materials=self.released_materials, version=release.pk)
        # The revision was signed before the release set the live page's publication date.
        published = policy.date_published or release.policy.date_published or release.released_at.date()
        return dataclasses.replace(content, date_published=published, updated_at=release.released_at)

    def event_type(self, options: dict | None = None) -> str:
        return "policy.corrected" if (options or {}).get("correction") else EVENT_TYPES[self.row.kind]

    def materials(self) -> list:
        return list(self.released_materials)

    def attachment_documents(self) -> list:
        return [item.document for item in self.released_policy.attachments.all()]

    # -- routing --------------------------------------------------------------------------------------------
    def wants(self, channel: str) -> bool:
        if channel == WECHAT:
            return WECHAT in (self.released_policy.plan_channels or [])
        return super().wants(channel)

    def makes_article(self) -> bool:
        kinds = {self.row.Kind.RELEASE, self.row.Kind.OVERRIDE, self.row.Kind.FOLLOW_UP}
        has_article = Delivery.objects.filter(page_id=self.page_id, channel=WECHAT).exclude(state__in=_NO_ARTICLE)
        return self.row.kind in kinds or not has_article.exists()

    @property
    def document_type(self) -> str | None:
        return self.released_policy.document_type

    @property
    def topic_ids(self) -> set[int]:
        return {self.released_policy.topic_id} if self.released_policy.topic_id else set()
