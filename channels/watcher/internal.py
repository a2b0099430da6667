"""内部转载: a body below (a town) republishes a policy its county released, from the platform's own copy.

Nothing is fetched: the draft copies the live policy (title, 文号, summary, body, attachment links) with the
county's attribution, a link to the original page and its public address, in the town's receiving department,
due one working day (on the town's calendar) after the county's first release. One draft per (town, policy),
by one click in the admin (``republish``) or by a town's ``InternalRepublicationRule`` when the county
releases (``on_policy_released``). A corrected re-release rewrites drafts nobody has touched and flags the
others as changed upstream, like an upstream source's edit.
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from bodies import scope
from bodies.models import DisclosingBody
from interpretation.bundle_content import page_url
from interpretation.models import BundleRelease, PolicyDocumentPage
from interpretation.working_days.calendar import add_working_days

from . import drafts
from .models import InternalRepublicationRule, RepublicationAttachment, RepublicationPage

logger = logging.getLogger(__name__)

DEADLINE_WORKING_DAYS = 1
LOG_ACTION = "watcher.internal_republication"


class RepublicationRefused(Exception):
    """An internal republication that may not be made; the message is Chinese, for the editor."""


def _body(policy: PolicyDocumentPage) -> DisclosingBody:
    """The releasing body (every saved policy has one: its department's)."""
    body = policy.disclosing_body
    if body is None:
        raise RepublicationRefused("原政策文件没有公开主体,无法转载。")
    return body


def release_time(policy: PolicyDocumentPage) -> dt.datetime:
    """When the county released the policy (its first release): the republication clock starts there."""
    first = BundleRelease.objects.filter(policy=policy).order_by("released_at").values_list("released_at", flat=True)
    return first.first() or policy.first_published_at or timezone.now()


def bodies_below(policy: PolicyDocumentPage):
    """The bodies that may republish the policy: every body under the one that released it."""
    below = _body(policy).descendant_ids() - {policy.disclosing_body_id}
    return DisclosingBody.objects.filter(pk__in=below)


def check(policy: PolicyDocumentPage, body: DisclosingBody, user=None) -> None:
    """Raise `RepublicationRefused` unless `user` (None: a rule) may republish `policy` into `body`."""
    if not (policy.live and policy.is_public):
        raise RepublicationRefused("只有已发布的主动公开政策文件可以转载。")
    if body.pk == policy.disclosing_body_id or policy.disclosing_body_id not in {b.pk for b in body.ancestors()}:
        raise RepublicationRefused(f"{body.name}不是{_body(policy).name}的下级主体,不能转载其政策。")
    if user is not None and not scope.may_act_for(user, body):
        raise RepublicationRefused(f"您无权为{body.name}转载。")


def _public_url(policy: PolicyDocumentPage) -> str:
    url = page_url(policy)
    if not url.startswith("http") or urlsplit(url).path in {"", "/"}:
        raise RepublicationRefused("原政策文件没有公开网址(站点未配置),无法转载。")
    return url


def _attachments(policy: PolicyDocumentPage, page_url: str) -> list[RepublicationAttachment]:
    root = page_url.split("/", 3)[:3]
    found = []
    for attachment in policy.attachments.select_related("document"):
        url = attachment.document.url
        absolute = url if url.startswith("http") else "/".join(root) + url
        found.append(RepublicationAttachment(title=attachment.display_title[:200], url=absolute[:500]))
    return found


def _copy(page: RepublicationPage, policy: PolicyDocumentPage) -> None:
    """What the town's page says: the county policy as released, attributed to the county."""
    url = _public_url(policy)
    page.title = policy.title[:255]
    page.source_level = ""
    page.source_organ = (policy.issuing_organ or _body(policy).name)[:100]
    page.original_url = url
    page.original_date = release_time(policy)
    page.document_number = policy.document_number
    page.summary = policy.summary
    page.body = policy.body
    page.topic_id = policy.topic_id
    page.attachments = _attachments(policy, url)


def existing(policy: PolicyDocumentPage, body: DisclosingBody) -> RepublicationPage | None:
    return RepublicationPage.objects.filter(original_policy=policy, disclosing_body=body).first()


def republish(
    policy: PolicyDocumentPage,
    body: DisclosingBody,
    *,
    user=None,
    department=None,
) -> tuple[RepublicationPage, bool]:
    """The body's draft of the policy, made now unless it exists: (page, created)."""
    check(policy, body, user)
    found = existing(policy, body)
    if found is not None:
        return found, False
    index = drafts.ensure_index()
    deadline = add_working_days(release_time(policy), DEADLINE_WORKING_DAYS, body=body)
    page = RepublicationPage(
        slug=f"p{policy.pk}-{body.slug}",
        live=False,
        disclosing_body=body,
        original_policy=policy,
        department=department or drafts.receiving_department(body),
        found_at=timezone.now(),
        deadline_at=deadline.due,
        deadline_provisional=deadline.provisional,
        deadline_warning=deadline.warning,
    )
    _copy(page, policy)
    try:
        with transaction.atomic():
            index.add_child(instance=page)
            # A machine copy: no person's revision, so a corrected re-release may still rewrite it.
            page.save_revision(user=None, log_action=False)
    except IntegrityError:  # made a moment ago by another click or the rule
        found = existing(policy, body)
        if found is None:
            raise
        return found, False
    log(instance=page, action=LOG_ACTION, user=user, data={"policy": policy.pk, "body": body.pk})
    return page, True


def _differences(page: RepublicationPage, policy: PolicyDocumentPage) -> list[str]:
    changed = []
    if page.title != policy.title[:255]:
        changed.append("标题")
    if page.document_number != policy.document_number:
        changed.append("文号")
    if page.summary != policy.summary:
        changed.append("摘要")
    if page.body != policy.body:
        changed.append("正文")
    return changed


def refresh(policy: PolicyDocumentPage, now: dt.datetime | None = None) -> None:
    """A re-released original reaches every body's copy: untouched drafts follow it, the others are flagged."""
    for page in RepublicationPage.objects.filter(original_policy=policy):
        latest = page.get_latest_revision_as_object()
        changed = _differences(latest, policy)
        if not changed:
            continue
        if drafts.touched_only_by_watcher(page):
            page = RepublicationPage.objects.select_for_update().get(pk=page.pk)
            _copy(page, policy)
            page.watcher_note = "已按原政策文件的更新自动更新草稿:" + "、".join(changed) + "。"
            page.save()
            page.save_revision(user=None, log_action=True)
        else:
            note = f"{_body(policy).name}更新了原政策文件:{'、'.join(changed)}。"
            drafts.flag_upstream_change(page, note, now)


def rules_for(policy: PolicyDocumentPage) -> list[InternalRepublicationRule]:
    rules = InternalRepublicationRule.objects.filter(enabled=True, from_body_id=policy.disclosing_body_id)
    return [rule for rule in rules.select_related("disclosing_body", "department") if rule.applies_to(policy)]


def on_policy_released(release: BundleRelease) -> list[RepublicationPage]:
    """After a release: refresh the copies, then draft for every body whose rule asks for this policy."""
    policy = release.policy
    if not (policy.live and policy.is_public):
        return []
    refresh(policy)
    created = []
    for rule in rules_for(policy):
        try:
            page, made = republish(policy, rule.disclosing_body, department=rule.department)
        except RepublicationRefused as refusal:  # e.g. a rule whose town was moved under another county
            logger.warning("Internal republication rule %s skipped for policy %s: %s", rule.pk, policy.pk, refusal)
            continue
        if made:
            created.append(page)
    return created
