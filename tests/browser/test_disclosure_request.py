"""A citizen applies to 历阳镇人民政府 for government information on a phone, keeps the query code from the receipt
and looks the application up with it; a form sent with a required field empty comes back with everything typed."""

import pytest
from django.core.cache import caches

from interpretation.disclosure_requests.models import RequestOffice
from tests.browser.conftest import shot
from tests.factories.site import GroupFactory, body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TOWN = "历阳镇人民政府"
TITLE = "2025年历阳镇农村道路建设项目资金使用情况"


@pytest.fixture
def site(transactional_db, live_server):
    """The town accepting applications through its office, served by the live server (no library: not needed)."""
    caches["default"].clear()  # the per-address limit on applications counts in the cache
    RequestOffice.objects.create(
        disclosing_body=body("liyang"),
        name="历阳镇党政办公室",
        handlers=GroupFactory(name="依申请公开办理"),
        head_name="张明",
        phone="0555-5312001",
    )
    yield live_server.url
    caches["default"].clear()


def fill_application(page, *, title: str) -> None:
    page.get_by_label("公民", exact=True).check()
    page.get_by_label("姓名或名称").fill("刘洋")
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("341523199001011230")
    page.get_by_label("联系电话").fill("13905551234")
    page.get_by_label("电子邮箱").fill("liuyang@example.com")
    page.get_by_label("所需信息名称").fill(title)
    page.get_by_label("提供形式").select_option(label="电子文件")
    page.get_by_label("获取方式").select_option(label="电子邮件")
    page.get_by_label("我承诺所填信息真实有效").check()


def open_the_form(page, site: str) -> None:
    page.goto(site + "/disclosure-requests/")
    page.get_by_role("link", name=f"向{TOWN}提出申请").click()
    page.wait_for_url("**/disclosure-requests/liyang/apply/")
    assert TOWN in page.locator("main").inner_text()


def test_a_citizen_applies_keeps_the_query_code_and_finds_the_application_by_it(site, phone):
    open_the_form(phone, site)
    fill_application(phone, title=TITLE)
    phone.get_by_role("button", name="提交申请").click()
    phone.get_by_role("heading", name="申请已提交").wait_for()
    receipt = phone.get_by_role("status")
    assert f"受理机关:{TOWN}" in receipt.inner_text() and TITLE in receipt.inner_text()
    code = receipt.locator(".dr-code").inner_text().strip()
    assert code
    shot(phone, "20-disclosure-receipt-phone")

    phone.locator("main").get_by_role("link", name="政府信息公开申请").click()
    phone.wait_for_url("**/disclosure-requests/")
    phone.get_by_label("查询码").fill(code)
    phone.get_by_role("button", name="查询").click()
    phone.get_by_role("heading", name="申请办理进度").wait_for()
    status = phone.locator(".dr-status")
    assert status.get_by_role("row", name="受理机关").get_by_role("cell").inner_text() == TOWN
    assert status.get_by_role("row", name="办理状态").get_by_role("cell").inner_text() == "待确认收到"
    assert status.get_by_role("row", name="所需信息").get_by_role("cell").inner_text() == TITLE
    assert "341523199001011230" not in phone.locator("main").inner_text(), "the lookup shows no personal data"
    shot(phone, "21-disclosure-status-phone")


def test_a_form_missing_a_required_field_comes_back_in_chinese_with_what_was_typed(site, phone):
    open_the_form(phone, site)
    fill_application(phone, title="")
    phone.get_by_role("button", name="提交申请").click()
    phone.get_by_role("alert").wait_for()
    assert "申请未提交" in phone.get_by_role("alert").inner_text()
    assert phone.get_by_text("请填写所需政府信息的名称。").is_visible()
    assert phone.get_by_label("姓名或名称").input_value() == "刘洋"
    assert phone.get_by_label("证件号码").input_value() == "341523199001011230"
    assert phone.get_by_label("电子邮箱").input_value() == "liuyang@example.com"
    assert phone.get_by_label("获取方式").input_value() == "email"
    assert phone.get_by_label("公民", exact=True).is_checked()
    shot(phone, "22-disclosure-missing-field-phone")
