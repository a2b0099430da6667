"""Audit log actions for every three-sync event, shown with Chinese labels in Wagtail's history."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

SUBMITTED_TOGETHER = "interpretation.submitted_together"
SIGNED = "interpretation.signed"
RETURNED = "interpretation.returned"
RELEASED_TOGETHER = "interpretation.released_together"
OVERRIDE = "interpretation.override"
FOLLOW_UP_ADDED = "interpretation.follow_up_added"
ATTRIBUTE_CHANGED = "interpretation.attribute_changed"
WITHDRAWN_TOGETHER = "interpretation.withdrawn_together"

LABELS = {
    SUBMITTED_TOGETHER: (_("同步提交"), _("政策文件、解读方案和解读材料一并提交审核")),
    SIGNED: (_("同步审签"), _("部门负责人对政策文件、解读方案和解读材料一并审签")),
    RETURNED: (_("一并退回"), _("政策文件及其解读方案、解读材料一并退回修改")),
    RELEASED_TOGETHER: (_("同步发布"), _("政策文件与解读材料同步发布")),
    OVERRIDE: (_("无解读先行发布"), _("说明理由后不附解读材料先行发布")),
    FOLLOW_UP_ADDED: (_("追加解读"), _("发布后追加解读材料")),
    ATTRIBUTE_CHANGED: (_("公开属性变更"), _("发布后变更公开属性")),
    WITHDRAWN_TOGETHER: (_("同步撤回"), _("政策文件取消发布,解读材料一并撤回")),
}


def register(actions):
    """Called from the register_log_actions hook."""
    for action, (label, message) in LABELS.items():
        actions.register_action(action, label, message)


def record(page, action: str, user=None, **data) -> None:
    log(instance=page, action=action, user=user, data=data or None)
