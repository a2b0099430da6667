"""A body administrator (公开主体管理员) manages the people of the bodies in their scope only: 历阳镇's administrator
neither sees nor edits 乌江镇's people, gives only 历阳镇's groups and the shared roles, and never makes a
superuser; the county's administrator manages its towns' people too."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from bodies.models import BodyMembership
from tests.bodies import county as _county
from tests.factories import site

pytestmark = pytest.mark.django_db
county, login, _county_for_module = _county.county, _county.login, _county._county_for_module
User = get_user_model()


def url(name, *args):
    return reverse(f"wagtailusers_users:{name}", args=args)


def uid(username):
    return User.objects.get(username=username).pk


def new_person(**overrides):
    data = {
        "username": "ly_clerk",
        "email": "ly_clerk@example.gov.cn",
        "first_name": "孙",
        "last_name": "丽",
        "password1": "Demo-2026!clerk",
        "password2": "Demo-2026!clerk",
        "disclosing_body": site.body("liyang").pk,
        "groups": [site.department("jingji").editors.pk],
    }
    data.update(overrides)
    return data


def listed(client) -> set[str]:
    response = client.get(url("index"))
    assert response.status_code == 200
    return {user.username for user in response.context["object_list"]}


def test_a_town_administrator_lists_only_the_town_s_people(login):
    admin = login("ly_admin")
    assert listed(admin) == {"jjb_editor", "ly_admin"}
    assert "历阳镇人民政府" in admin.get(url("index")).content.decode()  # the 所属公开主体 column


def test_the_county_administrator_lists_the_towns_people(login):
    # the superuser belongs to no body and is nobody's to manage
    assert listed(login("hx_admin")) == {"jjb_editor", "wj_editor", "ly_admin", "hx_admin"}


def test_another_town_s_person_cannot_be_opened(login):
    admin = login("ly_admin")
    for name in ("edit", "delete", "history"):
        assert admin.get(url(name, uid("wj_editor"))).status_code == 404, name
    assert admin.get(url("edit", uid("admin"))).status_code == 404
    assert admin.get(url("edit", uid("jjb_editor"))).status_code == 200
    assert login("hx_admin").get(url("edit", uid("wj_editor"))).status_code == 200


def test_the_form_offers_the_town_s_groups_and_body_only(login):
    form = login("ly_admin").get(url("add")).content.decode()
    assert "所属公开主体" in form and "经济发展办公室-起草人" in form and "公开主体管理员" in form
    assert "乌江镇经济发展办公室-起草人" not in form and "乌江镇人民政府" not in form


def test_a_new_person_works_for_the_administrator_s_body_and_is_never_a_superuser(login):
    response = login("ly_admin").post(url("add"), new_person(is_superuser="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    clerk = User.objects.get(username="ly_clerk")
    assert not clerk.is_superuser
    assert BodyMembership.objects.get(user=clerk).body.slug == "liyang"
    assert list(clerk.groups.values_list("name", flat=True)) == ["经济发展办公室-起草人"]


def test_another_body_s_group_or_body_is_refused(login):
    admin = login("ly_admin")
    foreign_group = site.department("jingji", body_slug="wujiang").editors
    response = admin.post(url("add"), new_person(groups=[foreign_group.pk]))
    assert response.status_code == 200 and not User.objects.filter(username="ly_clerk").exists()
    response = admin.post(url("add"), new_person(disclosing_body=site.body("wujiang").pk))
    assert response.status_code == 200 and not User.objects.filter(username="ly_clerk").exists()
    assert "所属公开主体" in response.content.decode()


def test_editing_keeps_groups_the_administrator_may_not_give(login):
    editor = User.objects.get(username="jjb_editor")
    wide = Group.objects.get(name="审核员")  # page rights from the root: only a superuser hands it out
    editor.groups.add(wide)
    data = {
        "username": "jjb_editor",
        "email": "jjb_editor@example.gov.cn",
        "first_name": "赵",
        "last_name": "磊",
        "is_active": "on",
        "disclosing_body": site.body("liyang").pk,
        "groups": [Group.objects.get(name="公开主体管理员").pk],
    }
    response = login("ly_admin").post(url("edit", editor.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(editor.groups.values_list("name", flat=True)) == {"审核员", "公开主体管理员"}


def refused(response) -> bool:
    """Wagtail answers a forbidden admin action with 403, or by sending the person back to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def test_bulk_assigning_a_role_passes_the_same_rule(login):
    admin = login("ly_admin")
    foreign_group = site.department("jingji", body_slug="wujiang").editors
    bulk = reverse("wagtail_bulk_action", args=("auth", "user", "assign_role"))
    assert refused(admin.post(f"{bulk}?id={uid('jjb_editor')}", {"role": foreign_group.pk}))
    assert not User.objects.get(username="jjb_editor").groups.filter(pk=foreign_group.pk).exists()
    own_group = site.department("jingji").leaders
    assert refused(admin.post(f"{bulk}?id={uid('wj_editor')}", {"role": own_group.pk}))
    assert not User.objects.get(username="wj_editor").groups.filter(pk=own_group.pk).exists()
    assert not refused(admin.post(f"{bulk}?id={uid('jjb_editor')}", {"role": own_group.pk}))
    assert User.objects.get(username="jjb_editor").groups.filter(pk=own_group.pk).exists()
