"""Every admin screen each demo role can reach reads in Chinese (issue 14: no English left in the admin)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cms.demo import content
from security import passwords
from tests.admin_i18n.crawl import crawl
from tests.module_db import built_once_per_module

pytestmark = pytest.mark.django_db


def _demo_in_use():
    """The demo, its people past their first login (each has chosen their own password)."""
    call_command("load_demo", verbosity=0)
    for user in get_user_model().objects.all():
        passwords.mark_changed_by_owner(user)


demo = built_once_per_module(_demo_in_use)


@pytest.mark.parametrize("username", [user[0] for user in content.USERS])
def test_every_admin_screen_the_role_reaches_is_chinese(demo, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    result = crawl(client, names=frozenset(get_user_model().objects.values_list("username", flat=True)))
    assert len(result.visited) >= 2 and "/admin/account/" in result.visited, "the walk reached the admin's screens"
    report = "\n".join(f"{url}\n    " + "\n    ".join(texts) for url, texts in result.english.items())
    assert not result.english, f"English on {len(result.english)} admin screens as {username}:\n{report}"
