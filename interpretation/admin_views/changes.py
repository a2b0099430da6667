"""What changed since the last signature: the leader signs a bundle again, and must see what is new in it.

Wagtail's revision comparison (the one behind 与上一版本比较) does the diffing, field by field and for inline
children (Q&A items, 图解 key points and images, attachments), so every page type compares by its own panels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wagtail.models import PageLogEntry, Revision

NEW, CHANGED, UNCHANGED, DELETED = "new", "changed", "unchanged", "deleted"
LABELS = {NEW: "新增", CHANGED: "有修改", UNCHANGED: "未修改", DELETED: "已删除"}


@dataclass
class Changes:
    """One page's changes against its signed revision; `fields` are Wagtail comparisons that changed."""

    status: str
    fields: list[Any] = field(default_factory=list)
    title: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.status]


#: Fields the release fills in when the drafter left them blank: not a change the leader has to sign again.
RELEASE_FILLED = {"date_published"}


def _worth_showing(diff) -> bool:
    field_ = getattr(diff, "field", None)
    return diff.has_changed() and not (field_ is not None and field_.name in RELEASE_FILLED and not diff.val_a)


def _compare(page, old, new, request) -> list[Any]:
    panel = page.get_edit_handler().get_bound_panel(instance=page, request=request, form=None)
    return [diff for comparison in panel.get_comparison() if _worth_showing(diff := comparison(old, new))]


def _changes(page, signed: Revision | None, draft, request) -> Changes:
    if signed is None:
        return Changes(NEW)
    if signed.pk == page.latest_revision_id:
        return Changes(UNCHANGED)
    fields = _compare(page, signed.as_object(), draft, request)
    return Changes(CHANGED if fields else UNCHANGED, fields)


def _material_signatures(policy) -> dict[str, int]:
    """Material page id → its most recently signed revision id, over every signature of the policy."""
    signed: dict[str, int] = {}
    for revisions in policy.signatures.order_by("signed_at", "pk").values_list("material_revisions", flat=True):
        signed.update(revisions)
    return signed


def since_last_signature(policy, draft, materials, request) -> dict[str, Any]:
    """The policy's and each material's changes since the last signature, and the materials signed then but
    deleted since (named from the page log, which outlives the page)."""
    last = policy.signatures.select_related("policy_revision", "signed_by").order_by("-signed_at", "-pk").first()
    if last is None:
        return {"signature": None, "policy": None, "materials": {}, "deleted": []}
    signed = _material_signatures(policy)
    revisions = Revision.objects.in_bulk([int(pk) for pk in signed.values()])
    material_changes = {
        material.pk: _changes(material, revisions.get(signed.get(str(material.pk), 0)), material, request)
        for material in materials
    }
    present = {str(material.pk) for material in materials}
    deleted = []
    for page_id in last.material_revisions:
        if page_id not in present:
            entry = PageLogEntry.objects.filter(page_id=int(page_id)).order_by("-timestamp").first()
            deleted.append(Changes(DELETED, title=entry.label if entry else f"解读材料 #{page_id}"))
    return {
        "signature": last,
        "policy": _changes(policy, last.policy_revision, draft, request),
        "materials": material_changes,
        "deleted": deleted,
    }
