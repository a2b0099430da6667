"""A new reader on a phone finds the seed policy, reads its interpretation and gets back, in Chinese."""

import pytest

from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_home_library_filter_policy_material_and_back_on_a_phone(site, seed, phone):
    phone.goto(site + "/")
    assert phone.locator("html").get_attribute("lang") == "zh-Hans"
    shot(phone, "01-home-phone")
    phone.get_by_role("link", name="全部政策文件").click()
    phone.wait_for_url("**/policies/")
    phone.get_by_label("主题分类").select_option("zhengwu-gongkai")
    phone.get_by_role("button", name="筛选").click()
    phone.wait_for_url("**/policies/?*topic=zhengwu-gongkai*")
    assert phone.locator(".policy-item").count() == 1
    shot(phone, "02-library-filtered-phone")
    phone.get_by_role("link", name=seed.title, exact=True).click()
    phone.wait_for_url(f"**{seed.url}")
    assert phone.get_by_role("heading", level=1).inner_text() == seed.title
    assert phone.locator(".policy-meta").get_by_text("索引号").is_visible()
    shot(phone, "03-policy-phone")
    phone.get_by_role("link", name="《2018年历阳镇政务公开工作方案》问答").click()
    phone.wait_for_url("**/qa/")
    shot(phone, "04-qa-material-phone")
    phone.get_by_role("link", name="公文的公开属性由谁确定?").first.click()
    # Fragment navigation updates the URL asynchronously; wait rather than race it.
    phone.wait_for_url("**#q2")
    phone.get_by_role("link", name=f"返回原文:{seed.title}").click()
    phone.wait_for_url(f"**{seed.url}")
    assert phone.get_by_role("heading", name="政策解读", exact=True).is_visible()
    # No dead link on the way: every link the reader could follow answers.
    for href in phone.eval_on_selector_all("main a[href^='/']", "links => links.map(a => a.getAttribute('href'))"):
        assert phone.request.get(site + href.split("#")[0]).status == 200, href


def test_search_from_the_header_finds_the_seed_policy(site, seed, phone):
    phone.goto(site + "/")
    phone.get_by_label("搜索政策文件和解读").fill("政务公开")
    phone.get_by_label("搜索政策文件和解读").press("Enter")
    phone.wait_for_url("**/search/?q=*")
    assert phone.locator(".hit mark").count() > 0
    shot(phone, "05-search-phone")
    phone.locator(".hit-title a", has_text=seed.title).first.click()
    phone.wait_for_url(f"**{seed.url}")


def test_elder_mode_persists_across_pages_and_reloads(site, seed, phone):
    phone.goto(site + seed.url)
    normal = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    toggle = phone.get_by_role("button", name="适老化模式")
    toggle.click()
    assert phone.locator("html.elder").count() == 1
    assert phone.get_by_role("button", name="退出适老化").get_attribute("aria-pressed") == "true"
    larger = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= normal * 1.2
    shot(phone, "06-policy-elder-phone")
    phone.goto(site + "/policies/")
    assert phone.locator("html.elder").count() == 1
    phone.reload()
    assert phone.locator("html.elder").count() == 1
    phone.get_by_role("button", name="退出适老化").click()
    phone.goto(site + "/")
    assert phone.locator("html.elder").count() == 0


def test_keyboard_reader_can_skip_to_the_content(site, seed, desktop):
    desktop.goto(site + seed.url)
    desktop.keyboard.press("Tab")
    assert desktop.evaluate("document.activeElement.textContent") == "跳到主要内容"
    desktop.keyboard.press("Enter")
    desktop.wait_for_url("**#main")
    assert desktop.evaluate("location.hash") == "#main"
    shot(desktop, "07-policy-desktop")


def test_nothing_overflows_the_phone_screen(site, seed, phone):
    for path in ("/", "/policies/", seed.url, "/policies/catalog/", "/search/?q=政务公开"):
        phone.goto(site + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
