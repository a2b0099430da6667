"""三员分立: the 系统管理员, 安全管理员 and 审计管理员 groups exist from the migrations, each reaches its own screens
and is refused the others'; none edits content; the superuser is warned off daily use."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from security import roles
from tests.factories.site import UserFactory

pytestmark = pytest.mark.django_db

#: screen -> the group that may open it
SCREENS = {
    "/admin/users/": roles.SYSTEM_ADMIN,
    "/admin/users/new/": roles.SYSTEM_ADMIN,
    "/admin/sites/": roles.SYSTEM_ADMIN,
    "/admin/groups/": roles.SECURITY_ADMIN,
    "/admin/groups/new/": roles.SECURITY_ADMIN,
    "/admin/security/lockouts/": roles.SECURITY_ADMIN,
    "/admin/audit-log/": roles.AUDIT_ADMIN,
    "/admin/audit-log/export.csv": roles.AUDIT_ADMIN,
}


def member_of(name: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=f"role-{len(name)}-{name}", groups=[Group.objects.get(name=name)]))
    return client


def opens(client: Client, url: str) -> bool:
    response = client.get(url)
    return response.status_code == 200


@pytest.mark.parametrize("group", roles.ADMIN_GROUP_NAMES)
def test_each_administrator_opens_its_own_screens_and_is_refused_the_others(group):
    client = member_of(group)
    opened = {url for url in SCREENS if opens(client, url)}
    assert opened == {url for url, owner in SCREENS.items() if owner == group}


@pytest.mark.parametrize("group", roles.ADMIN_GROUP_NAMES)
def test_no_administrator_edits_content(group):
    rights = set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))
    assert not {right for right in rights if right.endswith("_page") or "document" in right or "image" in right}
    client = member_of(group)
    assert client.get("/admin/pages/add/interpretation/policydocumentpage/3/").status_code in (302, 403, 404)


def test_the_groups_hold_exactly_their_rights_after_a_hand_made_change():
    auditors = Group.objects.get(name=roles.AUDIT_ADMIN)
    from django.contrib.auth.models import Permission

    auditors.permissions.add(Permission.objects.get(codename="change_user"))
    from django.apps import apps

    roles.sync_roles(apps)
    rights = set(auditors.permissions.values_list("codename", flat=True))
    assert rights == {"access_admin", "view_auditrecord", "view_personal_data"}


def test_the_superuser_is_warned_off_daily_use():
    client = Client()
    client.force_login(UserFactory(username="root", superuser=True))
    assert "您正在使用超级管理员账号" in client.get("/admin/").content.decode()
    editor = Client()
    editor.force_login(UserFactory(username="ed", groups=[Group.objects.get(name=roles.SYSTEM_ADMIN)]))
    assert "您正在使用超级管理员账号" not in editor.get("/admin/").content.decode()
