"""Demo applications to 历阳镇人民政府: loaded by `manage.py load_demo`; each exists once, whatever reruns."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from bodies.models import DisclosingBody
from interpretation.working_days.calendar import CHINA_TZ, is_working_day

from . import catalogue, lifecycle
from . import demo_content as content
from .models import AnnualReport, CatalogueEdition, InformationRequest, RequestOffice
from .validators import _CREDIT_ALPHABET, _CREDIT_WEIGHTS, _ID_CHECK, _ID_WEIGHTS


def _with_check(kind: str, head: str) -> str:
    if kind == "resident_id":
        return head + _ID_CHECK[sum(int(d) * w for d, w in zip(head, _ID_WEIGHTS, strict=True)) % 11]
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(head, _CREDIT_WEIGHTS, strict=True))
    return head + _CREDIT_ALPHABET[(31 - total % 31) % 31]


def _fields(applicant: str, title: str, number: str = "") -> dict:
    kind, org_type, name, id_type, id_head, phone, address = content.APPLICANTS[applicant]
    return {
        "applicant_kind": kind,
        "organization_type": org_type,
        "applicant_name": name,
        "id_type": id_type,
        "id_number": _with_check(id_type, id_head),
        "contact_person": "张律师" if kind == "organization" else "",
        "phone": phone,
        "address": address,
        "title": title,
        "document_number": number,
        "information_form": "paper",
        "delivery_method": "mail",
    }


def ensure_office(body) -> RequestOffice:
    handlers = Group.objects.filter(name="政务公开办").first() or Group.objects.create(name="政务公开办")
    office, _ = RequestOffice.objects.get_or_create(
        disclosing_body=body,
        defaults={
            "name": "历阳镇党政办公室",
            "handlers": handlers,
            "head_name": "张明",
            "phone": "0555-5312001",
            "address": "和县历阳镇和州路1号",
            "postcode": "238200",
        },
    )
    # The 审计管理员 group (security.roles, made by a migration) holds view_personal_data.
    return office


def _working_days_before(day: dt.date, n: int, body) -> dt.date:
    while n:
        day -= dt.timedelta(days=1)
        if is_working_day(day, body):
            n -= 1
    return day


def _make(body, key, applicant, channel, received, title, number, user):
    fields = _fields(applicant, title, number)
    created, _code = lifecycle.create(body, fields=fields, channel=channel, received_on=received, user=user)
    moment = dt.datetime.combine(received or lifecycle.beijing_today(), dt.time(9, 30), tzinfo=CHINA_TZ)
    InformationRequest.objects.filter(pk=created.pk).update(submitted_at=moment)
    created.refresh_from_db()
    return created


def _closed(body, case, handler, department):
    key, applicant, channel, received, title, number, path, reply = case
    received = dt.date(*received)
    application = _make(body, key, applicant, channel, received, title, number, handler)
    lifecycle.assign(application, department, handler, handler)
    lifecycle.note(application, "search", "检索本机关文书档案和业务系统。", handler)
    start = received
    if "amendment" in path or "amendment_lapsed" in path:
        issued = _working_days_after(received, 2, body)
        lifecycle.request_amendment(
            application,
            issued_on=issued,
            items="请写明所需信息的具体项目名称和时间范围。",
            period_days=10,
            user=handler,
        )
        if "amendment_lapsed" in path:
            lifecycle.close_lapsed_amendments()
            return
        start = _working_days_after(issued, 4, body)
        lifecycle.complete_amendment(application, completed_on=start, note_text="补充了项目名称。", user=handler)
    if "extension" in path:
        approved = _working_days_after(start, 18, body)
        lifecycle.extend(
            application,
            days=15,
            reason="需调取竣工决算档案。",
            approved_by="张明",
            approved_on=approved,
            notified_on=approved,
            notice_method="mail",
            user=handler,
        )
    if "withdrawn" in path:
        lifecycle.withdraw(application, on=_working_days_after(received, 5, body), user=handler)
        return
    reply_type, replied_on, extra = reply
    replied = lifecycle.reply(
        application,
        data={"reply_type": reply_type, "replied_on": dt.date(*replied_on), "fee": 0, **extra},
        user=handler,
    )
    lifecycle.record_delivery(
        replied, delivered_on=replied.replied_on + dt.timedelta(days=2), method="mail", note_text="挂号信", user=handler
    )


def _working_days_after(day: dt.date, n: int, body) -> dt.date:
    from interpretation.working_days.calendar import add_working_days

    return add_working_days(dt.datetime.combine(day, dt.time(12), tzinfo=CHINA_TZ), n, body).day


def _open(body, case, handler, department, today):
    key, applicant, channel, title, ago, path = case
    received = _working_days_before(today, ago, body) if ago is not None else None
    application = _make(body, key, applicant, channel, received, title, "", handler)
    if received is None:
        return
    lifecycle.assign(application, department, handler, handler)
    if "amendment" in path:
        lifecycle.request_amendment(
            application,
            issued_on=_working_days_after(received, 1, body),
            items="请写明所需文件的名称或文号。",
            period_days=15,
            user=handler,
        )
    if "consultation" in path:
        lifecycle.start_consultation(
            application,
            kind="third_party",
            party="和县某环保工程有限公司",
            served_on=_working_days_after(received, 6, body),
            user=handler,
        )
    if "extension" in path:
        approved = _working_days_after(received, 18, body)
        lifecycle.extend(
            application,
            days=10,
            reason="涉及多个项目,需逐一核对。",
            approved_by="张明",
            approved_on=approved,
            notified_on=approved,
            notice_method="email",
            user=handler,
        )


def load() -> str:
    body = DisclosingBody.objects.filter(name="历阳镇人民政府").first()
    if body is None:
        return "依申请公开:未找到历阳镇人民政府,跳过"
    ensure_office(body)
    handler = get_user_model().objects.filter(username="gkb_reviewer").first()
    department = body.departments.filter(code="dangzheng").first()
    existing = set(InformationRequest.objects.filter(disclosing_body=body).values_list("title", "applicant_name"))
    today = lifecycle.beijing_today()
    made = 0
    with transaction.atomic():
        for closed in content.CLOSED:
            if (closed[4], content.APPLICANTS[closed[1]][2]) not in existing:
                _closed(body, closed, handler, department)
                made += 1
        for still_open in content.OPEN:
            if (still_open[3], content.APPLICANTS[still_open[1]][2]) not in existing:
                _open(body, still_open, handler, department, today)
                made += 1
    AnnualReport.objects.get_or_create(disclosing_body=body, year=2026, defaults=content.REPORT_2026)
    total = InformationRequest.objects.filter(disclosing_body=body).count()
    editions = _compile_2026_catalogues(body, today)
    return (
        f"依申请公开:历阳镇政府信息公开申请{total}件(本次新建{made}件)"
        ",覆盖待确认、办理中、补正、延期、征求意见、各类答复、视为放弃和撤回;"
        f"2026年依申请公开目录{editions}期;2026年度报告草稿待审阅发布"
    )


def _compile_2026_catalogues(body, today: dt.date) -> int:
    """The town's 2026 editions that have ended, each compiled once (a rerun leaves them as they are)."""
    office = RequestOffice.objects.get(disclosing_body=body)
    period = catalogue.Period.containing(dt.date(2026, 1, 1), office.catalogue_period)
    count = 0
    while period.year == 2026 and period.end < today:
        if not CatalogueEdition.objects.filter(disclosing_body=body, key=period.key).exists():
            catalogue.compile_edition(body, period)
        count += 1
        period = period.next()
    return count
