"""The event's life cycle: provisional → confirmed → live → concluded, or cancelled with a reason.

Every change of state or date goes through here; admin views and forms only call these functions.
Changes are written to the page row at once (they are facts, not drafts) and logged in its history.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interpretation.events import audit, public_cache, signals
from interpretation.events.choices import EventState
from interpretation.events.models import EventDateChange, EventPage

REASON_MAX_LENGTH = 500


class TransitionRefused(Exception):
    """An action the event's state does not allow; the message is for the editor, in Chinese."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def _refuse_unless(condition, message, field=None):
    if not condition:
        raise TransitionRefused(message, field)


def _state_label(event) -> str:
    return str(EventState(event.state).label)


def _locked(event) -> EventPage:
    return EventPage.objects.select_for_update().get(pk=event.pk)


def _write(event, current, **values):
    values["state_changed_at"] = timezone.now()
    EventPage.objects.filter(pk=current.pk).update(**values)
    for target in (event, current):
        for name, value in values.items():
            setattr(target, name, value)
    public_cache.event_changed(current)


#: name → (label for buttons, whether a reason is required)
ACTIONS = {
    "confirm": (gettext_lazy("确定时间"), False),
    "start": (gettext_lazy("开始(进入直播)"), False),
    "conclude": (gettext_lazy("结束活动"), False),
    "cancel": (gettext_lazy("取消活动"), True),
}


def allowed_actions(event) -> list[str]:
    if event.state == EventState.SCHEDULED:
        return ["start", "cancel"] if event.date_confirmed else ["confirm", "cancel"]
    if event.state == EventState.LIVE:
        return ["conclude"]
    return []


@transaction.atomic
def perform(event, action: str, user=None, reason: str = "") -> None:
    """Run one action by name, refusing what the current state does not allow."""
    if action not in ACTIONS:
        raise TransitionRefused(_("未知操作。"))
    current = _locked(event)
    if action not in allowed_actions(current):
        if action == "start" and current.state == EventState.SCHEDULED:
            raise TransitionRefused(_("活动时间尚未确定,不能开始。请先确定时间。"))
        raise TransitionRefused(
            _("活动当前状态为“%(state)s”,不能执行“%(action)s”。")
            % {"state": _state_label(current), "action": ACTIONS[action][0]}
        )
    reason = (reason or "").strip()
    if action == "confirm":
        _write(event, current, date_confirmed=True)
        audit.record(current, audit.DATE_CONFIRMED, user, start=current.start.isoformat())
    elif action == "start":
        _write(event, current, state=EventState.LIVE)
        audit.record(current, audit.STARTED, user)
    elif action == "conclude":
        from interpretation.events import release  # lazy: release imports lifecycle

        _write(event, current, state=EventState.CONCLUDED)
        audit.record(current, audit.CONCLUDED, user)
        release.release_recap_if_ready(current, user=user)
    elif action == "cancel":
        _refuse_unless(reason, _("取消活动必须说明理由,理由将公开显示。"), "reason")
        _refuse_unless(len(reason) <= REASON_MAX_LENGTH, _("理由不能超过500字。"), "reason")
        _write(event, current, state=EventState.CANCELLED, cancellation_reason=reason)
        audit.record(current, audit.CANCELLED, user, reason=reason)
        if current.live:
            signals.event_cancelled.send(sender=EventPage, event=current)


def check_date_change(event, start, end, reason: str = "") -> None:
    """Refuse a date change the state does not allow; a confirmed date changes only with a reason."""
    _refuse_unless(
        event.state == EventState.SCHEDULED,
        _("活动%(state)s,不能再修改时间。") % {"state": _state_label(event)},
        "start",
    )
    _refuse_unless(end > start, _("结束时间必须晚于开始时间。"), "end")
    reason = (reason or "").strip()
    if event.date_confirmed:
        _refuse_unless(reason, _("活动时间已确定,修改时间必须填写改期理由,理由将公开显示。"), "date_change_reason")
    _refuse_unless(len(reason) <= REASON_MAX_LENGTH, _("理由不能超过500字。"), "date_change_reason")


@transaction.atomic
def change_date(event, start, end, reason: str = "", user=None) -> EventDateChange | None:
    """Move the event and keep the change in its history; nothing happens when the dates are unchanged."""
    current = _locked(event)
    if (start, end) == (current.start, current.end):
        return None
    check_date_change(current, start, end, reason)
    change = EventDateChange.objects.create(
        event=current,
        old_start=current.start,
        old_end=current.end,
        new_start=start,
        new_end=end,
        was_confirmed=current.date_confirmed,
        reason=(reason or "").strip(),
        changed_by=user,
    )
    EventPage.objects.filter(pk=current.pk).update(start=start, end=end)
    for target in (event, current):
        target.start, target.end = start, end
    public_cache.event_changed(current)
    audit.record(
        current,
        audit.RESCHEDULED,
        user,
        old_start=change.old_start.isoformat(),
        new_start=start.isoformat(),
        reason=change.reason,
    )
    if current.live and change.was_confirmed:
        signals.event_rescheduled.send(sender=EventPage, event=current, change=change)
    return change


def assign_responsibility(event, user_id, department_id) -> None:
    """责任人与责任部门: operational facts, effective at once for the dashboard reminders."""
    EventPage.objects.filter(pk=event.pk).update(responsible_user_id=user_id, responsible_department_id=department_id)
    event.responsible_user_id, event.responsible_department_id = user_id, department_id
