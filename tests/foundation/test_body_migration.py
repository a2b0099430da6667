"""An installation made for one government becomes one 公开主体 by `migrate`, losing nothing.

The database is taken back to before the bodies existed, filled the way the old version left it (site identity,
library > department section > released policy with a material, a partner, a source, a working-day override, an
editor), then migrated forward: everything belongs to the one body, the tree has the body's column, 索引号 stay,
and the old addresses redirect.
"""

import datetime

import pytest

from tests.migrations import migrate_to_latest, rolled_back_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("cms", "0002_home_page"),
    ("interpretation", "0003_disclosure_approval"),
    ("events", "0002_press_kit_phase"),
    ("partners", "0001_initial"),
    ("watcher", "0002_ignore_older_default"),
    ("working_days", "0001_initial"),
    ("bodies", None),
]


@pytest.fixture
def back_to_before_bodies():
    """The database as the old version left it; afterwards, whatever happened, migrated to the latest again."""
    with rolled_back_to(BEFORE) as apps:
        yield apps


def _page(apps, model, ctype, path, url_path, **fields):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=ctype[0], model=ctype[1])
    Locale = apps.get_model("wagtailcore", "Locale")
    return apps.get_model(*model).objects.create(
        content_type=content_type,
        path=path,
        depth=len(path) // 4,
        url_path=url_path,
        locale=Locale.objects.first(),
        live=True,
        draft_title=fields["title"],
        **fields,
    )


def _old_installation(apps):
    """What the single-government version left: its site identity, library, one department and one policy."""
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    site = Site.objects.get(is_default_site=True)
    apps.get_model("cms", "SiteIdentity").objects.create(
        site=site, site_name="历阳镇人民政府", organ_code="11341523MB1L00001X"
    )
    Group = apps.get_model("auth", "Group")
    department = apps.get_model("interpretation", "DraftingDepartment").objects.create(
        name="党政办公室", code="dangzheng", editors=Group.objects.create(name="党政办公室-起草人")
    )
    _page(
        apps,
        ("interpretation", "PolicyLibraryPage"),
        ("interpretation", "policylibrarypage"),
        "000100010001",
        "/home/policies/",
        title="政策文件",
        slug="policies",
        numchild=1,
    )
    _page(
        apps,
        ("interpretation", "DepartmentSectionPage"),
        ("interpretation", "departmentsectionpage"),
        "0001000100010001",
        "/home/policies/dangzheng/",
        title="党政办公室",
        slug="dangzheng",
        numchild=1,
        department=department,
    )
    _page(
        apps,
        ("interpretation", "PolicyDocumentPage"),
        ("interpretation", "policydocumentpage"),
        "00010001000100010001",
        "/home/policies/dangzheng/plan/",
        title="2018年历阳镇政务公开工作方案",
        slug="plan",
        numchild=1,
        index_number="11341523MB1L00001X/2018-00001",
        drafting_department=department,
        issuing_organ="历阳镇人民政府",
        disclosure_attribute="proactive",
    )
    _page(
        apps,
        ("interpretation", "TextMaterialPage"),
        ("interpretation", "textmaterialpage"),
        "000100010001000100010001",
        "/home/policies/dangzheng/plan/interpretation/",
        title="政策解读",
        slug="interpretation",
        numchild=0,
    )
    Page.objects.filter(path="00010001").update(numchild=1)
    apps.get_model("partners", "PressPartner").objects.create(name="县融媒体中心")
    apps.get_model("working_days", "WorkingDayOverride").objects.create(
        date=datetime.date(2027, 10, 9), kind="working_day", name="国庆节"
    )
    User = apps.get_model("auth", "User")
    User.objects.create(username="dzb_editor")
    User.objects.create(username="admin", is_superuser=True)


def test_one_government_becomes_one_body_with_everything_it_had(client, back_to_before_bodies):
    _old_installation(back_to_before_bodies)

    migrate_to_latest()

    from django.contrib.auth.models import User
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Page

    from bodies.models import BodyMembership, DisclosingBody
    from channels.partners.models import PressPartner
    from interpretation.models import BodySectionPage, DraftingDepartment, PolicyDocumentPage
    from interpretation.working_days.models import WorkingDayOverride

    body = DisclosingBody.objects.get()
    assert (body.name, body.short_name, body.credit_code, body.kind) == (
        "历阳镇人民政府",
        "历阳镇",
        "11341523MB1L00001X",
        "town",
    )
    assert DraftingDepartment.objects.get().disclosing_body == body
    assert PressPartner.objects.get().disclosing_body == body
    assert WorkingDayOverride.objects.get().disclosing_body == body
    assert BodyMembership.objects.get().user == User.objects.get(username="dzb_editor"), "superusers need none"

    policy = PolicyDocumentPage.objects.get()
    assert policy.disclosing_body == body and policy.index_number == "11341523MB1L00001X/2018-00001"
    column = BodySectionPage.objects.get()
    assert column.disclosing_body == body and policy.get_parent().get_parent().pk == column.pk
    assert policy.url_path == "/home/policies/main/dangzheng/plan/"
    assert Page.find_problems() == ([], [], [], [], []), "the tree is consistent"
    assert policy.get_children().get().url_path == "/home/policies/main/dangzheng/plan/interpretation/"

    assert Redirect.objects.get(old_path="/policies/dangzheng/plan").redirect_page_id == policy.pk
    response = client.get("/policies/dangzheng/plan/")
    assert response.status_code == 301 and response["Location"].endswith("/policies/main/dangzheng/plan/")


def test_a_fresh_database_gets_no_body():
    from bodies.models import DisclosingBody

    assert not DisclosingBody.objects.exists()
