"""One row per (content version, channel target): the single record of what must be delivered.

A row points at the page it delivers (`page`) and at its content version, its "subject": exactly one of a
policy bundle release (`release`), a republication release (`republication_release`, 转载) or an event release
(`event_release`, 预告/回顾/新闻资料); a check constraint holds that. `Delivery.subject` wraps the version for the
adapters (channels.subjects).

The broker only rings a bell; a worker claims a row with a conditional UPDATE and a lease, and the row keeps
its retry schedule, checkpoints and every attempt. Rows are never deleted (on_delete=PROTECT everywhere).
`DeliveryQuerySet` names the ledger's states once (lease free, due, abandoned, parked, ...).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib import admin
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.adapters.base import find_adapter
from channels.partners.models import PressPartner

from .accounts import TARGET_PREFIX, WeChatAccount
from .targets import ChannelTargetState

if TYPE_CHECKING:
    from channels.subjects import Subject

#: Fixed targets of single-target channels, as editors call them.
TARGET_LABELS = {"site": "门户网站", "account": "公众号"}
#: The relations behind a row's subject and its title (Delivery.subject, Delivery.subject_title).
SUBJECT_RELATED = ("release", "release__policy", "republication_release__page", "event_release__event")
_NO_NAME = object()


def with_target_names(queryset):
    """Rows with a `target` column, each with its partner's or account's name (for label_of_target) in the same
    query: a listing or a dashboard panel costs one query however many targets it names."""
    names = (
        PressPartner.objects.annotate(row_target=Concat(Value("partner:"), Cast("pk", CharField())))
        .filter(row_target=OuterRef("target"))
        .values("name")[:1]
    )
    account_names = (
        WeChatAccount.objects.annotate(row_target=Concat(Value(TARGET_PREFIX), Cast("pk", CharField())))
        .filter(row_target=OuterRef("target"))
        .values("name")[:1]
    )
    return queryset.annotate(partner_name=Subquery(names), account_name=Subquery(account_names))


def label_of_target(target: str, row=None) -> str:
    """A target as people name it: 门户网站, a partner's name, 公众号“<name>”; the raw target when unknown.
    `row` may carry the names already (with_target_names); otherwise the one name needed is looked up."""
    partner_name = getattr(row, "partner_name", _NO_NAME)
    account_name = getattr(row, "account_name", _NO_NAME)
    prefix, _sep, pk = target.partition(":")
    if prefix == "partner" and pk.isdigit():
        if partner_name is _NO_NAME:
            partner_name = PressPartner.objects.filter(pk=int(pk)).values_list("name", flat=True).first()
        return partner_name if isinstance(partner_name, str) and partner_name else target
    if prefix == "account" and pk.isdigit():
        if account_name is _NO_NAME:
            account_name = WeChatAccount.objects.filter(pk=int(pk)).values_list("name", flat=True).first()
        return f"公众号“{account_name}”" if isinstance(account_name, str) and account_name else target
    return TARGET_LABELS.get(target, target)


def _lease_free(now: datetime) -> Q:
    return Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)


def _due(now: datetime) -> Q:
    return Q(state__in=Delivery.DUE_STATES, next_attempt_at__lte=now) & _lease_free(now)


def _abandoned(now: datetime) -> Q:
    return Q(state=Delivery.State.IN_PROGRESS, lease_expires_at__lt=now)


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    """The ledger's vocabulary: every query for a lease or a due row is written here, once."""

    def lease_free(self, now: datetime | None = None) -> DeliveryQuerySet:
        """No worker holds the row: never leased, or its lease expired."""
        return self.filter(_lease_free(now or timezone.now()))

    def held_by(self, owner: str) -> DeliveryQuerySet:
        return self.filter(lease_owner=owner)

    def due(self, now: datetime | None = None) -> DeliveryQuerySet:
        """Waiting for a worker, its time come, and no worker on it."""
        return self.filter(_due(now or timezone.now()))

    def abandoned(self, now: datetime | None = None) -> DeliveryQuerySet:
        """In progress with an expired lease: its worker died; another resumes it from its checkpoints."""
        return self.filter(_abandoned(now or timezone.now()))

    def claimable(self, now: datetime | None = None, *, offered_before: datetime | None = None) -> DeliveryQuerySet:
        """What a worker may take now: due, or abandoned. With `offered_before`, due rows only if no bell was
        rung for them since (a bell rung later is still on its way)."""
        now = now or timezone.now()
        due = _due(now)
        if offered_before is not None:
            due &= Q(offered_at__isnull=True) | Q(offered_at__lt=offered_before)
        return self.filter(due | _abandoned(now))

    def waiting(self) -> DeliveryQuerySet:
        """Rows a worker will run when their time comes (whenever that is)."""
        return self.filter(state__in=Delivery.DUE_STATES)

    def parked(self) -> DeliveryQuerySet:
        """Rows that wait for a person."""
        return self.filter(state__in=Delivery.PARKED_STATES)

    def needing_attention(self) -> DeliveryQuerySet:
        """What the dashboard shows: parked rows, rows deferred to the channel's next quota window, and rows waiting
        to retry after an error (their cause, such as a SITE_URL where nothing answers, is named before they park)."""
        return self.filter(state__in=(*Delivery.PARKED_STATES, Delivery.State.DEFERRED, Delivery.State.RETRYING))

    def not_paused(self) -> DeliveryQuerySet:
        """Rows whose channel target was not paused after a configuration error."""
        paused = ChannelTargetState.objects.filter(
            channel=OuterRef("channel"), target=OuterRef("target"), enabled=False
        )
        return self.filter(~Exists(paused))

    def for_people(self) -> DeliveryQuerySet:
        """Rows as a listing shows them: the subject and the partner's name come with the row, so a page of 50
        partner rows costs one query, not one per row."""
        return with_target_names(self.select_related(*SUBJECT_RELATED))


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("待分发")
        IN_PROGRESS = "in_progress", _("分发中")
        SUBMITTED = "submitted", _("已提交，待渠道确认")
        DELIVERED = "delivered", _("已送达")
        RETRYING = "retrying", _("等待重试")
        DEFERRED = "deferred", _("已延后（配额用尽）")
        FAILED = "failed", _("失败，需人工处理")
        CANCELLED = "cancelled", _("已取消")
        RETRACTED = "retracted", _("已撤回")

    #: States a worker may claim once next_attempt_at has come (submitted rows are polled).
    DUE_STATES = (State.PENDING, State.RETRYING, State.DEFERRED, State.SUBMITTED)
    #: States that wait for a person.
    PARKED_STATES = (State.FAILED,)
    FINAL_STATES = (State.DELIVERED, State.CANCELLED, State.RETRACTED)

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("页面"),
        help_text=_("所分发的页面:政策文件、转载或活动"),
    )
    release = models.ForeignKey(
        "interpretation.BundleRelease",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("政策包发布"),
    )
    republication_release = models.ForeignKey(
        "watcher.RepublicationRelease",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("转载发布"),
    )
    event_release = models.ForeignKey(
        "events.EventRelease",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("活动发布"),
    )
    channel = models.CharField(_("渠道"), max_length=40, db_index=True)
    target = models.CharField(_("分发对象"), max_length=120)
    key = models.CharField(_("幂等键"), max_length=200, unique=True, help_text=_("重试时不变，渠道据此识别重复"))
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("更正对象")
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(_("已用尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True, db_index=True)
    offered_at = models.DateTimeField(_("最近通知时间"), null=True, blank=True)
    lease_owner = models.CharField(_("处理进程"), max_length=200, blank=True)
    lease_expires_at = models.DateTimeField(_("租约到期"), null=True, blank=True)
    checkpoints = models.JSONField(_("进度"), default=dict, blank=True)
    external_id = models.CharField(_("渠道编号"), max_length=200, blank=True, db_index=True)
    external_url = models.CharField(_("渠道链接"), max_length=500, blank=True)
    last_error_class = models.CharField(_("错误类别"), max_length=20, blank=True)
    last_error_zh = models.TextField(_("错误说明"), blank=True)
    last_error_en = models.TextField(_("错误日志"), blank=True)
    options = models.JSONField(_("分发选项"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("分发记录")
        verbose_name_plural = _("分发记录")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due_idx")]
        constraints = [
            # Exactly one content version per row (the page is always set).
            models.CheckConstraint(
                condition=Q(release__isnull=False, republication_release__isnull=True, event_release__isnull=True)
                | Q(release__isnull=True, republication_release__isnull=False, event_release__isnull=True)
                | Q(release__isnull=True, republication_release__isnull=True, event_release__isnull=False),
                name="delivery_exactly_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.channel_label} · {self.subject_title}"

    @property
    def subject(self) -> Subject:
        """The delivered content version behind one interface (channels.subjects.Subject)."""
        # Here, not at module level: the subjects sit above the models (they import the release models of three
        # apps, whose pages import channels.panels, which imports this module).
        from channels.subjects import subject_of

        return subject_of(self)

    @property
    @admin.display(description=_("分发内容"))
    def subject_title(self) -> str:
        """What the row delivers, for people: the policy's title, or "转载 · 标题", "预告 · 标题", ..."""
        try:
            return self.subject.display_title(self.options)
        except LookupError:
            return "—"

    @property
    def channel_label(self) -> str:
        adapter = find_adapter(self.channel)
        return adapter.label if adapter else self.channel

    @property
    @admin.display(description=_("分发对象"))
    def target_label(self) -> str:
        """The target for people: a partner's or an account's name instead of "partner:7" / "account:3"."""
        # for_people() fetches the names with the row; a row fetched otherwise looks its name up.
        return label_of_target(self.target, self)

    @property
    def acknowledgement(self) -> str:
        """What the channel said when it took the item (a partner's receipt), kept in the row's checkpoints."""
        for key in ("outcome_detail", "acknowledged"):
            detail = (self.checkpoints or {}).get(key)
            if isinstance(detail, dict) and detail.get("acknowledgement"):
                return str(detail["acknowledgement"])
        return ""

    @property
    def is_correction(self) -> bool:
        return bool(self.options.get("correction"))

    @property
    def needs_person(self) -> bool:
        return self.state in self.PARKED_STATES

    @property
    def status_url(self) -> str:
        """Where a person sees the row with its actions: a policy's 分发状态 (its rows by release), else the row."""
        if self.release_id:
            return reverse("channels_policy_deliveries", args=(self.page_id,))
        return reverse("delivery_channels_delivery:inspect", args=(self.pk,))


class DeliveryAttempt(models.Model):
    """One try (or one event: a callback, an editor's action) on a delivery, kept for the record."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("已送达")
        SUBMITTED = "submitted", _("已提交")
        WAITING = "waiting", _("渠道处理中")
        ERROR = "error", _("出错")
        CALLBACK = "callback", _("渠道回调")
        ACTION = "action", _("人工操作")

    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="attempt_log")
    started_at = models.DateTimeField(_("开始时间"))
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices)
    error_class = models.CharField(_("错误类别"), max_length=20, blank=True)
    message_zh = models.TextField(_("说明"), blank=True)
    message_en = models.TextField(_("日志"), blank=True)
    worker = models.CharField(_("处理进程"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("分发尝试")
        verbose_name_plural = _("分发尝试")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.delivery_id} {self.get_outcome_display()} {self.started_at:%Y-%m-%d %H:%M:%S}"
