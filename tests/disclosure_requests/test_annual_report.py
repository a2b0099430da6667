"""The 年度报告 in the 2021 format: each table from its source, checked cell by cell; the county sum; publishing as
a page of the body's column and as .docx; the 31 January reminder."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from interpretation.disclosure_requests import annual_report, lifecycle
from interpretation.disclosure_requests.annual_report import deadline
from interpretation.disclosure_requests.models import AnnualReport, InformationRequest
from tests.disclosure_requests.conftest import make_request
from tests.factories import site
from tests.factories.library import release_policy

pytestmark = pytest.mark.django_db

D = dt.date
ZERO = [0] * 7


def _reply(application, reply_type: str, on: dt.date, **extra):
    data = {"reply_type": reply_type, "replied_on": on, "content": "提供全文", "fee": 0, **extra}
    return lifecycle.reply(application, data=data)


def test_section_three_for_a_known_set_of_cases_cell_by_cell(request_office):
    carried_in = make_request(D(2025, 12, 22), applicant_kind="organization", organization_type="legal_service")
    _reply(carried_in, "partly", D(2026, 1, 9), withholding_ground="third_party", legal_basis="第十五条")
    _reply(make_request(D(2026, 3, 2)), "disclosed", D(2026, 3, 20))
    _reply(make_request(D(2026, 4, 1)), "proactive", D(2026, 4, 3), proactive_url="https://example.gov.cn/a")
    _reply(make_request(D(2026, 5, 6)), "not_ours", D(2026, 5, 8), other_body_name="和县自然资源和规划局")
    _reply(
        make_request(D(2026, 6, 1), applicant_kind="organization", organization_type="business"),
        "repeat",
        D(2026, 6, 5),
    )
    make_request(D(2026, 11, 30))  # still open at the year's end: carried into 2027
    make_request(D(2025, 3, 2))  # received in 2025 and never decided: carried in, and carried on
    table = annual_report.application_table(
        InformationRequest.objects.filter(disclosing_body=site.body("liyang")), 2026
    )
    rows = dict(table.as_rows())
    labels = {key: label for key, label in annual_report.ROWS}
    # columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    assert rows[labels["new"]] == [4, 1, 0, 0, 0, 0, 5]
    assert rows[labels["carried_in"]] == [1, 0, 0, 0, 1, 0, 2]
    assert rows[labels["disclosed"]] == [2, 0, 0, 0, 0, 0, 2]  # 予以公开 and 已主动公开
    assert rows[labels["partly"]] == [0, 0, 0, 0, 1, 0, 1]
    assert rows[labels["unable:not_held"]] == [1, 0, 0, 0, 0, 0, 1]  # 不属于本机关负责公开
    assert rows[labels["not_processed:repeat"]] == [0, 1, 0, 0, 0, 0, 1]
    assert rows[labels["decided"]] == [3, 1, 0, 0, 1, 0, 5]
    assert rows[labels["carried_out"]] == [2, 0, 0, 0, 0, 0, 2]
    assert rows[labels["withheld:state_secret"]] == ZERO
    assert table.balanced


def test_section_two_counts_the_library_and_sums_the_entered_figures():
    site.office(("jingji",))
    town = site.body("liyang")
    newer = release_policy(slug="n2026b", title="历阳镇2026年新规定", document_type="normative_document", year=2026)
    release_policy(slug="n2026a", title="历阳镇2026年办法", document_type="normative_document", year=2026)
    release_policy(slug="n2025", title="历阳镇2025年细则", document_type="normative_document", year=2025)
    release_policy(
        slug="n2024",
        title="历阳镇2024年规定",
        document_type="normative_document",
        year=2024,
        validity="repealed",
        superseded_by=newer,
    )
    release_policy(slug="o2026", title="历阳镇2026年工作要点", document_type="other_policy", year=2026)
    report = AnnualReport.objects.create(disclosing_body=town, year=2026, licensing_decisions=126, fee_amount="1.5")
    table = annual_report.compute(report)["proactive"]
    # 本年制发: the two of 2026; 本年废止: the 2024 one, repealed by a 2026 document; 现行有效: 2025 + two of 2026
    assert table["normative"] == [["规章", 0, 0, 0], ["行政规范性文件", 2, 1, 3]]
    assert (table["licensing"], table["penalty"], table["fees"]) == (126, 0, "1.5")
    assert annual_report.compute(AnnualReport(disclosing_body=town, year=2025))["proactive"]["normative"][1] == [
        "行政规范性文件",
        1,
        0,
        2,
    ]


def test_a_county_report_sums_its_towns_cases_and_figures(request_office):
    county, town = site.body("hexian"), site.body("liyang")
    _reply(make_request(D(2026, 3, 2)), "disclosed", D(2026, 3, 20))
    AnnualReport.objects.create(disclosing_body=town, year=2026, licensing_decisions=3, review_upheld=1)
    own = AnnualReport.objects.create(disclosing_body=county, year=2026, licensing_decisions=5, direct_pending=2)
    assert annual_report.compute(own)["applications"]["rows"][0][1][-1] == 0  # the county government's own cases
    own.includes_bodies = True
    summed = annual_report.compute(own)
    assert summed["applications"]["rows"][0][1][-1] == 1 and summed["proactive"]["licensing"] == 8
    assert summed["reviews"] == {"review": [1, 0, 0, 0, 1], "direct": [0, 0, 0, 2, 2], "after_review": [0] * 5}


def test_review_screen_publishes_the_report_as_a_page_of_the_body_column_and_as_docx(
    client, admin_client, request_office
):
    town = site.body("liyang")
    column = site.column(town)
    _reply(make_request(D(2026, 3, 2)), "disclosed", D(2026, 3, 20))
    report = AnnualReport.objects.create(
        disclosing_body=town, year=2026, overview="全年依法办理申请。", review_upheld=1
    )
    screen = admin_client.get(reverse("disclosure_requests_admin:report", args=(report.pk,))).content.decode()
    assert "草稿" in screen and "第三部分勾稽关系已核对一致" in screen and "发布年度报告" in screen
    old_url = reverse("disclosure_requests:report", args=("liyang", 2026))
    assert client.get(old_url).status_code == 404
    admin_client.post(reverse("disclosure_requests_admin:report_publish", args=(report.pk,)))
    report.refresh_from_db()
    assert report.published_at is not None and report.reviews_table["review"] == [1, 0, 0, 0, 1]
    page_url = column.url + "annual-report/2026/"
    assert client.get(old_url)["Location"] == page_url
    page = client.get(page_url).content.decode()
    for text in (
        "历阳镇人民政府2026年政府信息公开工作年度报告",
        "全年依法办理申请。",
        "第二十条第(一)项",
        "行政规范性文件",
        "法律服务机构",
        "未经复议直接起诉",
        "下载Word版",
    ):
        assert text in page
    assert page_url in client.get(column.url).content.decode()
    document = Document(
        io.BytesIO(client.get(reverse("disclosure_requests:report_docx", args=("liyang", 2026))).content)
    )
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert len(document.tables) == 6 and "行政事业性收费" in cells and "复议后起诉" in cells
    assert "一、本年新收政府信息公开申请数量" in cells


@pytest.mark.parametrize(
    ("today", "year"), [(D(2026, 11, 30), None), (D(2026, 12, 1), 2026), (D(2027, 1, 31), 2026), (D(2027, 2, 1), None)]
)
def test_the_31_january_reminder_runs_from_1_december(today, year):
    assert deadline.reporting_year(today) == year


def test_the_dashboard_shows_each_bodys_report_against_31_january(admin_client, monkeypatch):
    monkeypatch.setattr(lifecycle, "beijing_today", lambda: D(2027, 1, 20))
    town = site.body("liyang")
    AnnualReport.objects.create(disclosing_body=town, year=2026)
    page = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2026年政府信息公开工作年度报告:须于2027年1月31日前发布" in page
    assert "距截止还有 <strong>11</strong> 天" in page and "审阅与发布" in page


def test_a_report_marked_published_outside_the_admin_is_frozen_too(request_office):
    _reply(make_request(D(2026, 3, 2)), "disclosed", D(2026, 3, 20))
    report = AnnualReport.objects.create(disclosing_body=site.body("liyang"), year=2026, published=True)  # a shell
    assert report.published_at is not None and report.applications_table["rows"][0][1][-1] == 1
    make_request(D(2026, 4, 1))
    report.refresh_from_db()
    assert report.applications_table["rows"][0][1][-1] == 1, "a later case does not change the published table"
