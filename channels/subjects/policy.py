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
from interpretation.choices import SUPERSEDED_VALIDITY, DisclosureAttribute
from interpretation.models import BundleRelease, MaterialPage, PolicyDocumentPage
from interpretation.models.policy import public_policies
from media_templates.content import PolicyContent

from . import follow_up
from .base import FOLLOW_UP_ITEM, PARTNER_CHANNELS, POLICY, WECHAT, Subject

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
        if self.is_item(options) and self.row.follow_up is not None:
            return follow_up.item_title(self.row.follow_up)
        return self.title

    def is_item(self, options: dict | None) -> bool:
        """A row of a follow-up release delivering the follow-up as its own item (not the policy's update)."""
        return bool((options or {}).get(FOLLOW_UP_ITEM)) and self.row.is_follow_up

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
        content = policy_content(policy, materials=self.released_materials, version=self.item_version())
        # The revision was signed before the release set the live page's publication date.
        published = policy.date_published or release.policy.date_published or release.released_at.date()
        content = dataclasses.replace(content, date_published=published, updated_at=release.released_at)
        if not self.is_item(options):
            return content
        return follow_up.follow_up_content(content, policy, self.follow_up_material(), self.follow_up_version())

    def follow_up_material(self):
        """The follow-up as released (its revision in the bundle), or the page when the bundle lacks it."""
        material = next((m for m in self.released_materials if m.pk == self.row.follow_up_id), None)
        return material or self.row.follow_up.specific

    def item_version(self) -> int:
        """The policy is one item: its first release is version 1, each later release (a follow-up, an update)
        one more; a correction re-sends its release's version."""
        releases = BundleRelease.objects.filter(policy_id=self.row.policy_id, pk__lte=self.row.pk)
        return int(self.shared(("version",), releases.count))

    def follow_up_version(self) -> int:
        """A follow-up material is an item of its own: its first release is version 1."""
        releases = BundleRelease.objects.filter(follow_up_id=self.row.follow_up_id, pk__lte=self.row.pk)
        return int(self.shared(("follow_up_version",), releases.count))

    def ninjs(self, options: dict | None = None) -> dict:
        document = super().ninjs(options)
        if not self.is_item(options):
            return document
        policy_options = {key: value for key, value in (options or {}).items() if key != FOLLOW_UP_ITEM}
        return follow_up.item_ninjs(document, self.content(policy_options))

    def event_type(self, options: dict | None = None) -> str:
        if (options or {}).get("correction"):
            return "policy.corrected"
        if self.row.is_follow_up:  # the policy's update, and the follow-up's own item
            return "policy.interpretation_added" if self.is_item(options) else "policy.updated"
        return EVENT_TYPES[self.row.kind]

    def retraction_type(self, options: dict | None = None) -> str:
        """A follow-up's own item is withdrawn by itself; the policy it explains stays with the partner."""
        return "policy.interpretation_retracted" if self.is_item(options) else super().retraction_type(options)

    def materials(self) -> list:
        return list(self.released_materials)

    def item_materials(self, options: dict | None = None) -> list:
        """A follow-up's own item carries the follow-up alone (the policy's update carries the whole bundle)."""
        return [self.follow_up_material()] if self.is_item(options) else self.materials()

    def attachment_documents(self) -> list:
        return [item.document for item in self.released_policy.attachments.all()]

    # -- routing --------------------------------------------------------------------------------------------
    def wants(self, channel: str) -> bool:
        """WeChat: a follow-up only when the releaser chose an article for it (it would repeat the policy's
        headline to followers otherwise); anything else when the plan lists WeChat and the policy is still 有效."""
        if channel == WECHAT:
            if self.row.wechat_article:
                return True
            if self.row.is_follow_up:
                return False
            return not self.no_longer_valid() and WECHAT in (self.released_policy.plan_channels or [])
        return super().wants(channel)

    def no_longer_valid(self) -> bool:
        """废止, 失效 or 已修改, as released or as it stands now: followers get no new article about it."""
        return {self.released_policy.validity, self.row.policy.validity} & SUPERSEDED_VALIDITY != set()

    def makes_article(self) -> bool:
        if self.row.is_follow_up:
            return bool(self.row.wechat_article)
        kinds = {self.row.Kind.RELEASE, self.row.Kind.OVERRIDE, self.row.Kind.FOLLOW_UP}
        has_article = Delivery.objects.filter(page_id=self.page_id, channel=WECHAT).exclude(state__in=_NO_ARTICLE)
        return self.row.kind in kinds or not has_article.exists()

    def row_variants(self, channel: str) -> list[tuple[str, dict]]:
        """A follow-up: partners get the policy's update and the follow-up's own item; a chosen WeChat article
        is the follow-up's item (its own title); the website's one row purges the policy and the new page.

        E-mail partners get both too, as two messages: a desk acts on one clear message per new item (the
        second's subject is 【追加解读】 and the material's title, not the policy's headline again), and each
        message's X-Policy-URI / X-Policy-Version count like the webhook's, so a gap check works on e-mail."""
        if not self.row.is_follow_up:
            return super().row_variants(channel)
        if channel == WECHAT:
            return [("", {FOLLOW_UP_ITEM: True})]
        if channel in PARTNER_CHANNELS:
            return [("", {}), (":item", {FOLLOW_UP_ITEM: True})]
        return super().row_variants(channel)

    @property
    def document_type(self) -> str | None:
        return self.released_policy.document_type

    @property
    def topic_ids(self) -> set[int]:
        return {self.released_policy.topic_id} if self.released_policy.topic_id else set()
