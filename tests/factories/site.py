"""The site and the office: the home page the migrations made, topics, the policy library, the drafting
departments with their sections, editors and leaders, the openness office (政务公开办) with the 三同步 workflow, the
leader who releases to channels, and one user per role.

Usernames are the ones the demo prints (dzb_editor, jjb_leader, gkb_reviewer, releaser, admin), so a test reads
like the demo an editor knows; the data is built here, not by the demo loader.
"""

from __future__ import annotations

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from factory.django import DjangoModelFactory, Password
from wagtail.models import GroupPagePermission, Site

from bodies.models import BodyMembership, DisclosingBody
from cms.demo import build
from cms.models import HomePage, SiteIdentity
from interpretation.models import (
    BodySectionPage,
    DepartmentSectionPage,
    DraftingDepartment,
    PolicyLibraryPage,
    Topic,
)
from security import passwords

SITE_NAME = "历阳镇人民政府"
ORGAN_CODE = "11341523MB1L00001X"
#: slug → (name, short name, kind, credit code, parent slug): the county platform of the demo.
BODIES = {
    "hexian": ("和县人民政府", "和县", "government", "11341523003000001X", None),
    "czj": ("和县财政局", "县财政局", "department", "113415230030000028", "hexian"),
    "jyj": ("和县教育局", "县教育局", "department", "113415230030000036", "hexian"),
    "liyang": (SITE_NAME, "历阳镇", "town", ORGAN_CODE, "hexian"),
    "wujiang": ("乌江镇人民政府", "乌江镇", "town", "11341523MB1L00002X", "hexian"),
}
PASSWORD = "Demo-2026!"
ADMIN = "wagtailadmin.access_admin"
UPLOADS = ("wagtailimages.add_image", "wagtaildocs.add_document")

TOPICS = {
    "zhengwu-gongkai": "政务公开",
    "yingshang-huanjing": "营商环境",
    "shehui-baozhang": "社会保障",
    "xiangcun-zhenxing": "乡村振兴",
    "chengxiang-jianshe": "城乡建设",
    "jiaoyu-wenhua": "教育文化",
}

#: code → (name, first interpreter, contact, username prefix)
DEPARTMENTS = {
    "dangzheng": ("党政办公室", "张明(党政办公室主任)", "0555-5312001", "dzb"),
    "jingji": ("经济发展办公室", "李华(经济发展办公室主任)", "0555-5312002", "jjb"),
}

#: username → (full name, role, department code)
PEOPLE = {
    "admin": ("系统管理员", "superuser", None),
    "dzb_editor": ("王芳", "editor", "dangzheng"),
    "dzb_leader": ("张明", "leader", "dangzheng"),
    "jjb_editor": ("赵磊", "editor", "jingji"),
    "jjb_leader": ("李华", "leader", "jingji"),
    "gkb_reviewer": ("陈静", "openness_office", None),
    "releaser": ("周强", "releaser", None),
}

OPENNESS_OFFICE = "政务公开办"
RELEASER = "渠道发布"


def permission(label: str) -> Permission:
    """The Permission named "app_label.codename"."""
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_pages(group: Group, page, *types: str) -> None:
    """Page permissions (add, change, publish, lock, unlock) on `page` and below."""
    for permission_type in types:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission(f"wagtailcore.{permission_type}_page")
        )


# -- rows ---------------------------------------------------------------------------------------------------


class GroupFactory(DjangoModelFactory):
    """A group of admin users; `permissions=["app.codename", ...]` adds to the admin access every group has."""

    class Meta:
        model = Group
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"用户组{n}")

    @factory.post_generation
    def permissions(group, create, extracted, **kwargs):
        group.permissions.add(*(permission(label) for label in (ADMIN, *(extracted or ()))))


class UserFactory(DjangoModelFactory):
    """A user who logs in with the demo's password; `groups=[...]` puts them in groups, `body=` makes them work for
    a body (by default the town, 历阳镇, when it exists; `body=False` for nobody's); `password_chosen=False` leaves
    them with an initial password they must change."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "测试用户"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.gov.cn")
    password = Password(PASSWORD)

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        if extracted:
            user.groups.add(*extracted)

    @factory.post_generation
    def password_chosen(user, create, extracted, **kwargs):
        """By default the owner has chosen this password (no forced change); False: an initial password."""
        if create and extracted is not False:
            passwords.mark_changed_by_owner(user)

    @factory.post_generation
    def body(user, create, extracted, **kwargs):
        if extracted is False or (extracted is None and user.is_superuser):
            return
        chosen = extracted or DisclosingBody.objects.filter(slug="liyang").first()
        if chosen is not None:
            BodyMembership.objects.update_or_create(user=user, defaults={"body": chosen})


class BodyFactory(DjangoModelFactory):
    """A 公开主体; slugs of BODIES get their names, codes and parents (the town, 历阳镇, by default)."""

    class Meta:
        model = DisclosingBody
        django_get_or_create = ("slug",)

    slug = "liyang"
    name = factory.LazyAttribute(lambda b: BODIES[b.slug][0] if b.slug in BODIES else f"{b.slug}人民政府")
    short_name = factory.LazyAttribute(lambda b: BODIES[b.slug][1] if b.slug in BODIES else b.slug)
    kind = factory.LazyAttribute(lambda b: BODIES[b.slug][2] if b.slug in BODIES else "town")
    credit_code = factory.LazyAttribute(
        lambda b: BODIES[b.slug][3] if b.slug in BODIES else f"11341523MB{abs(hash(b.slug)) % 10**8:08d}"
    )
    parent = factory.LazyAttribute(
        lambda b: body(BODIES[b.slug][4]) if b.slug in BODIES and BODIES[b.slug][4] else None
    )


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("code",)

    code = factory.Iterator(TOPICS)
    name = factory.LazyAttribute(lambda topic: TOPICS.get(topic.code, topic.code))
    sort_order = factory.LazyAttribute(lambda topic: list(TOPICS).index(topic.code) if topic.code in TOPICS else 99)


class PageFactory(DjangoModelFactory):
    """A Wagtail page added under `parent`; published (a revision made live) unless `publish=False`, in which
    case a draft revision is saved by `author`, as the admin leaves a page an editor saved."""

    class Meta:
        abstract = True

    parent = None
    publish = True
    author = None

    @classmethod
    def _create(cls, model_class, *args, parent, publish=True, author=None, **fields):
        page = model_class(*args, **fields)
        parent.add_child(instance=page)
        revision = page.save_revision(user=author)
        if publish:
            revision.publish(user=author)
        return page

    @classmethod
    def _build(cls, model_class, *args, parent=None, publish=True, author=None, **fields):
        """An unsaved page; its caller adds it to the tree."""
        return model_class(*args, **fields)


class LibraryFactory(PageFactory):
    class Meta:
        model = PolicyLibraryPage

    parent = factory.LazyFunction(lambda: home())
    title = "政策文件"
    slug = "policies"
    intro = "本镇发布的政策文件及其解读。"


class ColumnFactory(PageFactory):
    """A body's column (公开主体栏目) in the library."""

    class Meta:
        model = BodySectionPage

    parent = factory.LazyFunction(lambda: library())
    disclosing_body = factory.SubFactory(BodyFactory)
    title = factory.LazyAttribute(lambda c: c.disclosing_body.name)
    slug = factory.LazyAttribute(lambda c: c.disclosing_body.slug)


class DepartmentFactory(DjangoModelFactory):
    """A drafting department (起草部门) with its editors' and leaders' groups; codes of DEPARTMENTS get their names."""

    class Meta:
        model = DraftingDepartment
        django_get_or_create = ("disclosing_body", "code")

    disclosing_body = factory.LazyFunction(lambda: body())
    code = "jingji"
    name = factory.LazyAttribute(lambda d: DEPARTMENTS[d.code][0] if d.code in DEPARTMENTS else d.code)
    first_interpreter = factory.LazyAttribute(lambda d: DEPARTMENTS[d.code][1] if d.code in DEPARTMENTS else "")
    contact = factory.LazyAttribute(lambda d: DEPARTMENTS[d.code][2] if d.code in DEPARTMENTS else "")
    editors = factory.SubFactory(
        GroupFactory,
        name=factory.LazyAttribute(lambda g: group_name(g.factory_parent, "起草人")),
        permissions=UPLOADS,
    )
    leaders = factory.SubFactory(
        GroupFactory,
        name=factory.LazyAttribute(lambda g: group_name(g.factory_parent, "负责人")),
        permissions=UPLOADS,
    )


class SectionFactory(PageFactory):
    """A department's section of the library: 谁起草、谁解读, its editors draft there and only its leaders publish."""

    class Meta:
        model = DepartmentSectionPage
        skip_postgeneration_save = True

    parent = factory.LazyAttribute(lambda s: column(s.department.disclosing_body))
    department = factory.SubFactory(DepartmentFactory)
    title = factory.LazyAttribute(lambda s: s.department.name)
    slug = factory.LazyAttribute(lambda s: s.department.code)

    @factory.post_generation
    def rights(section, create, extracted, **kwargs):
        grant_pages(section.department.editors, section, "add", "change")
        grant_pages(section.department.leaders, section, "add", "change", "publish", "lock", "unlock")


# -- the office, piece by piece ------------------------------------------------------------------------------


def home() -> HomePage:
    """The home page the migrations made, with the town's name and organ code (the 索引号 prefix)."""
    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    if site.site_name != SITE_NAME:
        site.site_name = SITE_NAME
        site.save()
    identity = SiteIdentity.for_site(site)
    if (identity.organ_code, identity.site_name) != (ORGAN_CODE, SITE_NAME):
        identity.organ_code, identity.site_name = ORGAN_CODE, SITE_NAME
        identity.save()
    if not home.intro:
        home.intro = "欢迎访问历阳镇人民政府网站。政策文件与解读同步发布,方便您查阅、理解和监督。"
        home.save_revision().publish()
    return home


def group_name(department, role: str) -> str:
    """The town's groups keep their short names (党政办公室-起草人); another body's are prefixed with its short name."""
    body_ = department.disclosing_body
    prefix = "" if body_.slug == "liyang" else f"{body_.short_name}"
    return f"{prefix}{department.name}-{role}"


def body(slug: str = "liyang") -> DisclosingBody:
    return BodyFactory(slug=slug)


def column(body_: DisclosingBody) -> BodySectionPage:
    """The body's column in the library (made if missing)."""
    found = BodySectionPage.objects.filter(disclosing_body=body_).first()
    return found or ColumnFactory(disclosing_body=body_)


def topics() -> dict[str, Topic]:
    return {code: TopicFactory(code=code) for code in TOPICS}


def library() -> PolicyLibraryPage:
    return PolicyLibraryPage.objects.first() or LibraryFactory()


def department(code: str, body_slug: str = "liyang") -> DraftingDepartment:
    """The body's department with its section of the library (made if missing)."""
    section = DepartmentSectionPage.objects.filter(
        department__code=code, department__disclosing_body__slug=body_slug
    ).first()
    if section:
        return section.department
    return SectionFactory(department=DepartmentFactory(code=code, disclosing_body=body(body_slug))).department


def openness_office(library_page) -> Group:
    """政务公开办 and the 三同步 workflow on the library: the leader signs, then the office reviews the attribute."""
    group = GroupFactory(name=OPENNESS_OFFICE)
    build.ensure_workflow(library_page, group)  # the workflow exactly as an installation sets it up
    return group


def releaser(library_page) -> Group:
    """The leader in charge (分管领导): releases to channels, and ahead of the interpretation with a reason."""
    group = GroupFactory(
        name=RELEASER,
        permissions=["interpretation.release_to_channels", "interpretation.release_without_interpretation"],
    )
    grant_pages(group, library_page, "change", "publish")
    return group


def person(username: str):
    """One of PEOPLE, in the groups of their role (which must exist: see office())."""
    full_name, role, code = PEOPLE[username]
    if role == "superuser":
        return UserFactory(username=username, first_name=full_name, superuser=True)
    groups = {
        "editor": lambda: [department(code).editors],
        "leader": lambda: [department(code).leaders],
        "openness_office": lambda: [Group.objects.get(name=OPENNESS_OFFICE)],
        "releaser": lambda: [Group.objects.get(name=RELEASER)],
    }[role]()
    return UserFactory(username=username, first_name=full_name, groups=groups)


def office(departments=tuple(DEPARTMENTS), *, with_topics: bool = True) -> dict:
    """The office an editor knows: the library with each department's section, 政务公开办 and its workflow, the
    releaser, and the people of these departments (plus admin, gkb_reviewer and releaser)."""
    home_page = home()
    if with_topics:
        topics()
    library_page = library()
    made = {code: department(code) for code in departments}
    openness_office(library_page)
    releaser(library_page)
    for username, (_name, _role, code) in PEOPLE.items():
        if code is None or code in made:
            person(username)
    return {
        "home": home_page,
        "library": library_page,
        "departments": made,
        "sections": {code: section(code) for code in made},
    }


# -- lookups: fresh instances (treebeard keeps a page's child count on the instance) ---------------------------


def section(code: str = "jingji", body_slug: str = "liyang") -> DepartmentSectionPage:
    return DepartmentSectionPage.objects.select_related("department").get(
        department__code=code, department__disclosing_body__slug=body_slug
    )


def user(username: str):
    return get_user_model().objects.get(username=username)


def editor_of(code: str):
    return user(f"{DEPARTMENTS[code][3]}_editor")


def leader_of_department(code: str):
    return user(f"{DEPARTMENTS[code][3]}_leader")
