"""What a person may do to deliveries: retry, cancel, retract, choose mass send, send tomorrow after a quota
refusal, send a correction, re-enable a target.

Each needs the permission 可向渠道分发 (interpretation.release_to_channels), changes rows only by conditional
updates (a worker may hold them), is written into the row's attempt log with the person's name, and rings
the bell after commit.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from channels import bells
from channels.adapters.base import ErrorClass, get_adapter
from channels.adapters.wechat import mass_send_id
from channels.ledger.rows import new_row, ring_after_commit
from channels.ledger.runs import adapter_options
from channels.models import ChannelTargetState, Delivery, DeliveryAttempt
from channels.subjects import UPDATE_OPTION, as_subject
from channels.wechat import quota
from interpretation.choices import RELEASE_TO_CHANNELS
from interpretation.models import PolicyDocumentPage
from security import audit

State = Delivery.State
RETRYABLE = (State.FAILED, State.CANCELLED, State.RETRYING, State.DEFERRED, State.PENDING)
CANCELLABLE = (State.PENDING, State.RETRYING, State.DEFERRED, State.FAILED, State.SUBMITTED, State.IN_PROGRESS)


class ActionRefused(Exception):
    """The action is not allowed now; `message_zh` says why."""

    def __init__(self, message_zh: str):
        super().__init__(message_zh)
        self.message_zh = message_zh


def can_release(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(RELEASE_TO_CHANNELS)))


def _require(user):
    if not can_release(user):
        raise ActionRefused("您没有“可向渠道分发”权限，不能执行此操作。")


def _log(delivery_id: int, user, message_zh: str, action: str = "") -> None:
    """The row's attempt log and, when `action` names it, the audit log (channel.<action>)."""
    name = (user.get_full_name() or user.get_username()) if user else "系统"
    if action:
        audit.record(
            f"channel.{action}",
            actor=user,
            target=Delivery.objects.filter(pk=delivery_id).first(),
            detail={"delivery": delivery_id, "message": message_zh},
        )
    DeliveryAttempt.objects.create(
        delivery_id=delivery_id,
        started_at=timezone.now(),
        outcome=DeliveryAttempt.Outcome.ACTION,
        message_zh=f"{name}:{message_zh}",
        worker=f"user:{user.get_username()}" if user else "",
    )


def _reopen(queryset) -> list[int]:
    ids = list(queryset.values_list("pk", flat=True))
    queryset.update(
        state=State.RETRYING,
        attempts=0,
        next_attempt_at=timezone.now(),
        offered_at=None,
        lease_owner="",
        lease_expires_at=None,
        updated_at=timezone.now(),
    )
    return ids


@transaction.atomic
def retry(delivery: Delivery, user) -> None:
    """Try again now, with a fresh count of attempts; the row resumes from its checkpoints (what the channel no
    longer takes of them, such as a WeChat cover deleted meanwhile, the adapter makes again)."""
    _require(user)
    paused = ChannelTargetState.objects.filter(channel=delivery.channel, target=delivery.target, enabled=False).first()
    if paused is not None:
        raise ActionRefused(
            f"{paused.target_label}已暂停:{paused.reason_zh or '配置错误'}。请管理员修复后重新启用,本条随之继续。"
        )
    if not _reopen(Delivery.objects.filter(pk=delivery.pk, state__in=RETRYABLE)):
        raise ActionRefused(f"当前状态“{delivery.get_state_display()}”不能重试。")
    _log(delivery.pk, user, "手动重试", "retry")
    transaction.on_commit(partial(bells.ring_many, [delivery.pk]), robust=True)


@transaction.atomic
def cancel(delivery: Delivery, user) -> None:
    """Stop trying; what a channel already did stays (cancel is not retract)."""
    _require(user)
    done = Delivery.objects.filter(pk=delivery.pk, state__in=CANCELLABLE).update(
        state=State.CANCELLED, next_attempt_at=None, lease_owner="", lease_expires_at=None, updated_at=timezone.now()
    )
    if not done:
        raise ActionRefused(f"当前状态“{delivery.get_state_display()}”不能取消。")
    _log(delivery.pk, user, "取消分发", "cancel")


@transaction.atomic
def choose_mass_send(delivery: Delivery, user) -> None:
    """The editor's per-release choice to notify WeChat followers (群发); a delivered row goes on to send it."""
    _require(user)
    if delivery.channel != "wechat":
        raise ActionRefused("只有微信公众号可以群发。")
    if delivery.options.get("mass_send"):
        raise ActionRefused("已选择群发，无需重复操作。")
    if delivery.state in (State.CANCELLED, State.RETRACTED):
        raise ActionRefused(f"当前状态“{delivery.get_state_display()}”不能群发。")
    now = timezone.now()
    row = Delivery.objects.select_for_update().get(pk=delivery.pk)
    changed = (
        Delivery.objects.filter(pk=row.pk)
        .lease_free(now)
        .update(
            options={**row.options, "mass_send": True},
            checkpoints={**row.checkpoints, "mass_send": mass_send_id(row.key)},
            updated_at=now,
        )
    )
    if not changed:
        raise ActionRefused("该分发正在处理中，请稍后再选择群发。")
    if row.state == State.DELIVERED:
        _reopen(Delivery.objects.filter(pk=row.pk, state=State.DELIVERED))
        transaction.on_commit(partial(bells.ring_many, [row.pk]), robust=True)
    _log(row.pk, user, "选择群发给关注者", "mass_send")


@transaction.atomic
def send_tomorrow(delivery: Delivery, user) -> None:
    """After a quota refusal (45028, 45009): go on when the account's quota is back, because a person said so.

    The ledger never does this by itself: what goes out a day late may be stale, so someone decides.
    """
    _require(user)
    if delivery.state != State.FAILED or delivery.last_error_class != "quota":
        raise ActionRefused("只有因微信额度用尽而暂停的分发才能选择“明天再发”。")
    mass = quota.QUOTA_REFUSED in delivery.last_error_en  # else 45009: the daily API quota, back tomorrow
    when = quota.next_window(quota.account_kind(delivery.target) if mass else quota.DEFAULT_KIND)
    changed = Delivery.objects.filter(pk=delivery.pk, state=State.FAILED, last_error_class="quota").update(
        state=State.DEFERRED,
        next_attempt_at=when,
        offered_at=None,
        lease_owner="",
        lease_expires_at=None,
        updated_at=timezone.now(),
    )
    if not changed:
        raise ActionRefused("该分发的状态已变化，请刷新页面后再操作。")
    _log(
        delivery.pk,
        user,
        f"选择明天再发(额度恢复后,{timezone.localtime(when):%Y-%m-%d %H:%M} 起发出)",
        "send_tomorrow",
    )


def retract(delivery: Delivery, user) -> None:
    """Take delivered content back where the channel allows it (WeChat: freepublish/delete), now."""
    _require(user)
    if delivery.state != State.DELIVERED:
        raise ActionRefused(f"当前状态“{delivery.get_state_display()}”不能撤回,只能撤回已送达的内容。")
    if delivery.options.get(UPDATE_OPTION):
        raise ActionRefused("活动改期或取消的通知不能撤回;如需撤回活动预告,请对预告的分发记录执行撤回。")
    try:
        adapter = get_adapter(delivery.channel)
        # The row's options name its item: a follow-up's own item is retracted by its uri, not the policy's.
        adapter.retract(delivery.subject, delivery.target, delivery.external_id, adapter_options(delivery))
    except KeyError:
        raise ActionRefused(f"渠道“{delivery.channel}”未安装,无法撤回。") from None
    except Exception as exc:  # noqa: BLE001 - the adapter classifies; the person reads the Chinese message
        raise ActionRefused(f"撤回失败:{adapter.classify(exc).message_zh}") from exc
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk, state=State.DELIVERED).update(
            state=State.RETRACTED, updated_at=timezone.now()
        )
        _log(delivery.pk, user, "撤回已发出的内容", "retract")


@transaction.atomic
def send_correction(policy, user, note: str) -> list[Delivery]:
    """An update, marked 更正, to every channel target that got this policy: the latest release's content.

    Policies only: a republication is corrected by editing and publishing it again (its update goes to every
    channel as republication.updated); an event's date change or cancellation reaches partners by itself.
    """
    _require(user)
    if not isinstance(policy, PolicyDocumentPage):
        raise ActionRefused("只有政策文件可以发送更正;转载请修改后重新发布,活动改期或取消会自动通知合作媒体。")
    note = (note or "").strip()
    if not note:
        raise ActionRefused("请填写更正说明。")
    release = policy.releases.order_by("-released_at", "-pk").first()
    if release is None or not policy.live:
        raise ActionRefused("该政策文件尚未发布或已撤回，不能发送更正。")
    subject = as_subject(release)
    originals = (
        Delivery.objects.filter(page=policy, state=State.DELIVERED)
        .values("channel", "target")
        .annotate(last=Max("pk"))
        .order_by("channel", "target")
    )
    created = []
    for original in originals:
        try:
            adapter = get_adapter(original["channel"])
        except KeyError:
            continue
        if not adapter.status()[0]:
            continue
        channel, target = original["channel"], original["target"]
        earlier = Delivery.objects.filter(key__startswith=subject.key(channel, target, ":correction-")).count()
        row = new_row(
            subject,
            channel,
            target,
            f":correction-{earlier + 1}",
            {"correction": True, "correction_note": note, "requested_by": user.pk},
            corrects_id=original["last"],
        )
        row.save()
        created.append(row)
        _log(row.pk, user, f"发送更正:{note}", "correction")
    if not created:
        raise ActionRefused("该政策文件还没有送达任何渠道，无需更正。")
    return ring_after_commit(created)


@transaction.atomic
def enable_target(channel: str, target: str, user) -> int:
    """After an administrator fixed the configuration: the target resumes and its waiting rows go on, the one that
    met the target's error among them (it waits, ledger.runs). Rows parked for a reason of their own (失败: a refused
    article, a publish job WeChat cannot report on) stay parked: re-enabling the target changes nothing about them,
    and re-running them here would fail them again (or pause the target again). A person retries each."""
    _require(user)
    ChannelTargetState.objects.update_or_create(
        channel=channel, target=target, defaults={"enabled": True, "reason_zh": "", "reason_en": "", "changed_by": user}
    )
    waiting = Delivery.objects.filter(channel=channel, target=target).waiting()
    for delivery_id in waiting.filter(last_error_class=ErrorClass.CONFIG).values_list("pk", flat=True):
        _log(delivery_id, user, "渠道已重新启用，继续分发")
    ids = list(waiting.values_list("pk", flat=True))
    audit.record(
        "channel.enable_target", actor=user, detail={"channel": channel, "target": target, "resumed": len(ids)}
    )
    transaction.on_commit(partial(bells.ring_many, ids), robust=True)
    return len(ids)
