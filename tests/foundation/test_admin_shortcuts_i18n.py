"""The admin's keyboard shortcuts dialog is on every screen but hidden until "?" is pressed, so the screen crawl
(tests/admin_i18n) never reads it: its labels are checked here, in Chinese."""

import re

import parsel
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

#: Key names stay as printed on keyboards.
KEY_NAMES = {"Ctrl", "Shift", "Alt", "Esc", "Cmd", "Option", "Control"}


def test_every_label_of_the_keyboard_shortcuts_dialog_is_chinese(admin_client):
    page = parsel.Selector(admin_client.get(reverse("wagtailadmin_home")).content.decode())
    dialog = page.css("#keyboard-shortcuts-dialog")
    labels = [text.strip() for text in dialog.css("th::text, caption::text, h2::text").getall() if text.strip()]
    assert "显示键盘快捷键" in labels and "文本格式" in labels
    english = [label for label in labels if set(re.findall(r"[A-Za-z]{3,}", label)) - KEY_NAMES]
    assert english == []
