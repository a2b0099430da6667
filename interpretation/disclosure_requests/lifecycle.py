"""Every change of an application goes through here, and each refuses, in Chinese, what the 条例 does not allow."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import IntegrityError, transaction

from interpretation.working_days.calendar import CHINA_TZ, add_working_days
from security import audit

from . import clock
from .choices import (
    CONFIRMED_CHANNELS,
    MAX_EXTENSION_DAYS,
    RELEASED_TYPES,
    Channel,
    ReplyType,
    Status,
)
from .models import AmendmentRequest, Consultation, Extension, HandlingNote, InformationRequest, Reply, RequestOffice

#: Query codes avoid letters and digits that read alike (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


class Refused(Exception):
    """A change the rules do not allow; the message is for the user, in Chinese."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_digest(code: str) -> str:
    """Only the digest is stored: a leaked table does not give away anyone's query code."""
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def find_by_code(code: str) -> InformationRequest | None:
    if len(normalize_code(code)) != CODE_LENGTH:
        return None
    return InformationRequest.objects.select_related("disclosing_body").filter(code_digest=code_digest(code)).first()


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def beijing_today() -> dt.date:
    return dt.datetime.now(CHINA_TZ).date()


def _next_number(body, year: int) -> str:
    prefix = f"{year}-"
    numbers = InformationRequest.objects.filter(disclosing_body=body, number__startswith=prefix).values_list(
        "number", flat=True
    )
    last = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def create(body, *, fields: dict, channel: str, received_on: dt.date | None = None, user=None):
    """A new application and its query code (shown once, never stored in clear).

    The portal's, and those of channels whose received date is the day both sides confirm (§31), wait as 待确认收到
    unless the date is already given; paper ones handed in or signed for start the clock on `received_on`.
    """
    today = beijing_today()
    if received_on is not None and received_on > today:
        raise Refused("收到申请之日不能晚于今天。", "received_on")
    if received_on is None and channel not in CONFIRMED_CHANNELS:
        raise Refused("请填写收到申请之日。", "received_on")
    for _attempt in range(5):
        code = new_code()
        request = InformationRequest(
            disclosing_body=body,
            channel=channel,
            received_on=received_on,
            status=Status.PROCESSING if received_on else Status.SUBMITTED,
            entered_by=user if getattr(user, "is_authenticated", False) else None,
            code_digest=code_digest(code),
            number=_next_number(body, (received_on or today).year),
            **fields,
        )
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:
            continue  # another application took the number (or, once in 10^17, the code): draw again
        audit.record("disclosure_request.create", actor=user, target=request)
        return request, code
    raise Refused("系统繁忙,请稍后重试。")


def _require(request, *statuses: str, message: str) -> None:
    if request.status not in statuses:
        raise Refused(message)


def confirm_receipt(request, received_on: dt.date, user=None) -> None:
    """§31: the day both sides confirm an online, fax, e-mail or ordinary-letter application is its received date."""
    _require(request, Status.SUBMITTED, message="该申请已确认收到。")
    submitted = request.submitted_at.astimezone(CHINA_TZ).date()
    if received_on < submitted:
        raise Refused("确认收到的日期不能早于申请提交日期。", "received_on")
    if received_on > beijing_today():
        raise Refused("确认收到的日期不能晚于今天。", "received_on")
    request.received_on = received_on
    request.status = Status.PROCESSING
    request.save(update_fields=["received_on", "status"])
    note(request, "note", f"确认收到申请,收到申请之日为{_cn(received_on)}。", user)
    audit.record("disclosure_request.confirm_receipt", actor=user, target=request)


def note(request, kind: str, text: str, user=None) -> HandlingNote:
    return HandlingNote.objects.create(
        request=request, kind=kind, text=text, by=user if getattr(user, "is_authenticated", False) else None
    )


def assign(request, department, handler=None, user=None) -> None:
    if department is not None and department.disclosing_body_id != request.disclosing_body_id:
        raise Refused("只能交本主体的部门办理。", "department")
    request.department = department
    request.handler = handler
    request.save(update_fields=["department", "handler"])
    who = "、".join(str(x) for x in (department, handler and (handler.get_full_name() or handler)) if x)
    note(request, "assignment", f"交{who}办理。" if who else "取消交办。", user)
    audit.record("disclosure_request.assign", actor=user, target=request)


def request_amendment(request, *, issued_on: dt.date, items: str, period_days: int | None = None, user=None):
    """§30: one notice listing everything to complete, within 7 working days of receipt, with a reasonable period."""
    _require(request, Status.PROCESSING, message="只有办理中的申请可以告知补正。")
    start = clock.clock_start(request)
    limit = clock.amendment_notice_deadline(request)
    if start is None or limit is None:
        raise Refused("该申请尚未确认收到。")
    if issued_on < start:
        raise Refused("补正告知日期不能早于收到申请之日。", "issued_on")
    if issued_on > limit.day:
        raise Refused(f"补正告知应当自收到申请之日起7个工作日内作出(最迟{_cn(limit.day)}),已超过期限。", "issued_on")
    if not items.strip():
        raise Refused("请写明需要补正的事项。", "items")
    if period_days is None:
        office = RequestOffice.objects.filter(disclosing_body=request.disclosing_body).first()
        period_days = office.amendment_period_days if office else 15
    if period_days < 1:
        raise Refused("补正期限至少为1个工作日。", "period_days")
    deadline = add_working_days(clock._at(issued_on), period_days, request.disclosing_body)
    amendment = AmendmentRequest.objects.create(
        request=request,
        issued_on=issued_on,
        items=items.strip(),
        period_days=period_days,
        deadline_on=deadline.day,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    request.status = Status.AMENDMENT
    request.save(update_fields=["status"])
    audit.record("disclosure_request.amendment_request", actor=user, target=request)
    return amendment


def complete_amendment(request, *, completed_on: dt.date, note_text: str = "", user=None) -> None:
    """The completed application arrived: the 20 working days start again from this day (§30)."""
    _require(request, Status.AMENDMENT, message="该申请没有待补正的告知。")
    amendment = request.amendments.filter(completed_on__isnull=True, lapsed_on__isnull=True).first()
    if amendment is None:
        raise Refused("该申请没有待补正的告知。")
    if completed_on < amendment.issued_on:
        raise Refused("收到补正的日期不能早于补正告知日期。", "completed_on")
    if completed_on > beijing_today():
        raise Refused("收到补正的日期不能晚于今天。", "completed_on")
    if completed_on > amendment.deadline_on:
        raise Refused(
            f"补正期限已于{_cn(amendment.deadline_on)}届满,申请人逾期未补正的视为放弃申请(条例第三十条)。",
            "completed_on",
        )
    amendment.completed_on = completed_on
    amendment.completion_note = note_text
    amendment.save(update_fields=["completed_on", "completion_note"])
    request.status = Status.PROCESSING
    request.save(update_fields=["status"])
    audit.record("disclosure_request.amendment_completed", actor=user, target=request)


def close_lapsed_amendments(on: dt.date | None = None) -> int:
    """视为放弃申请: every application whose 补正 period ended before `on` without a completed application."""
    on = on or beijing_today()
    closed = 0
    lapsed = AmendmentRequest.objects.filter(
        completed_on__isnull=True, lapsed_on__isnull=True, deadline_on__lt=on, request__status=Status.AMENDMENT
    ).select_related("request")
    for amendment in lapsed:
        with transaction.atomic():
            amendment.lapsed_on = amendment.deadline_on + dt.timedelta(days=1)
            amendment.save(update_fields=["lapsed_on"])
            request = amendment.request
            request.status = Status.ABANDONED
            request.closed_on = amendment.lapsed_on
            request.save(update_fields=["status", "closed_on"])
            note(request, "note", "申请人逾期未补正,视为放弃申请,不再处理(条例第三十条)。")
            audit.record("disclosure_request.abandoned", target=request)
        closed += 1
    return closed


def extend(request, *, days: int, reason: str, approved_by: str, approved_on, notified_on, notice_method, user=None):
    """§33: once, at most 20 working days, with the office head's consent, decided in time, told to the applicant."""
    _require(request, Status.PROCESSING, message="只有办理中的申请可以延长答复期限。")
    if clock._has_extension(request):
        raise Refused("答复期限只能延长一次。")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise Refused(f"延长的期限为1至{MAX_EXTENSION_DAYS}个工作日。", "days")
    if not approved_by.strip():
        raise Refused("请填写同意延期的政府信息公开工作机构负责人。", "approved_by")
    current = clock.compute(request, on=approved_on)
    if current.due is None:
        raise Refused("该申请尚未开始计算答复期限。")
    if approved_on > current.due.day:
        raise Refused(f"延期须在答复期限届满({_cn(current.due.day)})前决定。", "approved_on")
    if approved_on < (current.start or approved_on):
        raise Refused("批准日期不能早于收到申请之日。", "approved_on")
    if notified_on < approved_on:
        raise Refused("告知申请人的日期不能早于批准日期。", "notified_on")
    extension = Extension.objects.create(
        request=request,
        days=days,
        reason=reason.strip(),
        approved_by=approved_by.strip(),
        approved_on=approved_on,
        notified_on=notified_on,
        notice_method=notice_method,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    audit.record("disclosure_request.extend", actor=user, target=request)
    return extension


def start_consultation(request, *, kind: str, party: str, served_on: dt.date, user=None) -> Consultation:
    _require(request, Status.PROCESSING, message="只有办理中的申请可以征求意见。")
    start = clock.clock_start(request)
    if start is None or served_on < start:
        raise Refused("征求意见书送达日期不能早于收到申请之日。", "served_on")
    if served_on > beijing_today():
        raise Refused("送达日期不能晚于今天。", "served_on")
    consultation = Consultation.objects.create(
        request=request,
        kind=kind,
        party=party.strip(),
        served_on=served_on,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    audit.record("disclosure_request.consultation", actor=user, target=request)
    return consultation


def record_opinion(consultation, *, answered_on: dt.date, opinion: str, user=None) -> None:
    if consultation.answered_on is not None:
        raise Refused("已记录该征求意见的答复。")
    if answered_on < consultation.served_on:
        raise Refused("收到意见的日期不能早于送达日期。", "answered_on")
    if answered_on > beijing_today():
        raise Refused("收到意见的日期不能晚于今天。", "answered_on")
    consultation.answered_on = answered_on
    consultation.opinion = opinion.strip()
    consultation.save(update_fields=["answered_on", "opinion"])


#: What each reply type needs before a letter can say it (§36, §37).
REQUIRED_FOR = {
    ReplyType.PROACTIVE: (("proactive_url", "请填写已主动公开信息的网址或获取途径。"),),
    ReplyType.PARTLY: (
        ("content", "请写明提供的信息内容。"),
        ("withholding_ground", "请选择不予公开部分的理由。"),
        ("legal_basis", "请说明不予公开部分的法律依据和理由。"),
    ),
    ReplyType.DISCLOSED: (("content", "请写明提供的信息或获取方式、途径和时间。"),),
    ReplyType.WITHHELD: (
        ("withholding_ground", "请选择不予公开的理由。"),
        ("legal_basis", "请说明不予公开的法律依据和理由。"),
    ),
    ReplyType.NOT_OURS: (("other_body_name", "请填写负责公开该信息的机关名称;无法确定的请说明理由。"),),
    ReplyType.SPECIAL_LAW: (("special_law", "请写明对信息获取有特别规定的法律、行政法规。"),),
}


def reply(request, *, data: dict, user=None) -> Reply:
    _require(request, Status.PROCESSING, message="只有办理中的申请可以答复。")
    start = clock.clock_start(request)
    replied_on = data["replied_on"]
    if start is None or replied_on < start:
        raise Refused("答复日期不能早于收到申请之日。", "replied_on")
    if replied_on > beijing_today():
        raise Refused("答复日期不能晚于今天。", "replied_on")
    for field, message in REQUIRED_FOR.get(data["reply_type"], ()):
        if not str(data.get(field) or "").strip():
            raise Refused(message, field)
    office = RequestOffice.objects.filter(disclosing_body=request.disclosing_body).first()
    if data.get("fee") and not (office and office.fees_enabled):
        raise Refused("本机关未启用信息处理费,收费金额应为0。", "fee")
    # Only information released on request is listed in the 依申请公开目录 under a public name.
    released = data["reply_type"] in RELEASED_TYPES
    data = {**data, "catalogue_title": (data.get("catalogue_title") or "").strip() if released else ""}
    letter_number = (
        data.get("letter_number")
        or f"{request.disclosing_body.short_name}依申请公开告〔{replied_on.year}〕{request.number.split('-')[-1]}号"
    )
    with transaction.atomic():
        created = Reply.objects.create(
            request=request,
            letter_number=letter_number,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            **{k: v for k, v in data.items() if k != "letter_number" and v is not None},
        )
        request.status = Status.REPLIED
        request.closed_on = replied_on
        request.save(update_fields=["status", "closed_on"])
    audit.record("disclosure_request.reply", actor=user, target=request)
    return created


def record_delivery(reply_obj: Reply, *, delivered_on: dt.date, method: str, note_text: str = "", user=None) -> None:
    if delivered_on < reply_obj.replied_on:
        raise Refused("送达日期不能早于答复日期。", "delivered_on")
    reply_obj.delivered_on = delivered_on
    reply_obj.delivery_method = method
    reply_obj.delivery_note = note_text
    reply_obj.save(update_fields=["delivered_on", "delivery_method", "delivery_note"])
    audit.record("disclosure_request.delivery", actor=user, target=reply_obj.request)


def withdraw(request, *, on: dt.date, user=None) -> None:
    if not request.is_open:
        raise Refused("该申请已办结。")
    request.status = Status.WITHDRAWN
    request.closed_on = on
    request.save(update_fields=["status", "closed_on"])
    note(request, "note", "申请人撤回申请。", user)
    audit.record("disclosure_request.withdraw", actor=user, target=request)


def channel_needs_confirmation(channel: str) -> bool:
    return channel in CONFIRMED_CHANNELS and channel != Channel.IN_PERSON


def _same_information(request):
    key = request.document_number.strip()
    same = InformationRequest.objects.filter(
        disclosing_body_id=request.disclosing_body_id, reply__reply_type__in=(ReplyType.DISCLOSED, ReplyType.PARTLY)
    )
    return same.filter(document_number=key) if key else same.filter(title=request.title)


def may_offer_for_proactive(request) -> bool:
    """§44: offered once the same information was disclosed to at least two applicants."""
    reply_obj = getattr(request, "reply", None)
    if request.offered_for_proactive or reply_obj is None:
        return False
    return reply_obj.reply_type in (ReplyType.DISCLOSED, ReplyType.PARTLY) and _same_information(request).count() >= 2


def offer_for_proactive(request, user=None) -> int:
    """Mark every application for the same information as offered for 主动公开 (条例第四十四条)."""
    if not may_offer_for_proactive(request):
        raise Refused("该信息尚未向多个申请人公开,或已提请主动公开。")
    same = _same_information(request)
    count = same.update(offered_for_proactive=True)
    note(request, "note", f"该信息已向{count}个申请人公开,提请纳入主动公开范围(条例第四十四条)。", user)
    audit.record("disclosure_request.offer_for_proactive", actor=user, target=request)
    return count
