"""Demo: the seed policy's release reaches every channel configured now (safe to run twice).

The seed is released before the channels are set up (and WeChat may be configured only later, with the
simulator): rows missing for a channel that is on now are added, and the worker delivers them; a town's release is
offered to the county when the county has an account (后台首页“下级主体待推送”). Body administrators
(公开主体管理员) may manage their own body's WeChat account.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from channels.adapters.base import all_adapters
from channels.ledger.rows import create_deliveries
from channels.models import ChannelOffer
from interpretation.models import BundleRelease

BODY_ADMINS = "公开主体管理员"
ACCOUNT_PERMISSIONS = ("add_wechataccount", "change_wechataccount", "view_wechataccount")


def grant_account_permissions() -> None:
    group = Group.objects.filter(name=BODY_ADMINS).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="delivery_channels", codename__in=ACCOUNT_PERMISSIONS)
        )


def load() -> str:
    grant_account_permissions()
    release = BundleRelease.objects.filter(policy__slug="2018-liyang-openness-work-plan").order_by("-pk").first()
    if release is None:
        return "分发渠道:演示文件尚未发布"
    created = create_deliveries(release)
    states = []
    for adapter in all_adapters():
        enabled, reason = adapter.status()
        states.append(f"{adapter.label}{'已启用' if enabled else '未启用(' + reason + ')'}")
    offers = ChannelOffer.objects.filter(release=release, state=ChannelOffer.State.PENDING).count()
    offered = f";{offers} 项待上级主体决定是否推送到其公众号" if offers else ""
    return f"分发渠道:{'、'.join(states)};为演示文件补建 {len(created)} 条分发记录(后台“分发记录”查看){offered}"
