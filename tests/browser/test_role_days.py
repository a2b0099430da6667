"""A day in the office for each role, in Chromium against the live server: the drafter imports from Word and submits,
the department head signs in the 三同步审签视图, 政务公开办 approves an attribute, the releaser watches the
deliveries turn 已送达 with a real Celery worker, the body's administrator adds a colleague and a partner.

Each walk fails on a server error, an English UI string, a dead end (没有权限, 404) or a missing confirmation
(tests/browser/walk.py)."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client
from django.utils.html import strip_tags

from bodies.models import DisclosingBody
from interpretation.models import PolicyDocumentPage, TextMaterialPage
from tests.bodies.county import BODY_ADMIN_PERMISSIONS, BODY_ADMINS
from tests.browser.walk import Day
from tests.factories.policies import released_bundle
from tests.factories.site import GroupFactory, UserFactory, office, section
from tests.factories.word import TITLE, make_docx, make_interpretation_docx
from tests.interpretation.test_review_outcomes import ON_REQUEST, at_the_office, submitted
from tests.ledger.conftest import worker_env
from tests.ledger.workers import celery, pool, purge_stale_bells

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def site(transactional_db, live_server, settings):
    """The office (bodies, departments, people) on the live server; each day makes the documents it works on, so
    the shared fixture's library (work plan and six policies) is left out.

    Wagtail 8 autosaves an edit form 0.5 s after typing stops; a click on a checkbox while an autosave answers
    could be lost (seen once: "clicking the checkbox did not change its state" on 解读途径). These days are about
    the editors' steps, not autosave, so it is off here and every step's state is the one the test set.
    """
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    caches["default"].clear()
    office()
    yield live_server.url
    caches["default"].clear()


@pytest.fixture
def day(desktop, site):
    return Day(desktop, site)


def test_the_drafter_imports_from_word_completes_the_plan_and_submits(day, tmp_path):
    day.log_in("dzb_editor")
    day.visit("/admin/word-import/")
    (tmp_path / "意见.docx").write_bytes(make_docx(image=False))
    (tmp_path / "解读.docx").write_bytes(make_interpretation_docx())
    page = day.page
    page.select_option("#id_section", label="党政办公室")
    page.set_input_files("#id_policy_file", str(tmp_path / "意见.docx"))
    page.set_input_files("#id_interpretation_file", str(tmp_path / "解读.docx"))
    day.click("导入")
    day.confirmed("已从 Word 导入草稿")
    policy = PolicyDocumentPage.objects.get(title=TITLE)

    page.get_by_role("tab", name="解读方案").click()
    page.fill("#id_plan_release_at", "2026-12-20 10:00")
    page.locator("input[name=plan_channels][value=website]").check()
    page.locator("input[name=plan_forms][value=text]").check()
    page.fill("#id_plan_outline", "一、出台背景\n二、主要内容")
    page.fill("#id_first_interpreter", "张明")
    page.get_by_role("tab", name="公开属性").click()
    page.select_option("#id_disclosure_attribute", value="proactive")
    day.click("保存草稿")
    day.confirmed("已被更新", "已保存")

    material = TextMaterialPage.objects.child_of(policy).get()
    assert material.get_latest_revision_as_object().body, "the interpretation's text came from Word"
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target=toggle]").last.click()
    day.click("提交")
    said = day.confirmed("提交进行审核")
    assert TITLE in said
    policy.refresh_from_db()
    assert policy.current_workflow_task is not None, "the bundle waits for the head's signature"


# -- the head, 政务公开办 and the releaser ------------------------------------------------------------------------


def _office():
    return {"sections": {code: section(code) for code in ("jingji", "dangzheng")}}


def _client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _open_task_from_the_dashboard(day, title: str) -> str:
    """The dashboard's 等待您审签 lists the bundle; its title opens the 三同步审签视图."""
    day.visit("/admin/")
    day.page.get_by_role("link", name=title).first.click()
    day.page.wait_for_url("**/admin/three-sync/**")
    return day.check()


def test_the_head_reads_the_whole_bundle_signs_it_and_it_is_released(day):
    policy = submitted(_client, _office())
    material = TextMaterialPage.objects.child_of(policy).get().get_latest_revision_as_object()
    day.log_in("jjb_leader")
    review = _open_task_from_the_dashboard(day, policy.title)
    material_text = strip_tags(material.body).strip()
    assert material_text[:20] in review, "the head reads the material's text, not only its summary"
    day.click("同步审签通过")
    said = day.confirmed("已同步发布", "已发布")
    assert policy.title in said
    assert "/admin/three-sync/" in day.page.url or day.page.url.endswith("/admin/"), "back in the queue"
    policy.refresh_from_db()
    assert policy.live, "signed and released together"
    day.visit(policy.url_path.removeprefix("/home"))
    assert policy.title in day.page.title()


def test_the_openness_office_approves_an_attribute_and_lands_in_its_queue(day):
    policy = at_the_office(_client, _office())
    day.log_in("gkb_reviewer")
    review = _open_task_from_the_dashboard(day, policy.title)
    assert "依申请公开" in review and ON_REQUEST["withholding_reason"] in review
    day.click("同意公开属性")
    said = day.confirmed("已同意")
    assert policy.title in said
    assert "/admin/pages/" not in day.page.url, "the reviewer may no longer open the page: they land in their queue"


def _row_shows(day, path: str, channel_label: str, state_label: str) -> bool:
    day.page.goto(f"{day.base}{path}")
    rows = day.page.locator("table.listing tbody tr", has_text=channel_label)
    return any(state_label in rows.nth(i).inner_text() for i in range(rows.count()))


def _wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"


def test_the_releaser_watches_the_website_row_turn_delivered_and_sends_a_correction(day, site, settings):
    settings.SITE_URL = site
    purge_stale_bells()
    with celery("worker", *pool(2), **worker_env(site_url=site)):
        policy = released_bundle(department="jingji", slug="shuizi-buzhu", title="历阳镇农田水利设施维修补助办法")
        path = f"/admin/channels/policy/{policy.pk}/"
        day.log_in("releaser")
        _wait_until(lambda: _row_shows(day, path, "政府网站", "已送达"), 90, "the website row turns 已送达")
        day.check()
        day.page.fill("#correction-note", "第三条补助标准表述有误,已更正。")
        day.click("发送更正")
        day.confirmed("发送更正")
        _wait_until(
            lambda: day.page.locator("text=更正").count() > 0 and _row_shows(day, path, "政府网站", "已送达"),
            90,
            "the correction reaches the website",
        )


# -- the body's administrator ----------------------------------------------------------------------------------


def test_the_body_administrator_adds_a_colleague_and_a_press_partner(day):
    admins = GroupFactory(name=BODY_ADMINS, permissions=BODY_ADMIN_PERMISSIONS)
    UserFactory(username="ly_admin", first_name="钱进", groups=[admins], body=DisclosingBody.objects.get(slug="liyang"))
    day.log_in("ly_admin")
    day.visit("/admin/users/")
    day.click("添加用户", role="link")
    page = day.page
    page.fill("#id_username", "xinyuan")
    page.fill("#id_email", "xinyuan@liyang.gov.cn")
    page.fill("#id_first_name", "刘洋")
    if page.locator("#id_last_name").count():
        page.fill("#id_last_name", "刘")
    page.fill("#id_password1", "Liyang-2026-strong!")
    page.fill("#id_password2", "Liyang-2026-strong!")
    day.save()
    day.confirmed("已创建", "已添加")
    assert get_user_model().objects.filter(username="xinyuan").exists()

    day.visit("/admin/snippets/partners/presspartner/add/")
    page.fill("#id_name", "历阳镇融媒体中心")
    day.save()
    day.confirmed("已创建", "已保存")
