"""A policy bundle release (interpretation.BundleRelease) as a subject."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from media_templates.content import PolicyContent

from .base import POLICY, WECHAT, Subject


class PolicySubject(Subject):
    kind = POLICY
    field = "release"

    def row_fields(self) -> dict[str, Any]:
        return {"release": self.row, "policy_id": self.row.policy_id}

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

    def check_public(self) -> bool:
        from channels.release_content import is_public_release

        return is_public_release(self.row)

    @property
    def not_public_message(self) -> str:
        return "该政策文件已撤回或不再主动公开,不得分发"

    def content(self, options: dict | None = None) -> PolicyContent:
        from channels.release_content import release_content

        return release_content(self.row, options)

    def event_type(self, options: dict | None = None) -> str:
        from channels.partners.content import EVENT_TYPES

        return "policy.corrected" if (options or {}).get("correction") else EVENT_TYPES[self.row.kind]

    def materials(self) -> list:
        from channels.release_content import released_materials

        return released_materials(self.row)

    def attachment_documents(self) -> list:
        from channels.release_content import released_policy

        return [item.document for item in released_policy(self.row).attachments.all()]

    @cached_property
    def _policy(self):
        from channels.release_content import released_policy

        return released_policy(self.row)

    def wants(self, channel: str) -> bool:
        if channel == WECHAT:
            return WECHAT in (self._policy.plan_channels or [])
        return super().wants(channel)

    def makes_article(self) -> bool:
        from channels.models import Delivery

        kinds = {self.row.Kind.RELEASE, self.row.Kind.OVERRIDE, self.row.Kind.FOLLOW_UP}
        has_article = Delivery.objects.filter(policy_id=self.row.policy_id, channel=WECHAT).exclude(
            state__in=("failed", "cancelled", "retracted")
        )
        return self.row.kind in kinds or not has_article.exists()

    @property
    def document_type(self) -> str | None:
        return self._policy.document_type

    @property
    def topic_ids(self) -> set[int]:
        return {self._policy.topic_id} if self._policy.topic_id else set()
