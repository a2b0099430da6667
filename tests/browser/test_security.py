"""The login rules as a person meets them in Chromium: the lockout message after five wrong passwords, and the
forced change of an initial password before anything else opens."""

import pytest
from django.core.cache import caches

from tests.browser.walk import Day
from tests.factories.site import PASSWORD, GroupFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def site(transactional_db, live_server):
    """The live server alone: logging in needs no office or library (the shared fixture builds both, in seconds)."""
    caches["default"].clear()  # the failed-login counters live in the cache
    yield live_server.url
    caches["default"].clear()


def submit_login(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state("domcontentloaded")


def test_five_wrong_passwords_lock_the_account_with_a_chinese_message(desktop, site):
    UserFactory(username="wangfang", groups=[GroupFactory()])
    for _ in range(5):
        submit_login(desktop, site, "wangfang", "Wrong-Password-1")
    message = desktop.locator(".messages")
    message.get_by_text("登录失败次数过多").wait_for()
    assert "锁定 30 分钟" in message.inner_text()
    submit_login(desktop, site, "wangfang", PASSWORD)
    desktop.locator(".messages").get_by_text("登录失败次数过多").wait_for()
    assert desktop.url.startswith(f"{site}/admin/login/"), "the right password does not open a locked account"


def test_an_initial_password_must_be_changed_before_anything_else(desktop, site):
    UserFactory(username="newcomer", groups=[GroupFactory()], password_chosen=False)
    day = Day(desktop, site)
    submit_login(desktop, site, "newcomer", PASSWORD)
    desktop.wait_for_url(f"{site}/admin/security/password/")
    text = day.check()
    assert "初始密码" in text and "至少包含小写字母、大写字母、数字、其他符号中的 3 类" in text
    desktop.goto(f"{site}/admin/pages/")
    desktop.wait_for_url(f"{site}/admin/security/password/")

    desktop.fill("#id_old_password", PASSWORD)
    desktop.fill("#id_new_password1", "weakpass")
    desktop.fill("#id_new_password2", "weakpass")
    desktop.locator("#change-password button[type=submit]").click()
    desktop.get_by_text("密码须至少包含小写字母、大写字母、数字、其他符号中的 3 类").first.wait_for()

    desktop.fill("#id_old_password", PASSWORD)
    desktop.fill("#id_new_password1", "Mine-Only-2026")
    desktop.fill("#id_new_password2", "Mine-Only-2026")
    desktop.locator("#change-password button[type=submit]").click()
    desktop.wait_for_url(f"{site}/admin/login/")
    desktop.locator(".messages").get_by_text("密码已修改，请用新密码重新登录").wait_for()
    submit_login(desktop, site, "newcomer", "Mine-Only-2026")
    desktop.wait_for_url(f"{site}/admin/")
    day.check()
