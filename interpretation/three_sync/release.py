"""Releasing a bundle: the moment a policy or a material goes live, guarded and recorded in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from interpretation import audit
from interpretation.models import BundleRelease, MaterialPage, PolicyDocumentPage
from interpretation.signals import policy_bundle_released
from interpretation.three_sync.guard import (
    Actor,
    Clearance,
    ReleaseRefused,
    ThreeSyncViolation,
    acting_as,
    check_follow_up,
    check_release,
    current_actor,
    display_name,
)
from interpretation.three_sync.rules import OVERRIDE_DEADLINE_WORKING_DAYS
from interpretation.working_days.calendar import add_working_days

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from wagtail.models import Page, PageLogEntry, Revision

logger = logging.getLogger(__name__)

SCHEDULED_LOG_ACTION = "wagtail.publish.scheduled"

_releasing_policy: ContextVar[int | None] = ContextVar("releasing_policy", default=None)


@contextmanager
def _releasing(policy: PolicyDocumentPage) -> Iterator[None]:
    token = _releasing_policy.set(policy.pk)
    try:
        yield
    finally:
        _releasing_policy.reset(token)


def is_part_of_bundle_release(material: MaterialPage) -> bool:
    """True while release_bundle publishes this material together with its policy."""
    return _releasing_policy.get() is not None and _releasing_policy.get() == material.get_parent().pk


# -- the choke point: called from the page models' save() -------------------------------------------------


def goes_live(page: Page, update_fields: Iterable[str] | None) -> bool:
    """Does this save make a (new) revision of the page live?"""
    if not page.live or page._state.adding:
        return False
    if update_fields is not None and not {"live", "live_revision"} & set(update_fields):
        return False
    stored: tuple[bool, int | None] | None = (
        type(page).objects.filter(pk=page.pk).values_list("live", "live_revision_id").first()
    )
    return stored != (True, page.live_revision_id)


def _refuse_without_revision(page: Page, actor: Actor) -> None:
    """`page.live = True; page.save()` from a script: a page goes live only by publishing one of its revisions."""
    if page.live_revision_id is None:
        raise ReleaseRefused(page, None, [gettext("页面只能通过发布某一版本上线,请使用“发布”")], actor)


def save_policy_going_live(policy: PolicyDocumentPage, save: Callable[[], object]) -> object:
    """Guard, save and release in one transaction: refused means nothing of it is written."""
    revision = policy.live_revision
    actor = current_actor()
    _refuse_without_revision(policy, actor)
    with transaction.atomic():
        clearance = check_release(policy, revision, actor)
        result = save()
        release_bundle(policy, revision, clearance)
    return result


def save_material_going_live(material: MaterialPage, save: Callable[[], object]) -> object:
    if is_part_of_bundle_release(material):
        return save()  # the bundle's guard has passed it
    revision = material.live_revision
    actor = current_actor()
    _refuse_without_revision(material, actor)
    with transaction.atomic():
        check_follow_up(material, revision, actor)
        result = save()
        release_follow_up(material, revision, actor)
    return result


def publish_guarded(
    page: Page, publish: Callable[[], object], revision: Revision, user: User | None, log_action: bool | str
) -> object:
    """Run Wagtail's publish naming the actor; a refused scheduled publish is recorded instead of raised.

    `publish_scheduled` handles every due revision in one loop: one refusal must neither stop the others nor
    be retried every minute.
    """
    scheduled = log_action == SCHEDULED_LOG_ACTION
    actor = Actor(user=_scheduled_by(page, revision), scheduled=True) if scheduled else None
    actor = actor or (Actor(user=user) if user is not None else current_actor())
    with acting_as(actor):
        try:
            return publish()
        except ReleaseRefused as refusal:
            if not scheduled:
                raise
            record_refusal(refusal)
            type(revision).objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            logger.warning("Scheduled release of page %s refused: %s", page.pk, "; ".join(refusal.reasons))
            return None


def _scheduled_by(page: Page, revision: Revision) -> User | None:
    from wagtail.models import PageLogEntry

    entry = (
        PageLogEntry.objects.filter(page_id=page.pk, revision=revision, action="wagtail.publish.schedule")
        .select_related("user")
        .order_by("-timestamp")
        .first()
    )
    user: User | None = entry.user if entry else None
    return user


def check_schedule(page: Page, revision: Revision) -> None:
    """Scheduling is refused at once when the release would be: the editor hears it now, not at go-live."""
    page = page.specific
    actor = current_actor()
    if isinstance(page, PolicyDocumentPage):
        check_release(page, revision, actor)
    elif isinstance(page, MaterialPage) and page.get_parent().live:
        check_follow_up(page, revision, actor)


def record_refusal(refusal: ReleaseRefused) -> None:
    """The refusal in the page's history, in Chinese; written after the refused transaction rolled back."""
    actor = refusal.actor
    audit.record(
        refusal.page,
        audit.RELEASE_REFUSED,
        actor.user,
        reasons=refusal.reasons,
        revision=refusal.revision.pk if refusal.revision else None,
        scheduled=actor.scheduled,
        actor=actor.describe(),
    )


# -- what a release does ---------------------------------------------------------------------------------


def release_bundle(policy: PolicyDocumentPage, revision: Revision, clearance: Clearance) -> BundleRelease:
    """Publish the cleared materials with the policy that has just gone live, and record the release event."""
    first_release = not policy.releases.exists()
    user = clearance.actor.user
    with _releasing(policy):
        published = _publish_materials(policy, clearance.materials, user)
    if clearance.override:
        kind = BundleRelease.Kind.OVERRIDE
    else:
        kind = BundleRelease.Kind.RELEASE if first_release else BundleRelease.Kind.UPDATE
    release = BundleRelease.objects.create(
        policy=policy, kind=kind, policy_revision=revision, material_revisions=published, released_by=user
    )
    _record_release_facts(policy, clearance, published)
    policy_bundle_released.send(sender=PolicyDocumentPage, release=release)
    return release


def _publish_materials(policy: PolicyDocumentPage, materials: dict[str, int], user: User | None) -> dict[str, int]:
    published: dict[str, int] = {}
    for material in policy.materials:
        revision_id = materials.get(str(material.pk))
        if revision_id is None:
            continue  # unsigned, or added after signing: it waits for its own review as a follow-up
        material_revision = material.revisions.get(pk=revision_id)
        if material.live_revision_id != material_revision.pk:
            material_revision.publish(user=user, skip_permission_checks=True, log_action=True)
        published[str(material.pk)] = material_revision.pk
    return published


def _record_release_facts(policy: PolicyDocumentPage, clearance: Clearance, published: dict[str, int]) -> None:
    actor = clearance.actor
    user = actor.user
    updates: dict[str, Any] = {}
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
    if clearance.override:
        if policy.override_at is None:
            now = timezone.now()
            deadline = add_working_days(now, OVERRIDE_DEADLINE_WORKING_DAYS, body=policy.disclosing_body)
            updates.update(
                override_by=user,
                override_at=now,
                interpretation_due_at=deadline.due,
                interpretation_due_provisional=deadline.provisional,
            )
        # The clock may have been stopped by a follow-up since an earlier override: then no due date is named.
        due = updates.get("interpretation_due_at") or policy.interpretation_due_at
        audit.record(
            policy,
            audit.OVERRIDE,
            user,
            reason=policy.override_reason,
            due=due.isoformat() if due else None,
            actor=actor.describe(),
        )
    else:
        signer = clearance.signature.signed_by if clearance.signature else None
        audit.record(
            policy,
            audit.RELEASED_TOGETHER,
            user,
            materials=published,
            actor=actor.describe(),
            signed_by=display_name(signer),
        )
    PolicyDocumentPage.objects.filter(pk=policy.pk).update(**updates)
    for name, value in updates.items():
        setattr(policy, name, value)


def release_follow_up(material: MaterialPage, revision: Revision, actor: Actor) -> BundleRelease:
    """A material published after its policy: released as an update linked to the policy."""
    policy = material.get_parent().specific
    if not policy.live:
        raise ThreeSyncViolation(f"material {material.pk} published before its policy {policy.pk}")
    release = BundleRelease.objects.create(
        policy=policy,
        kind=BundleRelease.Kind.FOLLOW_UP if material.is_follow_up else BundleRelease.Kind.UPDATE,
        policy_revision=policy.live_revision,
        material_revisions={str(material.pk): revision.pk},
        released_by=actor.user,
        follow_up=material,
    )
    audit.record(
        policy, audit.FOLLOW_UP_ADDED, actor.user, material=material.pk, title=material.title, actor=actor.describe()
    )
    if policy.interpretation_due_at and policy.override_at:
        # The overdue clock stops once the missing interpretation has arrived.
        PolicyDocumentPage.objects.filter(pk=policy.pk).update(interpretation_due_at=None)
    policy_bundle_released.send(sender=PolicyDocumentPage, release=release)
    return release


@transaction.atomic
def withdraw_bundle(policy: PolicyDocumentPage, user: User | None = None) -> None:
    """Unpublishing a policy unpublishes its materials: none may stay live without it."""
    withdrawn: list[int] = []
    for material in MaterialPage.objects.child_of(policy).live().specific():
        material.unpublish(user=user, log_action=True)
        withdrawn.append(material.pk)
    audit.record(policy, audit.WITHDRAWN_TOGETHER, user, materials=withdrawn)


def overdue_overrides(now: datetime | None = None) -> QuerySet[PolicyDocumentPage]:
    """Policies released without interpretation whose interpretation is past due."""
    now = now or timezone.now()
    return PolicyDocumentPage.objects.filter(interpretation_due_at__lt=now).order_by("interpretation_due_at")


def pending_overrides() -> QuerySet[PolicyDocumentPage]:
    return PolicyDocumentPage.objects.filter(interpretation_due_at__isnull=False).order_by("interpretation_due_at")


def refused_schedules(days: int = 30) -> list[PageLogEntry]:
    """Scheduled releases the guard refused and nobody has released since: for the dashboard."""
    from datetime import timedelta

    from django.db.models import F, Q
    from wagtail.models import PageLogEntry

    since = timezone.now() - timedelta(days=days)
    entries = (
        PageLogEntry.objects.filter(action=audit.RELEASE_REFUSED, timestamp__gte=since, data__scheduled=True)
        .filter(Q(page__last_published_at__isnull=True) | Q(page__last_published_at__lt=F("timestamp")))
        .select_related("page")
        .order_by("-timestamp")
    )
    latest: dict[int, PageLogEntry] = {}
    for entry in entries:
        latest.setdefault(entry.page_id, entry)
    return list(latest.values())
