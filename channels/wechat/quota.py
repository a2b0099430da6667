"""How many mass sends (群发) an account has left, told to the releaser before they choose one.

WeChat's API reports no remaining mass-send quota (it only refuses with 45028 once none is left), so the allowance
is counted from our own ledger: the rows of the account whose mass send went out in the current quota window
(Beijing time), against the limit of the account's kind. A 45028 answered in the window means none is left,
whatever we counted (someone may have sent from WeChat's own console).

The kind of an account is a setting, WECHAT_ACCOUNT_KINDS = {app id or target: "subscription" | "service"};
an account not named there is a subscription account (订阅号), the kind government accounts usually are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from channels.models import Delivery

from .errors import BEIJING

#: kind -> (Chinese name, window, sends per window), from WeChat's rules (../shared/FIELD_NOTES.md).
KINDS = {
    "subscription": ("订阅号", "day", 1),
    "service": ("服务号", "month", 4),
}
DEFAULT_KIND = "subscription"
QUOTA_REFUSED = "errcode=45028"  # in last_error_en of a row WeChat refused for want of quota


@dataclass(frozen=True)
class Allowance:
    kind: str
    used: int
    limit: int
    refused: bool  # WeChat answered 45028 in this window

    @property
    def remaining(self) -> int:
        return 0 if self.refused else max(0, self.limit - self.used)

    @property
    def text_zh(self) -> str:
        name, window, limit = KINDS[self.kind]
        period, rule = ("今日", "每天") if window == "day" else ("本月", "每月")
        return f"{period}群发额度:剩余 {self.remaining}/{limit} 次({name}{rule} {limit} 次)"


def account_kind(target: str, app_id: str = "") -> str:
    kinds = getattr(settings, "WECHAT_ACCOUNT_KINDS", None) or {}
    kind = kinds.get(app_id) or kinds.get(target) or DEFAULT_KIND
    return kind if kind in KINDS else DEFAULT_KIND


def window_start(kind: str, now: datetime | None = None) -> datetime:
    """Midnight (Beijing) starting today, or the first of this month for a monthly quota."""
    local = (now or timezone.now()).astimezone(BEIJING)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start.replace(day=1) if KINDS[kind][1] == "month" else start


def next_window(kind: str, now: datetime | None = None) -> datetime:
    """When the quota is back: a few minutes after the next Beijing midnight (or first of the month)."""
    start = window_start(kind, now)
    if KINDS[kind][1] == "month":
        following = (start + timedelta(days=32)).replace(day=1)
    else:
        following = start + timedelta(days=1)
    return following + timedelta(minutes=5)


def _sent_at(row: Delivery) -> datetime | None:
    sent = row.checkpoints.get("mass_sent") or {}
    if sent.get("at"):
        return datetime.fromtimestamp(float(sent["at"]), tz=BEIJING)
    return row.delivered_at or row.updated_at


def allowance(target: str, app_id: str = "", now: datetime | None = None) -> Allowance:
    """The account's mass sends used and left in the current window."""
    kind = account_kind(target, app_id)
    start = window_start(kind, now)
    rows = Delivery.objects.filter(channel="wechat", target=target)
    candidates = rows.filter(checkpoints__has_key="mass_sent", updated_at__gte=start).only(
        "checkpoints", "delivered_at", "updated_at"
    )
    used = sum(1 for row in candidates if (_sent_at(row) or start) >= start)
    refused = rows.filter(updated_at__gte=start, last_error_en__contains=QUOTA_REFUSED).exists()
    return Allowance(kind=kind, used=used, limit=KINDS[kind][2], refused=refused)
