"""The 公开主体 screen: superusers keep the tree; a body's administrator keeps only its own bodies' records."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from bodies import editing
from bodies.models import DisclosingBody
from interpretation.models import BodySectionPage
from tests.factories import site

pytestmark = pytest.mark.django_db

CODES = {slug: row[3] for slug, row in site.BODIES.items()}


def form(body: DisclosingBody | None = None, **overrides) -> dict:
    """The edit form as the admin shows it for `body` (empty for a new one), with `overrides` typed in."""
    data = {
        "name": body.name if body else "",
        "short_name": body.short_name if body else "",
        "slug": body.slug if body else "",
        "kind": body.kind if body else "department",
        "parent": body.parent_id if body and body.parent_id else "",
        "sort_order": body.sort_order if body else 0,
        "credit_code": body.credit_code if body else "",
        "logo": "",
        "address": body.address if body else "",
        "phone": body.phone if body else "",
        "email": body.email if body else "",
        "office_hours": body.office_hours if body else "",
        "guide": rich_text(body.guide if body and body.guide else "<p></p>"),
        "site": "",
    }
    data.update(overrides)
    return data


def edit(client, body, **overrides):
    return client.post(reverse("bodies:edit", args=(body.pk,)), form(body, **overrides))


def listing(client) -> str:
    response = client.get(reverse("bodies:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_superuser_creates_a_body_and_its_column_is_published_in_the_library(platform, login):
    name, short, kind, code, _parent = site.BODIES["jyj"]
    response = login("admin").post(
        reverse("bodies:add"),
        form(name=name, short_name=short, kind=kind, slug="jyj", credit_code=code, parent=site.body("hexian").pk),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    body = DisclosingBody.objects.get(slug="jyj")
    assert body.parent == site.body("hexian")
    column = BodySectionPage.objects.get(disclosing_body=body)
    assert column.live and column.title == "和县教育局" and column.get_parent().specific == platform["library"]
    assert column.get_url() == "/policies/jyj/"


def test_renaming_a_body_renames_its_column(platform, login):
    name, short, kind, code, _parent = site.BODIES["jyj"]
    body = DisclosingBody.objects.create(  # as a script would: the column comes all the same
        name=name, short_name=short, kind=kind, slug="jyj", credit_code=code, parent=site.body("hexian")
    )
    assert BodySectionPage.objects.get(disclosing_body=body).title == "和县教育局"
    assert edit(login("admin"), body, name="和县财政局", short_name="县财政局").status_code == 302
    column = BodySectionPage.objects.get(disclosing_body=body)
    assert column.title == column.draft_title == "和县财政局" and column.live


def test_body_administrators_see_only_their_bodies(platform, login):
    town = listing(login("ly_admin"))
    assert CODES["liyang"] in town
    assert CODES["wujiang"] not in town and CODES["hexian"] not in town
    county = listing(login("hx_admin"))
    assert all(CODES[slug] in county for slug in ("hexian", "liyang", "wujiang"))
    assert "层级" in county and "和县 › 乌江镇" in county, "the listing shows where each body sits"
    assert "没有您可以管理的公开主体" in listing(login("stray_admin"))


def test_another_bodys_record_cannot_be_opened_or_changed(platform, login):
    wujiang = site.body("wujiang")
    town = login("ly_admin")
    assert town.get(reverse("bodies:edit", args=(wujiang.pk,))).status_code == 404
    assert edit(town, wujiang, phone="0555-0000000").status_code == 404
    assert DisclosingBody.objects.get(pk=wujiang.pk).phone != "0555-0000000"

    assert edit(login("hx_admin"), wujiang, phone="0555-5319999").status_code == 302, "the county keeps its towns'"
    assert DisclosingBody.objects.get(pk=wujiang.pk).phone == "0555-5319999"


def test_only_superusers_create_bodies(platform, login):
    response = login("hx_admin").get(reverse("bodies:add"))
    assert response.status_code in (302, 403)
    assert not login("hx_admin").get(reverse("wagtailadmin_home")).content.decode().count(reverse("bodies:add"))


def test_body_administrator_keeps_contacts_but_not_the_tree_code_or_address(platform, login):
    liyang = site.body("liyang")
    town = login("ly_admin")
    page = town.get(reverse("bodies:edit", args=(liyang.pk,))).content.decode()
    assert "只有系统管理员可以修改此项" in page
    response = edit(
        town,
        liyang,
        office_hours="工作日 9:00-17:00",
        credit_code=CODES["jyj"],
        slug="liyang-new",
        parent="",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = DisclosingBody.objects.get(pk=liyang.pk)
    assert saved.office_hours == "工作日 9:00-17:00"
    assert (saved.credit_code, saved.slug, saved.parent_id) == (CODES["liyang"], "liyang", site.body("hexian").pk)


def test_the_rule_holds_outside_the_form(platform, user):
    liyang = site.body("liyang")
    liyang.credit_code = CODES["jyj"]
    with pytest.raises(editing.BodyChangeRefused, match="统一社会信用代码只有系统管理员可以修改"):
        editing.save(user("ly_admin"), liyang)
    with pytest.raises(editing.BodyChangeRefused, match="只有系统管理员可以新建公开主体"):
        editing.save(user("hx_admin"), DisclosingBody(name="和县教育局", slug="jyj", credit_code=CODES["jyj"]))
    editing.save(user("admin"), liyang)
    assert DisclosingBody.objects.get(pk=liyang.pk).credit_code == CODES["jyj"]
