"""The site's home page, the heartbeats that /healthz reads, and the cache invalidations a Redis outage held back."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, Site

from cms.foundation.config import project_app_modules


class HomePage(Page):
    """The town government's front page; its sections are filled from the other apps' content."""

    intro = models.TextField(_("欢迎语"), blank=True)

    content_panels = [*Page.content_panels, "intro"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        """The sections the project's apps contribute: this model sits on the ground floor and knows none of them.

        An app contributes by shipping `<app>/home_sections.py` with `home_context(request) -> dict`
        (interpretation: latest policies and interpretations, the library; events: upcoming events; the watcher:
        republished policies). The template shows a list only when it is not empty.
        """
        context = super().get_context(request, *args, **kwargs)
        for key in ("latest_policies", "latest_interpretations", "upcoming_events", "republished_policies"):
            context[key] = []
        context["library"] = None
        for module in project_app_modules(settings.INSTALLED_APPS, "home_sections"):
            context.update(module.home_context(request))
        return context

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")


class ServiceHeartbeat(models.Model):
    """Last sign of life of a background process (worker, scheduler), written every few seconds."""

    service = models.CharField(_("服务"), max_length=32)
    instance = models.CharField(_("实例"), max_length=200)
    last_seen = models.DateTimeField(_("最近心跳"), default=timezone.now)
    stopped = models.BooleanField(_("已停止"), default=False)
    # A worker alive but cut off from its broker hears no bells: it says so. None: not a worker, or not known yet.
    broker_connected = models.BooleanField(_("消息队列已连接"), null=True, blank=True)

    class Meta:
        verbose_name = _("服务心跳")
        verbose_name_plural = _("服务心跳")
        constraints = [models.UniqueConstraint(fields=["service", "instance"], name="unique_heartbeat")]

    def __str__(self):
        return f"{self.service}@{self.instance}"

    @classmethod
    def beat(cls, service: str, instance: str, stopped: bool = False, broker_connected: bool | None = None) -> None:
        cls.objects.update_or_create(
            service=service,
            instance=instance,
            defaults={"last_seen": timezone.now(), "stopped": stopped, "broker_connected": broker_connected},
        )


class MissedCacheInvalidation(models.Model):
    """Cache scopes a release could not invalidate because the cache was down, written in the release's own
    transaction and replayed as soon as the cache answers again: no reader gets the old page afterwards."""

    scopes = models.JSONField(_("缓存范围"))
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("待补清的页面缓存")
        verbose_name_plural = _("待补清的页面缓存")

    def __str__(self):
        return f"{len(self.scopes)} scopes missed at {self.created_at:%Y-%m-%d %H:%M:%S}"


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """Who publishes: the organ's name and its code, the prefix of every 索引号."""

    site_name = models.CharField(_("站点名称"), max_length=100, default="历阳镇人民政府")
    organ_code = models.CharField(
        _("机关代码"),
        max_length=40,
        default="LY-001",
        help_text=_("索引号的前缀,例如 11341523003000000X;索引号生成后不再改变。"),
    )

    class Meta:
        verbose_name = _("站点信息")

    @classmethod
    def default_organ_code(cls) -> str:
        """The organ code of the default site: the prefix of every new 索引号."""
        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site).organ_code if site else cls._meta.get_field("organ_code").default
