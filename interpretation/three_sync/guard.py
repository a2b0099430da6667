"""The release guard: the one check every way of making a policy or a material live passes through.

Wagtail makes a page live by saving `revision.as_object()` with `live=True` (edit form, 更多动作, bulk action,
workflow approval, `publish_scheduled`, copy, scripts): the page models call `check_release` /
`check_follow_up` from `save()`, so no path can go around them. A refusal is a `ReleaseRefused` carrying the
reasons in Chinese; nothing of the release is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cms.foundation import acting
from cms.foundation.acting import display_name
from interpretation.choices import RELEASE_WITHOUT_INTERPRETATION
from interpretation.three_sync import records
from interpretation.three_sync.rules import (
    disclosure_gaps,
    draft_materials,
    interpretation_gaps,
    material_problems,
    needs_openness_office,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from wagtail.models import Page, Revision

    from interpretation.models import BundleSignature, MaterialPage, PolicyDocumentPage


@dataclass(frozen=True)
class Actor:
    """Who makes a page live: the person who clicked, or the scheduler acting for whoever scheduled it."""

    user: User | None = None
    scheduled: bool = False

    @property
    def name(self) -> str:
        return display_name(self.user) if self.user else _("系统")

    def describe(self) -> str:
        if self.scheduled:
            return _("定时发布(由%(name)s安排)") % {"name": self.name}
        return self.name


_actor: ContextVar[Actor | None] = ContextVar("three_sync_actor", default=None)


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def current_actor() -> Actor:
    """The publisher named by `publish(user=...)`, else the signed-in user of this request, else nobody."""
    return _actor.get() or Actor(user=acting.request_user())


class ThreeSyncViolation(Exception):
    """An attempt to break the three-sync rule."""


class ReleaseRefused(ThreeSyncViolation):
    """The guard's refusal: which page, which revision, who tried, and why (in Chinese)."""

    def __init__(self, page: Page, revision: Revision | None, reasons: list[str], actor: Actor) -> None:
        self.page, self.revision, self.reasons, self.actor = page, revision, list(reasons), actor
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _("《%(title)s》未能发布:%(reasons)s。") % {"title": self.page.title, "reasons": ";".join(self.reasons)}


@dataclass
class Clearance:
    """What the guard allows: a release of these material revisions, or the document alone (override)."""

    actor: Actor
    override: bool = False
    signature: BundleSignature | None = None
    materials: dict[str, int] = field(default_factory=dict)


def may_sign(user: User | None, policy: PolicyDocumentPage) -> bool:
    """同步审签 is the drafting department's leader's act (or a superuser's)."""
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    department = policy.drafting_department
    return bool(department and department.leaders_id and user.groups.filter(pk=department.leaders_id).exists())


def openness_office_groups() -> QuerySet[Group]:
    from interpretation.workflows import OpennessOfficeReviewTask  # lazy: workflow tasks import the rule

    return Group.objects.filter(pk__in=OpennessOfficeReviewTask.objects.filter(active=True).values("groups"))


def is_openness_office(user: User | None) -> bool:
    if user is None or not user.is_active:
        return False
    return user.groups.filter(pk__in=openness_office_groups().values("pk")).exists()


def may_override(user: User | None, policy: PolicyDocumentPage) -> bool:
    return bool(
        user is not None
        and user.is_active
        and user.has_perm(RELEASE_WITHOUT_INTERPRETATION)
        and policy.requires_interpretation
        and policy.override_reason.strip()
    )


def check_release(policy: PolicyDocumentPage, revision: Revision, actor: Actor) -> Clearance:
    """May `actor` make this revision of the policy live, and with which materials? Raises ReleaseRefused.

    When it passes, the acts the release itself constitutes are written: a leader's publishing signs the current
    drafts, an openness office member's publishing approves the attribute.
    """
    user = actor.user
    reasons = list(disclosure_gaps(policy))
    office_needed = needs_openness_office(policy) and not records.disclosure_approved(policy, revision)
    office_acts = office_needed and is_openness_office(user)
    if office_needed and not office_acts:
        reasons.append(_("依申请公开或不予公开的文件须经政务公开办审核同意公开属性"))

    signature = records.signature_for(policy, revision)
    signs_now = signature is None and may_sign(user, policy)
    materials: dict[str, Revision]
    if signature is not None:
        materials = _signed_materials(policy, signature.material_revisions)
    elif signs_now:
        materials = _signed_materials(policy, _latest_material_revisions(policy))
    else:
        materials = {}
    unsigned = signature is None and not signs_now
    # Unsigned, nothing would go out with it; the drafts are still checked, so the reasons are complete.
    objects = draft_materials(policy) if unsigned else [signed.as_object() for signed in materials.values()]
    interpretation = interpretation_gaps(policy, objects)
    if not policy.requires_interpretation:
        interpretation += material_problems(objects)
    if unsigned:
        interpretation.insert(0, _("政策文件和解读材料未经起草部门负责人同步审签"))

    override = False
    if interpretation:
        if may_override(user, policy):
            override, materials = True, {}
        else:
            reasons += interpretation
            if user is not None and user.has_perm(RELEASE_WITHOUT_INTERPRETATION) and policy.requires_interpretation:
                reasons.append(_("如需不附解读先行发布,请填写无解读发布理由"))
    if reasons:
        raise ReleaseRefused(policy, revision, reasons, actor)

    if signs_now and not override:
        signature = records.sign_bundle(policy, revision, user, comment=_("发布时审签"))
    if office_acts:
        records.approve_disclosure(policy, revision, user, comment=_("政务公开办发布时审核"))
    return Clearance(
        actor=actor,
        override=override,
        signature=signature,
        materials={page_id: signed.pk for page_id, signed in materials.items()},
    )


def _latest_material_revisions(policy: PolicyDocumentPage) -> dict[str, int]:
    return {
        str(material.pk): material.latest_revision_id for material in policy.materials if material.latest_revision_id
    }


def _signed_materials(policy: PolicyDocumentPage, revision_ids: dict[str, int]) -> dict[str, Revision]:
    """Page id → the signed revision of each material; materials deleted since are left out."""
    from wagtail.models import Revision

    revisions = Revision.objects.filter(pk__in=list(revision_ids.values())).in_bulk()
    existing = {str(pk) for pk in policy.materials.values_list("pk", flat=True)}
    return {
        page_id: revisions[revision_id]
        for page_id, revision_id in revision_ids.items()
        if page_id in existing and revision_id in revisions
    }


def check_follow_up(material: MaterialPage, revision: Revision, actor: Actor) -> None:
    """A material published after its policy: the policy must be live, the material whole and signed."""
    policy = material.get_parent().specific
    reasons: list[str] = []
    if not policy.live:
        reasons.append(_("解读材料不能先于政策文件发布,请在政策文件上一并审签、同步发布"))
    reasons += material_problems([material])
    signed = records.follow_up_signed(material, revision)
    signs_now = not signed and may_sign(actor.user, policy)
    if not (signed or signs_now):
        reasons.append(_("追加解读材料须经起草部门负责人审签"))
    if reasons:
        raise ReleaseRefused(material, revision, reasons, actor)
    if signs_now:
        records.sign_follow_up(material, revision, actor.user, comment=_("发布时审签"))
