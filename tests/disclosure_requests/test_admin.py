"""The handling office at work: entering a paper application, 补正, extension, reply and its letter; who sees whom."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from interpretation.disclosure_requests.choices import Status
from interpretation.disclosure_requests.models import InformationRequest
from tests.disclosure_requests.conftest import make_request
from tests.factories import site
from tests.factories.site import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date
#: The report form's figures: the admin shows each as 0 until the office enters it.
FIGURES = [
    "licensing_decisions",
    "penalty_decisions",
    "enforcement_decisions",
    "fee_amount",
    *(
        f"{group}_{outcome}"
        for group in ("review", "direct", "after_review")
        for outcome in ("upheld", "corrected", "other", "pending")
    ),
]
ID_NUMBER = "341523199001011234"


@pytest.fixture
def people(request_office):
    handler = UserFactory(username="gkb_handler", first_name="陈静", groups=[request_office.handlers])
    jingji = site.department("jingji")
    editors = GroupFactory(name="经济发展办公室-起草人")
    jingji.editors = editors
    jingji.save()
    department_editor = UserFactory(username="jjb_editor", first_name="赵磊", groups=[editors])
    auditors = GroupFactory(name="审计管理员", permissions=["disclosure_requests.view_personal_data"])
    auditor = UserFactory(username="auditor", first_name="审计员", groups=[auditors], body=site.body("hexian"))
    stranger = UserFactory(username="dzb_editor", first_name="王芳", groups=[GroupFactory(name="党政办公室-起草人")])
    return {
        "handler": handler,
        "department": department_editor,
        "auditor": auditor,
        "stranger": stranger,
        "jingji": jingji,
    }


def case_url(application):
    return reverse("disclosure_requests_admin:case", args=(application.pk,))


def act(client, application, action, data):
    return client.post(reverse("disclosure_requests_admin:act", args=(application.pk, action)), data)


def test_staff_enter_a_letter_application_with_its_signed_for_date(client, people):
    client.force_login(people["handler"])
    form = {
        "channel": "registered_mail",
        "received_on": "",
        "applicant_kind": "citizen",
        "applicant_name": "刘洋",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "address": "和县历阳镇和州路1号",
        "title": "2025年历阳镇农村道路建设项目资金使用情况",
        "information_form": "paper",
        "delivery_method": "mail",
    }
    refused = client.post(reverse("disclosure_requests_admin:create"), form)
    assert refused.status_code == 400
    assert "以行政机关签收之日为收到申请之日" in refused.content.decode()
    response = client.post(reverse("disclosure_requests_admin:create"), {**form, "received_on": "2026-09-21"})
    application = InformationRequest.objects.get()
    assert response.status_code == 302 and application.status == Status.PROCESSING
    assert application.received_on == D(2026, 9, 21) and application.entered_by == people["handler"]
    page = client.get(case_url(application)).content.decode()
    assert "2026年10月26日" in page  # 20 working days, across 中秋 and 国庆


def test_a_portal_application_is_confirmed_then_taken_through_amendment_extension_and_reply(client, people):
    application = make_request(None)
    InformationRequest.objects.filter(pk=application.pk).update(
        submitted_at=dt.datetime(2026, 9, 20, 22, 30, tzinfo=dt.UTC)  # Monday 21 September, 06:30 in Beijing
    )
    client.force_login(people["handler"])
    assert act(client, application, "confirm", {"received_on": "2026-09-21"}).status_code == 302
    assert (
        act(
            client,
            application,
            "amendment",
            {"issued_on": "2026-09-24", "items": "请写明项目名称。", "period_days": "10"},
        ).status_code
        == 302
    )
    assert "补正截止日期" in client.get(case_url(application)).content.decode()
    assert act(client, application, "amended", {"completed_on": "2026-10-12"}).status_code == 302
    page = client.get(case_url(application)).content.decode()
    assert "2026年11月9日" in page  # restarted from 12 October
    refused = act(
        client,
        application,
        "extend",
        {
            "days": "25",
            "reason": "调档",
            "approved_by": "张明",
            "approved_on": "2026-11-02",
            "notified_on": "2026-11-02",
            "notice_method": "mail",
        },
    )
    assert refused.status_code == 400
    assert (
        act(
            client,
            application,
            "extend",
            {
                "days": "20",
                "reason": "需调取档案",
                "approved_by": "张明",
                "approved_on": "2026-11-02",
                "notified_on": "2026-11-03",
                "notice_method": "mail",
            },
        ).status_code
        == 302
    )
    assert "2026年12月7日" in client.get(case_url(application)).content.decode()
    missing = act(client, application, "reply", {"reply_type": "withheld", "replied_on": "2026-11-20", "fee": "0"})
    assert missing.status_code == 400 and "请选择不予公开的理由。" in missing.content.decode()
    done = act(
        client,
        application,
        "reply",
        {"reply_type": "disclosed", "replied_on": "2026-11-20", "content": "提供项目资金拨付明细表。", "fee": "0"},
    )
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.REPLIED
    letter = client.get(reverse("disclosure_requests_admin:letter", args=(application.pk, "docx")))
    assert letter.status_code == 200 and "no-store" in letter["Cache-Control"]
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert "政府信息公开申请答复告知书" in text and "2026年10月12日收到补正后的申请" in text
    assert "延长20个工作日" in text and "第三十六条第二项" in text and "向和县人民政府申请行政复议" in text
    pdf = client.get(reverse("disclosure_requests_admin:letter", args=(application.pk, "pdf")))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_personal_data_is_shown_to_the_office_and_the_auditor_and_masked_for_the_assigned_department(client, people):
    application = make_request(D(2026, 9, 21), id_number=ID_NUMBER)
    application.department = people["jingji"]
    application.save()
    for who, sees in (("handler", True), ("auditor", True), ("department", False)):
        client.force_login(people[who])
        page = client.get(case_url(application)).content.decode()
        assert (ID_NUMBER in page) is sees, who
        assert ("13905551234" in page) is sees, who
        listing = client.get(reverse("disclosure_requests_admin:index")).content.decode()
        assert ("刘洋" in listing) is sees, who
    client.force_login(people["department"])
    assert "341" in client.get(case_url(application)).content.decode()  # masked, not absent
    assert client.get(reverse("disclosure_requests_admin:letter", args=(application.pk, "docx"))).status_code == 302
    refused = act(client, application, "reply", {"reply_type": "not_exist", "replied_on": "2026-10-01"})
    assert refused.status_code == 302 and refused["Location"] == reverse(
        "wagtailadmin_home"
    )  # Wagtail's "no permission"
    application.refresh_from_db()
    assert application.status == Status.PROCESSING


def test_another_department_does_not_see_the_case_at_all(client, people):
    application = make_request(D(2026, 9, 21))
    application.department = people["jingji"]
    application.save()
    client.force_login(people["stranger"])
    assert client.get(case_url(application)).status_code == 404
    assert client.get(reverse("disclosure_requests_admin:index"))["Location"] == reverse("wagtailadmin_home")


def test_the_dashboard_lists_overdue_and_due_soon_cases_per_handler(client, people):
    overdue = make_request(D(2026, 9, 21), title="已超期的申请")
    overdue.handler = people["handler"]
    overdue.save()
    make_request(D(2026, 12, 1), title="还早的申请")
    client.force_login(people["handler"])
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "政府信息公开申请答复期限提醒" in page and "已超期的申请" in page and "还早的申请" not in page
    assert "陈静:1 件" in page


def test_ticking_publish_on_the_annual_report_freezes_its_table(admin_client, request_office):
    from interpretation.disclosure_requests.models import AnnualReport

    make_request(D(2026, 9, 21))
    response = admin_client.post(
        reverse("wagtailsnippets_disclosure_requests_annualreport:add"),
        {
            "disclosing_body": request_office.disclosing_body.pk,
            "year": "2026",
            "overview": "概述",
            "published": "on",
            **{name: "0" for name in FIGURES},
            "licensing_decisions": "12",
        },
    )
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    assert report.published_at is not None and report.applications_table["balanced"]
    assert report.applications_table["rows"][0][1][0] == 1  # 一、本年新收: one from a natural person
    assert report.proactive_table["licensing"] == 12 and report.reviews_table["review"] == [0] * 5
