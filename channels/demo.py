"""Demo: the seed policy's release reaches every channel configured now (safe to run twice).

The seed is released before the channels are set up (and WeChat may be configured only later, with the
simulator): rows missing for a channel that is on now are added, and the worker delivers them.
"""

from __future__ import annotations

from channels.adapters.base import all_adapters
from channels.ledger.rows import create_deliveries
from interpretation.models import BundleRelease


def load() -> str:
    release = BundleRelease.objects.filter(policy__slug="2018-liyang-openness-work-plan").order_by("-pk").first()
    if release is None:
        return "分发渠道:演示文件尚未发布"
    created = create_deliveries(release)
    states = []
    for adapter in all_adapters():
        enabled, reason = adapter.status()
        states.append(f"{adapter.label}{'已启用' if enabled else '未启用(' + reason + ')'}")
    return f"分发渠道:{'、'.join(states)};为演示文件补建 {len(created)} 条分发记录(后台“分发记录”查看)"
