"""Upstream sources (信息源) as the admin manages them, with their monitoring state."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from channels.sources.config import SourceConfig, config_from_dict


class SourceLevel(models.TextChoices):
    STATE_COUNCIL = "state_council", _("国务院")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")


#: Lower is higher: the State Council's original wins over a province's repost.
LEVEL_RANK = {SourceLevel.STATE_COUNCIL: 0, SourceLevel.PROVINCE: 1, SourceLevel.CITY: 2}


class SourceKind(models.TextChoices):
    FEED = "feed", _("RSS/Atom 订阅")
    JSON_LIST = "json_list", _("JSON 列表")
    HTML_LIST = "html_list", _("HTML 列表页")
    HANWEB = "hanweb", _("大汉网站栏目页(datastore)")


class DeadlineRule(models.TextChoices):
    WORKING_DAYS = "working_days", _("工作日")
    HOURS = "hours", _("小时(只计工作日)")


class DeadlineStart(models.TextChoices):
    PUBLISHED = "published", _("上级发布时间(没有发布时间时按发现时间)")
    FOUND = "found", _("发现时间")


ERROR_GONE, ERROR_RATE_LIMITED = "gone", "rate_limited"
GONE_AFTER_FAILURES = 2  # one 404 may be a botched deploy; twice in a row the address is gone
EMPTY_AFTER_POLLS = 3
STATE_LABELS = {
    "disabled": "已停用",
    "gone": "已失效",
    "rate_limited": "限流中",
    "empty": "无内容",
    "ok": "正常",
    "new": "尚未抓取",
}


def split_hosts(text: str) -> list[str]:
    """Hosts as the admin typed them: one per line, or separated by commas or spaces."""
    return [h.strip().lower() for h in re.split(r"[\s,，;；]+", text or "") if h.strip()]


class Source(ClusterableModel):
    """信息源: one upstream listing we watch, how to read it, and how it is doing."""

    disclosing_body = models.ForeignKey(
        "bodies.DisclosingBody",
        verbose_name=_("公开主体"),
        on_delete=models.PROTECT,
        related_name="sources",
        help_text=_("监测本信息源的主体;县级监测一次,下级主体按关注规则获得转载草稿"),
    )
    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=SourceKind.choices, default=SourceKind.HTML_LIST)
    url = models.URLField(_("列表地址"), max_length=500, help_text=_("政策列表页、JSON 接口或 RSS/Atom 订阅的地址"))
    config = models.JSONField(_("解析配置"), default=dict, blank=True, editable=False)
    level = models.CharField(_("层级"), max_length=20, choices=SourceLevel.choices)
    issuing_organ = models.CharField(
        _("发文机关"), max_length=100, help_text=_("转载时显示为“来源:…”,例如 国务院、安徽省人民政府")
    )
    allowed_hosts = models.TextField(
        _("允许的域名"),
        blank=True,
        help_text=_("每行一个;包含其子域名。留空则只允许列表地址的域名。跳转到其他域名会被拒绝。"),
    )
    trusted_private_hosts = models.TextField(
        _("允许访问内网地址的域名"),
        blank=True,
        help_text=_("仅用于内网信息源或本机演示;必须同时列在允许的域名中。其他域名一律不得指向内网地址。"),
    )
    enabled = models.BooleanField(_("启用"), default=True, help_text=_("停用后不再抓取;抓取失败不会自动停用"))
    poll_minutes_working = models.PositiveIntegerField(_("工作时间抓取间隔(分钟)"), default=10)
    poll_minutes_off = models.PositiveIntegerField(_("非工作时间抓取间隔(分钟)"), default=60)
    deadline_rule = models.CharField(
        _("转载时限单位"), max_length=20, choices=DeadlineRule.choices, default=DeadlineRule.WORKING_DAYS
    )
    deadline_amount = models.PositiveIntegerField(
        _("转载时限"), default=1, help_text=_("默认 1 个工作日;部分省份要求 8 小时")
    )
    deadline_start = models.CharField(
        _("时限起算"), max_length=20, choices=DeadlineStart.choices, default=DeadlineStart.PUBLISHED
    )
    ignore_older_than_days = models.PositiveIntegerField(
        _("只转载近几天发布的文件"),
        default=7,
        help_text=_("更早发布的条目只记录、不生成转载草稿,避免新接入的信息源一次涌入大量旧文件;0 表示不限"),
    )
    require_document_number = models.BooleanField(
        _("只转载有文号的文件"), default=False, help_text=_("没有文号的条目记入“跳过的条目”,不生成转载草稿")
    )
    exclude_keywords = models.CharField(
        _("不转载的关键词"),
        max_length=300,
        blank=True,
        help_text=_("标题或摘要含任一关键词的条目记入“跳过的条目”;多个关键词用逗号或空格分隔"),
    )
    auto_publish = models.BooleanField(_("自动发布"), default=False, help_text=_("默认生成草稿,由编辑核对后发布"))
    republish_for_own_body = models.BooleanField(
        _("本主体也转载"),
        default=True,
        help_text=_("关闭后本主体只负责监测,转载草稿只发给关注本信息源的主体"),
    )
    default_department = models.ForeignKey(
        "interpretation.DraftingDepartment",
        verbose_name=_("默认负责部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    default_topic = models.ForeignKey(
        "interpretation.Topic",
        verbose_name=_("默认主题分类"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Monitoring: written by the watcher only.
    last_polled_at = models.DateTimeField(_("最近抓取"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("最近成功"), null=True, blank=True, editable=False)
    last_error_at = models.DateTimeField(_("最近失败"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("最近错误"), blank=True, editable=False)
    last_error_detail = models.TextField(_("错误详情(英文)"), blank=True, editable=False)
    last_warnings = models.TextField(_("最近提示"), blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(_("连续失败次数"), default=0, editable=False)
    items_found = models.PositiveIntegerField(_("最近条目数"), default=0, editable=False)
    empty_polls = models.PositiveIntegerField(_("连续无条目次数"), default=0, editable=False)
    last_error_kind = models.CharField(_("最近错误类别"), max_length=20, blank=True, editable=False)
    drafts_created = models.PositiveIntegerField(_("累计生成转载"), default=0, editable=False)
    next_poll_at = models.DateTimeField(_("下次抓取"), null=True, blank=True, editable=False, db_index=True)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    etag = models.CharField(_("实体标签(ETag)"), max_length=300, blank=True, editable=False)
    last_modified = models.CharField(_("最后修改时间(Last-Modified)"), max_length=100, blank=True, editable=False)
    content_hash = models.CharField(_("内容摘要"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("信息源")
        verbose_name_plural = _("信息源")
        ordering = ["name"]
        permissions = [("trust_private_hosts", _("可允许信息源访问内网地址"))]

    def __str__(self):
        return self.name

    def config_object(self) -> SourceConfig:
        """The parser configuration; ``ValueError`` (Chinese) when it is unusable."""
        return config_from_dict({**(self.config or {}), "kind": self.kind})

    def allowed_host_list(self) -> list[str]:
        return split_hosts(self.allowed_hosts) or [(urlsplit(self.url).hostname or "").lower()]

    def trusted_host_list(self) -> list[str]:
        return split_hosts(self.trusted_private_hosts)

    @property
    def failing(self) -> bool:
        return self.consecutive_failures > 0

    @property
    def state(self) -> str:
        """disabled, gone (410/404 again and again), rate_limited, failing, empty (no items for a while), ok, new."""
        if not self.enabled:
            return "disabled"
        if self.consecutive_failures:
            if self.last_error_kind == ERROR_GONE and self.consecutive_failures >= GONE_AFTER_FAILURES:
                return "gone"
            return "rate_limited" if self.last_error_kind == ERROR_RATE_LIMITED else "failing"
        if self.empty_polls >= EMPTY_AFTER_POLLS:
            return "empty"
        return "ok" if self.last_success_at else "new"

    @property
    @admin.display(description=_("状态"))
    def status_label(self) -> str:
        state = self.state
        if state == "failing":
            return f"连续失败 {self.consecutive_failures} 次"
        return STATE_LABELS[state]

    def excluded_keyword(self, text: str) -> str | None:
        """The first 不转载关键词 found in ``text``."""
        for keyword in re.split(r"[\s,，、;；]+", self.exclude_keywords or ""):
            if keyword and keyword in (text or ""):
                return keyword
        return None

    @property
    @admin.display(description=_("关注主体"))
    def followers_label(self) -> str:
        """The bodies below that get their own drafts (the listing prefetches them)."""
        names = [f.disclosing_body.short_name or f.disclosing_body.name for f in self.followers.all()]
        return "、".join(names) or "—"

    def route(self, text: str, body_id: int | None = None):
        """(department, topic) for an item: the first routing rule whose keyword occurs in ``text``.

        For a following body (``body_id``) only rules and a default department of that body count.
        """

        def ours(department) -> bool:
            return department is None or body_id is None or department.disclosing_body_id == body_id

        default = self.default_department if ours(self.default_department) else None
        for rule in self.routing_rules.all():
            if rule.matches(text) and ours(rule.department):
                return rule.department or default, rule.topic or self.default_topic
        return default, self.default_topic


class RoutingRule(Orderable):
    """分派规则: keywords in an item's title or summary send it to a department and topic."""

    source = ParentalKey(Source, related_name="routing_rules", on_delete=models.CASCADE)
    keywords = models.CharField(_("关键词"), max_length=200, help_text=_("多个关键词用逗号或空格分隔,任一命中即可"))
    department = models.ForeignKey(
        "interpretation.DraftingDepartment",
        verbose_name=_("负责部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        "interpretation.Topic",
        verbose_name=_("主题分类"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("分派规则")
        verbose_name_plural = _("分派规则")

    def __str__(self):
        return self.keywords

    def keyword_list(self) -> list[str]:
        return [k for k in re.split(r"[\s,，、;；]+", self.keywords or "") if k]

    def matches(self, text: str) -> bool:
        return any(keyword in (text or "") for keyword in self.keyword_list())
