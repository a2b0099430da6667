"""下级主体待推送: a subordinate body's release offered to the nearest body above it with a WeChat account.

A town's release goes to the town's own channels; the county may also want it on the county's account. The
release writes one offer per (content version, receiving body) in the publishing transaction; a person of the
receiving body accepts it (one ledger row for the receiving body's account, same subject) or declines it. Offers
are never deleted; the key is unique, so a release repeated writes no second offer, and accepting is a
conditional update, so a double click makes one row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChannelOffer(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("待决定")
        ACCEPTED = "accepted", _("已推送到本级公众号")
        DECLINED = "declined", _("不推送")

    key = models.CharField(_("标识"), max_length=200, unique=True)
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.PROTECT, related_name="channel_offers", verbose_name=_("页面")
    )
    release = models.ForeignKey(
        "interpretation.BundleRelease", null=True, blank=True, on_delete=models.PROTECT, related_name="channel_offers"
    )
    republication_release = models.ForeignKey(
        "watcher.RepublicationRelease", null=True, blank=True, on_delete=models.PROTECT, related_name="channel_offers"
    )
    event_release = models.ForeignKey(
        "events.EventRelease", null=True, blank=True, on_delete=models.PROTECT, related_name="channel_offers"
    )
    offering_body = models.ForeignKey(
        "bodies.DisclosingBody", on_delete=models.PROTECT, related_name="offers_made", verbose_name=_("发布主体")
    )
    receiving_body = models.ForeignKey(
        "bodies.DisclosingBody", on_delete=models.PROTECT, related_name="offers_received", verbose_name=_("推送主体")
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("处理人"),
    )
    delivery = models.ForeignKey(
        "delivery_channels.Delivery",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("分发记录"),
    )

    class Meta:
        verbose_name = _("下级主体待推送")
        verbose_name_plural = _("下级主体待推送")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(release__isnull=False, republication_release__isnull=True, event_release__isnull=True)
                | Q(release__isnull=True, republication_release__isnull=False, event_release__isnull=True)
                | Q(release__isnull=True, republication_release__isnull=True, event_release__isnull=False),
                name="channel_offer_exactly_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.offering_body} → {self.receiving_body} · {self.page_id}"

    @property
    def subject(self):
        from channels.subjects import subject_of  # the subjects sit above the models (see Delivery.subject)

        return subject_of(self)
