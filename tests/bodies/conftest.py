"""The county platform by the factories: 历阳镇's office (tests.factories.site.office), and beside it 乌江镇's
党政办公室 and the county's 县政府办公室, each with a released policy and a draft, an event of each town, the
county's people (an editor with rights on the whole library, the reviewer of the county's 政务公开办) and the body
administrators of the county and of 历阳镇."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from interpretation import three_sync
from interpretation.models import DepartmentSectionPage, PolicyDocumentPage
from tests.factories import site
from tests.factories.events import EventFactory, events_section
from tests.factories.library import work_plan
from tests.factories.policies import PolicyFactory, TextMaterialFactory
from tests.module_db import built_once_per_module

#: title → (slug, body slug, department code, released)
POLICIES = {
    "关于历阳镇农贸市场改造的通知": ("nongmao", "liyang", "dangzheng", False),
    "关于乌江镇防汛工作的通知": ("fangxun", "wujiang", "dangzheng", True),
    "关于乌江镇集镇规划的意见稿": ("jizhen", "wujiang", "dangzheng", False),
    "关于全县政务公开工作的通知": ("quanxian", "hexian", "bangongshi", True),
    "关于县城道路改造的意见稿": ("daolu", "hexian", "bangongshi", False),
}
EVENTS = {"历阳镇政策吹风会": "liyang", "乌江镇在线访谈": "wujiang"}
BODY_ADMINS = "公开主体管理员"


def county_department():
    """和县's 县政府办公室 with its section (the demo's name; the factories know only the town's departments)."""
    found = DepartmentSectionPage.objects.filter(department__disclosing_body__slug="hexian").first()
    if found:
        return found.department
    department = site.DepartmentFactory(code="bangongshi", name="县政府办公室", disclosing_body=site.body("hexian"))
    return site.SectionFactory(department=department).department


def department(body_slug, code):
    return county_department() if body_slug == "hexian" else site.department(code, body_slug=body_slug)


def people():
    """Editors and leaders of the other bodies' departments, the county's reviewer and the body administrators."""
    for body_slug, code, prefix in (("wujiang", "dangzheng", "wj"), ("hexian", "bangongshi", "hx")):
        made = department(body_slug, code)
        body = site.body(body_slug)
        site.UserFactory(username=f"{prefix}_editor", body=body, groups=[made.editors])
        site.UserFactory(username=f"{prefix}_leader", body=body, groups=[made.leaders])
    office_group = Group.objects.get(name=site.OPENNESS_OFFICE)
    site.UserFactory(username="hx_reviewer", body=site.body("hexian"), groups=[office_group])
    # The county's librarian: page rights on the whole library, like the town's releaser.
    librarian = site.GroupFactory(name="县政务公开编辑")
    site.grant_pages(librarian, site.library(), "add", "change", "publish")
    site.UserFactory(username="hx_librarian", body=site.body("hexian"), groups=[librarian])
    admins = site.GroupFactory(name=BODY_ADMINS, permissions=["bodies.change_disclosingbody"])
    site.UserFactory(username="hx_admin", body=site.body("hexian"), groups=[admins])
    site.UserFactory(username="ly_admin", body=site.body("liyang"), groups=[admins])
    site.UserFactory(username="stray_admin", body=False, groups=[admins])


def policy(title, slug, body_slug, code, released):
    prefix = {"liyang": "dzb", "wujiang": "wj", "hexian": "hx"}[body_slug]
    editor, leader = site.user(f"{prefix}_editor"), site.user(f"{prefix}_leader")
    section = site.section(code, body_slug=body_slug)
    made = PolicyFactory(
        parent=section,
        author=editor,
        title=title,
        slug=slug,
        issuing_organ=section.department.disclosing_body.name,
    )
    TextMaterialFactory(parent=made, author=editor)
    if released:
        made = PolicyDocumentPage.objects.get(pk=made.pk)
        revision = made.get_latest_revision()
        three_sync.sign_bundle(made, revision, leader, comment="同意")
        revision.publish(user=leader)
    return made


def build_platform():
    site.office()
    work_plan()
    people()
    for title, row in POLICIES.items():
        policy(title, *row)
    events_section(editors=("dzb_editor", "wj_editor"))
    for number, (title, body_slug) in enumerate(EVENTS.items(), start=1):
        EventFactory(title=title, slug=f"event-{body_slug}", disclosing_body=site.body(body_slug), number=number)


_platform_for_module = built_once_per_module(build_platform)


@pytest.fixture
def platform(_platform_for_module, db):
    return {"library": site.library()}


@pytest.fixture
def user(platform):
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def login(user):
    """A fresh client per user: messages left by another user's request never show up."""

    def as_user(username):
        client = Client()
        client.force_login(user(username))
        return client

    return as_user
