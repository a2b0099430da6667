"""A new operator's first minutes: the demo loads, the printed account logs in, the home page answers.

The demo is loaded once for the module (each test runs in a savepoint on top of it): loading it takes seconds."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cms.demo import content
from security import passwords
from tests.module_db import built_once_per_module

pytestmark = pytest.mark.django_db

#: What the module's `load_demo` printed: what a new operator reads.
_printed: list[str] = []


def _load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    _printed[:] = [out.getvalue()]


demo = built_once_per_module(_load_demo)


def test_printed_demo_account_logs_into_the_chinese_admin(demo, client):
    printed = _printed[0]
    assert "dzb_editor" in printed and content.DEMO_PASSWORD in printed
    response = client.post("/admin/login/", {"username": "dzb_editor", "password": content.DEMO_PASSWORD})
    assert response.status_code == 302
    # The demo's initial password, like any an administrator sets, must be changed at the first login.
    first = client.get("/admin/", follow=True)
    assert first.redirect_chain[-1][0] == "/admin/security/password/"
    assert "初始密码" in first.content.decode()
    changed = client.post(
        "/admin/security/password/",
        {"old_password": content.DEMO_PASSWORD, "new_password1": "Wang-Fang-2026", "new_password2": "Wang-Fang-2026"},
    )
    assert changed.status_code == 302 and changed["Location"] == "/admin/login/"
    assert client.get("/admin/").status_code == 302, "the change ended the session"
    client.post("/admin/login/", {"username": "dzb_editor", "password": "Wang-Fang-2026"})
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert '<html lang="zh-hans"' in dashboard.content.decode().lower()


def test_home_page_is_the_county_portal_and_in_chinese(demo, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "和县人民政府" in html
    assert "2018年历阳镇政务公开工作方案" in html, "the seed policy is one click from the home page"


def test_the_demo_is_a_county_platform_with_each_bodys_column(demo, client):
    """The portal shows the county's and the town's policies, each body has its column, the towns got the county's
    policy to republish, and the town's administrator sees the town's people only."""
    from bodies.models import DisclosingBody
    from channels.watcher.models import RepublicationPage

    assert set(DisclosingBody.objects.values_list("slug", flat=True)) == {"hexian", "czj", "jyj", "liyang", "wujiang"}
    library = client.get("/policies/").content.decode()
    assert (
        "2018年和县政务公开工作要点" in library and "2018年历阳镇政务公开工作方案" in library and "发布机构" in library
    )
    column = client.get("/policies/liyang/").content.decode()
    assert "2018年历阳镇政务公开工作方案" in column and "2018年和县政务公开工作要点" not in column
    drafts = RepublicationPage.objects.filter(original_policy__slug="2018-hexian-openness-key-points")
    assert sorted(drafts.values_list("disclosing_body__slug", flat=True)) == ["liyang", "wujiang"]

    passwords.mark_changed_by_owner(get_user_model().objects.get(username="ly_admin"))
    client.post("/admin/login/", {"username": "ly_admin", "password": content.DEMO_PASSWORD})
    people = client.get("/admin/users/").content.decode()
    assert "dzb_editor" in people and "hx_editor" not in people
