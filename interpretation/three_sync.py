"""三同步: a policy, its interpretation plan and materials are organized, signed and released together.

Every check and state change of the rule lives here; forms, workflow tasks and signal handlers only call it.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar

import django.dispatch
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from interpretation import audit
from interpretation.choices import DisclosureAttribute
from interpretation.models import BundleRelease, BundleSignature, MaterialPage, PolicyDocumentPage

logger = logging.getLogger(__name__)

#: Sent inside the publishing transaction; receivers (the delivery ledger) write their rows in it too.
policy_bundle_released = django.dispatch.Signal()

OVERRIDE_DEADLINE_WORKING_DAYS = 3

_releasing_policy: ContextVar[int | None] = ContextVar("releasing_policy", default=None)


@contextmanager
def _releasing(policy):
    token = _releasing_policy.set(policy.pk)
    try:
        yield
    finally:
        _releasing_policy.reset(token)


def is_part_of_bundle_release(material) -> bool:
    """True while release_bundle publishes this material together with its policy."""
    return _releasing_policy.get() is not None and _releasing_policy.get() == material.get_parent().pk


class ThreeSyncViolation(Exception):
    """An attempt to break the rule that got past the admin forms (a script, a scheduled job)."""


def disclosure_gaps(policy: PolicyDocumentPage) -> list[str]:
    """Every document needs its disclosure attribute, and a legal reason unless proactive: no override exists."""
    if not policy.disclosure_attribute:
        return [_("未明确公开属性")]
    if policy.disclosure_attribute != DisclosureAttribute.PROACTIVE and not policy.withholding_reason.strip():
        return [_("依申请公开或不予公开须说明理由")]
    return []


def interpretation_gaps(policy: PolicyDocumentPage, materials=None) -> list[str]:
    """What the interpretation side lacks; only this part may be overridden, with a reason."""
    if not policy.requires_interpretation:
        return []
    gaps = []
    plan_missing = policy.plan_gaps()
    if plan_missing:
        gaps.append(_("解读方案缺少:%(items)s") % {"items": "、".join(plan_missing)})
    if materials is None:
        materials = list(policy.materials) if policy.pk else []
    if not materials:
        gaps.append(_("至少需要一份解读材料(先保存草稿,再在本文件下添加解读材料)"))
    return gaps


def bundle_gaps(policy: PolicyDocumentPage, materials=None) -> list[str]:
    """What the bundle still lacks before it may be submitted or released, in Chinese; empty when complete."""
    return disclosure_gaps(policy) + interpretation_gaps(policy, materials)


def gate_message(gaps: list[str]) -> str:
    return _("三同步要求未满足,无法提交:") + ";".join(gaps) + "。"


def needs_openness_office(policy: PolicyDocumentPage) -> bool:
    return bool(policy.disclosure_attribute) and policy.disclosure_attribute != DisclosureAttribute.PROACTIVE


def sign_bundle(policy: PolicyDocumentPage, revision, user, comment: str = "") -> BundleSignature:
    """Record that `user` signed this policy revision together with the current draft of every material."""
    materials = {
        str(material.pk): material.get_latest_revision().pk
        for material in policy.materials
        if material.get_latest_revision() is not None
    }
    signature = BundleSignature.objects.create(
        policy=policy, policy_revision=revision, material_revisions=materials, signed_by=user, comment=comment
    )
    audit.record(policy, audit.SIGNED, user, revision=revision.pk, materials=materials, comment=comment)
    return signature


def signature_for(policy: PolicyDocumentPage, revision) -> BundleSignature | None:
    return policy.signatures.filter(policy_revision=revision).order_by("-signed_at").first()


@transaction.atomic
def release_bundle(policy: PolicyDocumentPage, revision, user=None) -> BundleRelease | None:
    """Publish the signed materials with the policy that has just gone live, and record the release event."""
    if not policy.live:  # scheduling a never-published page also sends page_published
        return None
    first_release = not policy.releases.exists()
    signature = signature_for(policy, revision)
    if signature is None:
        # Published directly by someone with publish rights: their act signs the current drafts.
        signature = sign_bundle(policy, revision, user, comment=_("直接发布"))

    with _releasing(policy):
        published = _publish_signed_materials(policy, signature, user)

    overridden = bool(policy.override_reason.strip()) and policy.requires_interpretation and not published
    if overridden:
        kind = BundleRelease.Kind.OVERRIDE
    else:
        kind = BundleRelease.Kind.RELEASE if first_release else BundleRelease.Kind.UPDATE
    release = BundleRelease.objects.create(
        policy=policy, kind=kind, policy_revision=revision, material_revisions=published, released_by=user
    )
    _record_release_facts(policy, user, published, overridden)
    policy_bundle_released.send(sender=PolicyDocumentPage, release=release)
    return release


def _publish_signed_materials(policy, signature, user) -> dict:
    published = {}
    for material in policy.materials:
        revision_id = signature.material_revisions.get(str(material.pk))
        if revision_id is None:
            continue  # added after signing: it waits for its own review as a follow-up
        material_revision = material.revisions.get(pk=revision_id)
        if material.live_revision_id != material_revision.pk:
            material_revision.publish(user=user, skip_permission_checks=True, log_action=True)
        published[str(material.pk)] = material_revision.pk
    return published


def _record_release_facts(policy, user, published, overridden):
    updates = {}
    if not policy.date_published:
        updates["date_published"] = timezone.localdate()
    if policy.released_disclosure_attribute and policy.released_disclosure_attribute != policy.disclosure_attribute:
        audit.record(
            policy,
            audit.ATTRIBUTE_CHANGED,
            user,
            old=policy.released_disclosure_attribute,
            new=policy.disclosure_attribute,
            reason=policy.attribute_change_reason,
        )
    updates["released_disclosure_attribute"] = policy.disclosure_attribute
    if overridden and policy.override_at is None:
        from interpretation.working_days.calendar import add_working_days

        now = timezone.now()
        deadline = add_working_days(now, OVERRIDE_DEADLINE_WORKING_DAYS)
        updates.update(
            override_by=user,
            override_at=now,
            interpretation_due_at=deadline.due,
            interpretation_due_provisional=deadline.provisional,
        )
        audit.record(policy, audit.OVERRIDE, user, reason=policy.override_reason, due=deadline.due.isoformat())
    else:
        audit.record(policy, audit.RELEASED_TOGETHER, user, materials=published)
    PolicyDocumentPage.objects.filter(pk=policy.pk).update(**updates)
    for field, value in updates.items():
        setattr(policy, field, value)


@transaction.atomic
def release_follow_up(material: MaterialPage, revision, user=None) -> BundleRelease:
    """A material published after its policy: released as an update linked to the policy."""
    policy = material.get_parent().specific
    if not policy.live:
        raise ThreeSyncViolation(f"material {material.pk} published before its policy {policy.pk}")
    release = BundleRelease.objects.create(
        policy=policy,
        kind=BundleRelease.Kind.FOLLOW_UP if material.is_follow_up else BundleRelease.Kind.UPDATE,
        policy_revision=policy.live_revision,
        material_revisions={str(material.pk): revision.pk},
        released_by=user,
    )
    audit.record(policy, audit.FOLLOW_UP_ADDED, user, material=material.pk, title=material.title)
    if policy.interpretation_due_at and policy.override_at:
        # The overdue clock stops once the missing interpretation has arrived.
        PolicyDocumentPage.objects.filter(pk=policy.pk).update(interpretation_due_at=None)
    policy_bundle_released.send(sender=PolicyDocumentPage, release=release)
    return release


@transaction.atomic
def withdraw_bundle(policy: PolicyDocumentPage, user=None) -> None:
    """Unpublishing a policy unpublishes its materials: none may stay live without it."""
    withdrawn = []
    for material in MaterialPage.objects.child_of(policy).live().specific():
        material.unpublish(user=user, log_action=True)
        withdrawn.append(material.pk)
    audit.record(policy, audit.WITHDRAWN_TOGETHER, user, materials=withdrawn)


def overdue_overrides(now=None):
    """Policies released without interpretation whose interpretation is past due."""
    now = now or timezone.now()
    return PolicyDocumentPage.objects.filter(interpretation_due_at__lt=now).order_by("interpretation_due_at")


def pending_overrides():
    return PolicyDocumentPage.objects.filter(interpretation_due_at__isnull=False).order_by("interpretation_due_at")
