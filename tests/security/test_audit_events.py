"""What the audit log records by itself: sign-ins with the client's address (behind the trusted proxy too), failed
sign-ins by the name tried, changes of group permissions and page publishing, with who did it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from security.audit.models import AuditRecord
from tests.factories.site import PASSWORD, GroupFactory, UserFactory, home, permission

pytestmark = pytest.mark.django_db


def last(action: str) -> AuditRecord:
    return AuditRecord.objects.filter(action=action).order_by("-sequence").first()


def test_sign_in_and_out_are_recorded_with_the_client_address():
    UserFactory(username="wangfang", first_name="王芳", groups=[GroupFactory(name="编辑")])
    client = Client(REMOTE_ADDR="198.51.100.23")
    response = client.post("/admin/login/", {"username": "wangfang", "password": PASSWORD})
    assert response.status_code == 302
    login = last("auth.login")
    assert (login.actor_username, login.actor_name, login.address) == ("wangfang", "王芳", "198.51.100.23")
    assert login.label == "登录" and login.outcome == "success"

    client.post("/admin/logout/")
    logout = last("auth.logout")
    assert logout.actor_username == "wangfang" and logout.address == "198.51.100.23"


def test_a_failed_sign_in_names_the_account_tried_never_the_password():
    UserFactory(username="wangfang")
    Client(REMOTE_ADDR="198.51.100.24").post("/admin/login/", {"username": "wangfang", "password": "wrong-Secret-1"})
    failed = last("auth.login_failed")
    assert failed is not None and failed.outcome == "failure" and failed.label == "登录失败"
    assert failed.actor_username == "wangfang" and failed.address == "198.51.100.24"
    assert failed.detail["username"] == "wangfang"
    assert "wrong-Secret-1" not in str(AuditRecord.objects.values_list("detail", flat=True))


def test_behind_the_trusted_proxy_the_forwarded_address_is_recorded(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    UserFactory(username="wangfang")
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    client.post("/admin/login/", {"username": "nobody", "password": "x"})
    assert last("auth.login_failed").address == "203.0.113.9"
    assert last("auth.login_failed").actor_username == "nobody"


def test_changes_of_group_permissions_and_membership_are_recorded():
    group = GroupFactory(name="安全管理员")
    person = UserFactory(username="lihua")
    group.permissions.add(permission("wagtailadmin.access_admin"), permission("auth.change_user"))
    granted = last("perm.group_permissions")
    assert granted.object_repr == "安全管理员" and granted.detail["change"] == "add"
    assert "auth.change_user" in granted.detail["items"]

    person.groups.add(group)
    joined = last("perm.user_groups")
    assert joined.object_repr == "lihua" and joined.detail == {"change": "add", "items": ["安全管理员"]}

    group.permissions.clear()
    cleared = last("perm.group_permissions")
    assert cleared.detail["change"] == "clear" and "auth.change_user" in cleared.detail["items"]

    Group.objects.filter(pk=group.pk).get().delete()
    assert last("perm.group_delete").detail == {"name": "安全管理员"}


def test_granting_superuser_is_recorded():
    person = UserFactory(username="zhaolei")
    person.is_superuser = True
    person.save()
    assert last("user.superuser_grant").object_repr == "zhaolei"


def test_publishing_a_page_is_recorded_with_who_published():
    editor = UserFactory(username="zhouqiang", superuser=True)
    page = home()
    page.save_revision(user=editor).publish(user=editor)
    published = last("page.publish")
    assert published.label == "发布页面" and published.object_id == str(page.pk)
    assert published.actor_username == "zhouqiang"
