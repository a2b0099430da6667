"""Log actions of the event life cycle, shown with Chinese labels in the page's history."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

DATE_CONFIRMED = "events.date_confirmed"
STARTED = "events.started"
CONCLUDED = "events.concluded"
CANCELLED = "events.cancelled"
RESCHEDULED = "events.rescheduled"
ANNOUNCED = "events.announced"
DETAILS_CHANGED = "events.details_changed"
RECAP_RELEASED = "events.recap_released"
QA_MATERIAL_CREATED = "events.qa_material_created"

LABELS = {
    DATE_CONFIRMED: (_("确定时间"), _("活动时间由暂定改为确定")),
    STARTED: (_("开始"), _("活动开始(直播中)")),
    CONCLUDED: (_("结束"), _("活动结束")),
    CANCELLED: (_("取消"), _("活动取消,理由公开显示")),
    RESCHEDULED: (_("改期"), _("活动时间变更")),
    ANNOUNCED: (_("发布预告"), _("活动预告发布,交各渠道分发")),
    DETAILS_CHANGED: (_("预告信息变更"), _("已发预告的标题、地点或线上地址变更,更新交各渠道分发")),
    RECAP_RELEASED: (_("发布回顾"), _("活动回顾发布,交各渠道分发")),
    QA_MATERIAL_CREATED: (_("转为问答解读"), _("网民问答转为问答解读草稿,按追加解读审签发布")),
}


def register(actions):
    for action, (label, message) in LABELS.items():
        actions.register_action(action, label, message)


def record(page, action: str, user=None, **data) -> None:
    log(instance=page, action=action, user=user, data=data or None)
