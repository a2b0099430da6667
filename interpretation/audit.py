"""Audit log actions for every three-sync event, shown in Chinese in Wagtail's page history.

Messages name what the entry's data holds (who acted, for whom a scheduled release ran, the override reason,
why a release was refused), so the history tells the whole story without opening the edit page.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter, log

SUBMITTED_TOGETHER = "interpretation.submitted_together"
SIGNED = "interpretation.signed"
RETURNED = "interpretation.returned"
RELEASED_TOGETHER = "interpretation.released_together"
OVERRIDE = "interpretation.override"
FOLLOW_UP_ADDED = "interpretation.follow_up_added"
ATTRIBUTE_CHANGED = "interpretation.attribute_changed"
WITHDRAWN_TOGETHER = "interpretation.withdrawn_together"
DISCLOSURE_APPROVED = "interpretation.disclosure_approved"
RELEASE_REFUSED = "interpretation.release_refused"


def _data(entry) -> dict:
    return entry.data or {}


def _by(entry) -> str:
    actor = _data(entry).get("actor")
    return _("(%(actor)s)") % {"actor": actor} if actor else ""


class SignedFormatter(LogFormatter):
    label = gettext_lazy("同步审签")

    def format_message(self, log_entry):
        comment = _data(log_entry).get("comment")
        text = _("部门负责人对政策文件、解读方案和解读材料一并审签")
        return text + (_(",意见:%(comment)s") % {"comment": comment} if comment else "")


class ReleasedFormatter(LogFormatter):
    label = gettext_lazy("同步发布")

    def format_message(self, log_entry):
        data = _data(log_entry)
        text = _("政策文件与解读材料同步发布") + _by(log_entry)
        if data.get("signed_by"):
            text += _(",审签人:%(name)s") % {"name": data["signed_by"]}
        return text


class OverrideFormatter(LogFormatter):
    label = gettext_lazy("无解读先行发布")

    def format_message(self, log_entry):
        data = _data(log_entry)
        text = _("不附解读材料先行发布") + _by(log_entry)
        if data.get("reason"):
            text += _(",理由:%(reason)s") % {"reason": data["reason"]}
        if data.get("due"):
            text += _(",解读须于 %(due)s 前补齐") % {"due": _local(data["due"])}
        return text


class RefusedFormatter(LogFormatter):
    label = gettext_lazy("发布被拒绝")

    def format_message(self, log_entry):
        data = _data(log_entry)
        who = data.get("actor") or ""
        reasons = ";".join(data.get("reasons") or [])
        return _("%(who)s发布未获通过:%(reasons)s") % {"who": f"{who} " if who else "", "reasons": reasons}


class DisclosureApprovedFormatter(LogFormatter):
    label = gettext_lazy("政务公开办审核")

    def format_message(self, log_entry):
        comment = _data(log_entry).get("comment")
        text = _("政务公开办同意该版本的公开属性")
        return text + (_(",意见:%(comment)s") % {"comment": comment} if comment else "")


class FollowUpFormatter(LogFormatter):
    label = gettext_lazy("追加解读")

    def format_message(self, log_entry):
        title = _data(log_entry).get("title")
        text = _("发布后追加解读材料") + (_("《%(title)s》") % {"title": title} if title else "")
        return text + _by(log_entry)


def _local(iso: str) -> str:
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    moment = parse_datetime(iso)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else iso


FORMATTERS = {
    SIGNED: SignedFormatter,
    RELEASED_TOGETHER: ReleasedFormatter,
    OVERRIDE: OverrideFormatter,
    RELEASE_REFUSED: RefusedFormatter,
    DISCLOSURE_APPROVED: DisclosureApprovedFormatter,
    FOLLOW_UP_ADDED: FollowUpFormatter,
}
STATIC = {
    SUBMITTED_TOGETHER: (gettext_lazy("同步提交"), gettext_lazy("政策文件、解读方案和解读材料一并提交审核")),
    RETURNED: (gettext_lazy("一并退回"), gettext_lazy("政策文件及其解读方案、解读材料一并退回修改")),
    ATTRIBUTE_CHANGED: (gettext_lazy("公开属性变更"), gettext_lazy("发布后变更公开属性")),
    WITHDRAWN_TOGETHER: (gettext_lazy("同步撤回"), gettext_lazy("政策文件取消发布,解读材料一并撤回")),
}


def register(actions):
    """Called from the register_log_actions hook."""
    for action, formatter in FORMATTERS.items():
        actions.register_action(action)(formatter)
    for action, (label, message) in STATIC.items():
        actions.register_action(action, label, message)


def record(page: Any, action: str, user: Any = None, **data: Any) -> None:
    """Every entry names the 公开主体 it belongs to: a county's audit spans many bodies' work."""
    body_id = getattr(page, "disclosing_body_id", None)
    if body_id is not None:
        data.setdefault("disclosing_body", body_id)
    log(instance=page, action=action, user=user, data=data or None)
