"""Admin wiring for 从 Word 导入: its URL and a menu item shown to those who may add a policy somewhere."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from interpretation.import_views import addable_sections, word_import


@hooks.register("register_admin_urls")
def register_word_import_url():
    return [path("word-import/", word_import, name="interpretation_word_import")]


class WordImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(addable_sections(request.user))


@hooks.register("register_admin_menu_item")
def register_word_import_menu_item():
    return WordImportMenuItem(
        "从 Word 导入", reverse("interpretation_word_import"), name="word-import", icon_name="upload", order=151
    )
