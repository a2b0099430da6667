"""The statutory clock of one application, on the working-day calendar of its body.

条例 (2019): the reply is due within 20 working days of receipt (§33 第二款), counted from the day the
completed application arrives after a 补正 (§30); one extension of at most 20 working days (§33 第二款); the
working days spent waiting for a third party or another organ do not count (§33 第三款; a third party has 15
working days from service, §32). Every day is counted by `interpretation.working_days.calendar`: the arrival
day itself never counts, and "due" is the end of the last working day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from interpretation.working_days.calendar import (
    CHINA_TZ,
    Deadline,
    add_working_days,
    working_days_between,
)

from .choices import AMENDMENT_NOTICE_DAYS, REPLY_DAYS, THIRD_PARTY_DAYS, ConsultationKind, Status


class ClockState:
    NOT_STARTED = "not_started"  # not yet received (a portal application awaiting confirmation)
    RUNNING = "running"
    PAUSED_AMENDMENT = "paused_amendment"  # waiting for the applicant's 补正
    PAUSED_CONSULTATION = "paused_consultation"  # waiting for a third party or another organ
    STOPPED = "stopped"  # replied, abandoned or withdrawn

    LABELS = {
        NOT_STARTED: "未起算",
        RUNNING: "计时中",
        PAUSED_AMENDMENT: "等待补正(暂停计时)",
        PAUSED_CONSULTATION: "征求意见中(不计入期限)",
        STOPPED: "已停止",
    }


@dataclass(frozen=True)
class Clock:
    state: str
    start: dt.date | None = None  # the day the clock counts from (receipt, or the completed 补正)
    due: Deadline | None = None  # the reply deadline, extension and pauses included
    remaining: int | None = None  # working days left after today; negative: overdue by that many
    paused_days: int = 0
    extension_days: int = 0
    amendment_due: dt.date | None = None  # the applicant's 补正 deadline while one is outstanding
    amendment_notice_by: Deadline | None = None  # last day to send a 补正 notice (§30)

    @property
    def state_label(self) -> str:
        return ClockState.LABELS[self.state]

    @property
    def overdue(self) -> bool:
        return self.remaining is not None and self.remaining < 0 and self.state != ClockState.STOPPED

    @property
    def overdue_days(self) -> int:
        return -self.remaining if self.overdue and self.remaining is not None else 0

    @property
    def due_day(self) -> dt.date | None:
        return self.due.day if self.due else None


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=CHINA_TZ)


def today() -> dt.date:
    return dt.datetime.now(CHINA_TZ).date()


def clock_start(request) -> dt.date | None:
    """Receipt, or the day the last completed 补正 arrived (§30: 答复期限自收到补正的申请之日起计算)."""
    if request.received_on is None:
        return None
    completed = [a.completed_on for a in request.amendments.all() if a.completed_on is not None]
    return max([request.received_on, *completed])


def pause_intervals(request, start: dt.date, until: dt.date, body) -> list[tuple[dt.date, dt.date]]:
    """(first excluded day - 1, last excluded day) for each consultation after `start`, merged where they overlap.

    A consultation excludes the working days after its service up to the day the answer came, or, still open,
    up to `until`; a third party's silence ends the pause after its 15 working days (§32).
    """
    intervals = []
    for consultation in request.consultations.all():
        begin = max(consultation.served_on, start)
        end = consultation.answered_on or until
        if consultation.kind == ConsultationKind.THIRD_PARTY:
            end = min(end, add_working_days(_at(consultation.served_on), THIRD_PARTY_DAYS, body).day)
        if end > begin:
            intervals.append((begin, end))
    intervals.sort()
    merged: list[tuple[dt.date, dt.date]] = []
    for begin, end in intervals:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


def remaining_days(due_day: dt.date, on: dt.date, body) -> int:
    """Working days left after `on` up to `due_day`; negative when `on` is past it (overdue by that many)."""
    if on <= due_day:
        return working_days_between(on, due_day, body)
    return -working_days_between(due_day, on, body)


def amendment_notice_deadline(request) -> Deadline | None:
    """§30: a 补正 notice goes out within 7 working days of receiving the application (or its last 补正)."""
    start = clock_start(request)
    if start is None:
        return None
    return add_working_days(_at(start), AMENDMENT_NOTICE_DAYS, request.disclosing_body)


def compute(request, on: dt.date | None = None) -> Clock:
    """The clock of `request` as it stands on `on` (today in Beijing by default)."""
    on = on or today()
    body = request.disclosing_body
    start = clock_start(request)
    if start is None:
        return Clock(ClockState.NOT_STARTED)
    extension = getattr(request, "extension", None) if _has_extension(request) else None
    extension_days = extension.days if extension else 0
    outstanding = [a for a in request.amendments.all() if a.is_open]
    notice_by = add_working_days(_at(start), AMENDMENT_NOTICE_DAYS, body)
    if request.status == Status.AMENDMENT or outstanding:
        return Clock(
            ClockState.PAUSED_AMENDMENT,
            start=start,
            amendment_due=outstanding[0].deadline_on if outstanding else None,
            amendment_notice_by=notice_by,
        )
    stopped = request.status not in (Status.PROCESSING, Status.SUBMITTED)
    until = request.closed_on if stopped and request.closed_on else on
    pauses = pause_intervals(request, start, until, body)
    paused = sum(working_days_between(begin, end, body) for begin, end in pauses)
    due = add_working_days(_at(start), REPLY_DAYS + extension_days + paused, body)
    if stopped:
        return Clock(ClockState.STOPPED, start=start, due=due, paused_days=paused, extension_days=extension_days)
    consulting = any(_consulting(c, on, body) for c in request.consultations.all())
    return Clock(
        ClockState.PAUSED_CONSULTATION if consulting else ClockState.RUNNING,
        start=start,
        due=due,
        remaining=remaining_days(due.day, on, body),
        paused_days=paused,
        extension_days=extension_days,
        amendment_notice_by=notice_by,
    )


def _consulting(consultation, on: dt.date, body) -> bool:
    """Still waiting on `on`: no answer yet and, for a third party, within its 15 working days."""
    if consultation.answered_on is not None or consultation.served_on > on:
        return False
    if consultation.kind == ConsultationKind.THIRD_PARTY:
        return on <= add_working_days(_at(consultation.served_on), THIRD_PARTY_DAYS, body).day
    return True


def _has_extension(request) -> bool:
    try:
        request.extension  # noqa: B018 - the reverse one-to-one raises when absent
    except ObjectDoesNotExist:
        return False
    return True
