"""The project's translations (locale/): compiled, well-formed, read by Django and served to the admin's scripts."""

import gettext
import json
import re

import pytest
from babel.messages.pofile import read_po
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.foundation.translations import LOCALE_DIR, compile_catalogs
from tests.admin_i18n.crawl import english_words, untranslated, visible_texts

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_entry_is_translated_and_keeps_only_its_own_placeholders(domain):
    """A translation naming a placeholder its msgid lacks would raise KeyError when the admin renders it."""
    with (LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po").open("rb") as po_file:
        catalog = read_po(po_file)
    entries = [message for message in catalog if message.id]
    assert entries
    for message in entries:
        msgid = message.id if isinstance(message.id, str) else " ".join(message.id)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, msgid
        allowed = {name for pair in _PLACEHOLDER.findall(msgid) for name in pair if name}
        for string in strings:
            used = {name for pair in _PLACEHOLDER.findall(string) for name in pair if name}
            assert used <= allowed, f"{msgid!r}: {string!r}"
            assert not english_words(re.sub(r"<[^>]+>|%\(\w+\)[sd]|\{\w+\}", " ", string)), string


def test_the_issues_strings_read_in_chinese():
    with translation.override("zh-hans"):
        assert _("Search all pages…") == "搜索全部页面…"
        assert _("Privacy and access") == "隐私与访问权限"
        assert _("Your pages and snippets in a workflow") == "您在工作流中的页面和片段"
        assert _("Saved") == "已保存" and _("Autosave is paused") == "自动保存已暂停"
        pages = ngettext(
            '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
            12,
        ) % {"total": 12, "site_name": "和县人民政府"}
        assert pages == '12 个页面<span class="w-sr-only">(创建于和县人民政府)</span>'
        empty = _('There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?')
        assert "Why not" not in empty % {"model_name": "已录入年份", "add_url": "/admin/"}
        awaiting = _("This {model_name} is awaiting <b>'{task_name}'</b> in the <b>'{workflow_name}'</b> workflow.")
        assert awaiting.format(model_name="页面", task_name="审签", workflow_name="三同步审签").startswith("此页面")


@pytest.mark.django_db
def test_the_admins_script_catalog_carries_the_projects_translations(client):
    """Draftail's placeholder comes from the JavaScript catalog Wagtail's admin loads, not from the templates."""
    client.force_login(get_user_model().objects.create_superuser("i18n_admin", "i18n@example.gov.cn", "x"))
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    body = response.content.decode()
    for chinese in ("输入内容,或键入“/”插入内容块", "正在自动保存…", "更改已自动保存。"):
        assert json.dumps(chinese) in body or chinese in body, chinese


def test_catalogs_compile_once_and_are_read_as_gettext_catalogs(tmp_path):
    messages = tmp_path / "zh_Hans" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Saved"\nmsgstr "已保存"\n',
        encoding="utf-8",
    )
    assert compile_catalogs(tmp_path) == [messages / "django.mo"]
    assert compile_catalogs(tmp_path) == [], "an up-to-date catalog is left alone"
    with (messages / "django.mo").open("rb") as mo_file:
        assert gettext.GNUTranslations(mo_file).gettext("Saved") == "已保存"


def test_the_crawl_reads_what_a_user_sees_and_skips_identifiers():
    html = """<html><head><title>浏览: Root</title><script>var hidden = "Search all"</script></head><body>
      <p>Privacy and access</p><p hidden>None</p><input type="submit" value="Save draft">
      <input type="text" value="typed by a user" placeholder="Search all pages…">
      <span aria-label="Actions (footer)">用户 dzb_editor,网址 /policies/liyang/,邮箱 a.b@example.gov.cn</span>
      <p>WeChat 与 RSS</p></body></html>"""
    texts = visible_texts(html)
    assert "Privacy and access" in texts and "Save draft" in texts and "Search all pages…" in texts
    assert "Actions (footer)" in texts
    assert not any("hidden" in text or "None" == text or "typed by" in text for text in texts)
    assert english_words("用户 dzb_editor,网址 /policies/liyang/,邮箱 a.b@example.gov.cn,WeChat 与 RSS") == []
    assert untranslated(html) == sorted(
        ["浏览: Root", "Privacy and access", "Save draft", "Search all pages…", "Actions (footer)"]
    )
