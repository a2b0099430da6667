"""The releaser's WeChat choice for a follow-up (追加解读): no article unless chosen, chosen or withdrawn later.

The choice is recorded on the release (BundleRelease.wechat_article), which the policy subject reads when rows
are written (channels.subjects.policy): choosing writes the WeChat rows the release did not get; withdrawing the
choice cancels those not yet started. The website and partners get every follow-up whatever is chosen.
"""

from __future__ import annotations

from django.db import transaction

from channels.actions import ActionRefused, _log, _reopen, _require
from channels.ledger.rows import create_deliveries, ring_after_commit
from channels.models import Delivery
from channels.subjects import WECHAT, PolicySubject
from interpretation.models import BundleRelease

State = Delivery.State
#: WeChat rows that have not reached WeChat yet: withdrawing the choice cancels them.
NOT_STARTED = (State.PENDING, State.RETRYING, State.DEFERRED, State.FAILED)


def wechat_rule(release: BundleRelease) -> str:
    """The rule for this release on WeChat, in the releaser's words."""
    if not release.is_follow_up:
        return ""
    if release.wechat_article:
        return "已选择:以“【追加解读】”加材料标题发布一篇新的微信公众号文章。"
    if PolicySubject(release).no_longer_valid():
        return "不发微信公众号:该政策文件已不再有效(如确需发布,可选择发布文章)。"
    return "不发新文章(默认):政府网站和合作媒体已作为政策更新和新条目收到;如需告知关注者,可选择发布文章。"


@transaction.atomic
def choose_wechat_article(release: BundleRelease, user, chosen: bool) -> list[Delivery]:
    """Record the choice; choosing returns the WeChat rows written for it (none when no account takes it)."""
    _require(user)
    release = BundleRelease.objects.select_for_update().get(pk=release.pk)
    if not release.is_follow_up:
        raise ActionRefused("只有追加解读可以选择是否发布微信公众号文章。")
    if release.wechat_article == chosen:
        raise ActionRefused("已选择发布微信公众号文章。" if chosen else "本次追加解读没有选择发布微信公众号文章。")
    rows = Delivery.objects.filter(release=release, channel=WECHAT)
    if not chosen and rows.exclude(state__in=(*NOT_STARTED, State.CANCELLED)).exists():
        raise ActionRefused("文章已在发布中或已发布,不能取消选择;如需撤回,请对该分发记录执行“撤回”。")
    BundleRelease.objects.filter(pk=release.pk).update(wechat_article=chosen)
    release.wechat_article = chosen
    if chosen:  # rows cancelled by an earlier change of mind start again
        reopened = list(Delivery.objects.filter(pk__in=_reopen(rows.filter(state=State.CANCELLED))))
        return [*ring_after_commit(reopened), *create_deliveries(release, channels=[WECHAT])]
    for row in rows.filter(state__in=NOT_STARTED):
        Delivery.objects.filter(pk=row.pk).update(state=State.CANCELLED, next_attempt_at=None)
        _log(row.pk, user, "取消选择:追加解读不发布微信公众号文章")
    return []
