"""Idempotent builders for the demo: each ensures one thing exists and changes nothing when it already does."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import GroupPagePermission, Site, Workflow, WorkflowPage, WorkflowTask

from bodies.models import BodyMembership, DisclosingBody
from cms.demo import content, policies
from cms.foundation.config import project_app_modules
from cms.models import HomePage, SiteIdentity
from interpretation.models import (
    BodySectionPage,
    DepartmentSectionPage,
    DraftingDepartment,
    OpennessOfficeReviewTask,
    PolicyLibraryPage,
    ThreeSyncSignTask,
    Topic,
)
from security import roles

ADMIN_ACCESS = ("wagtailadmin", "access_admin")


def _perm(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_site() -> HomePage:
    """The county's portal: every body of the platform publishes on it."""
    home = HomePage.objects.first()
    site = Site.objects.get(is_default_site=True)
    if site.site_name != content.PORTAL_NAME:
        site.site_name = content.PORTAL_NAME
        site.save()
    identity = SiteIdentity.for_site(site)
    county = content.BODIES[0]
    if identity.organ_code != county[4] or identity.site_name != content.PORTAL_NAME:
        identity.organ_code, identity.site_name = county[4], content.PORTAL_NAME
        identity.save()
    if not home.intro:
        home.title = home.draft_title = content.PORTAL_NAME
        home.intro = (
            "欢迎访问和县人民政府网站。县政府、县直部门和各乡镇的政策文件与解读同步发布,方便您查阅、理解和监督。"
        )
        home.save_revision().publish()
    return home


def ensure_bodies() -> dict[str, DisclosingBody]:
    """The platform's 公开主体: the county, two county departments and two towns, 历阳镇 among them."""
    bodies: dict[str, DisclosingBody] = {}
    for order, (slug, name, short, kind, code, parent, phone, address) in enumerate(content.BODIES):
        # An installation migrated from one government already holds the town (found by its code or name).
        body = DisclosingBody.objects.filter(Q(slug=slug) | Q(credit_code=code) | Q(name=name)).first()
        if body is not None:
            if body.parent_id is None and parent is not None:
                body.parent, body.sort_order = bodies[parent], order
                body.save(update_fields=["parent", "sort_order"])
            bodies[slug] = body
            continue
        body = DisclosingBody.objects.create(
            slug=slug,
            **{
                "name": name,
                "short_name": short,
                "kind": kind,
                "credit_code": code,
                "parent": bodies[parent] if parent else None,
                "phone": phone,
                "address": address,
                "office_hours": "工作日 8:30-12:00,14:30-17:30",
                "guide": f"<p>{name}按照《中华人民共和国政府信息公开条例》主动公开政府信息;"
                "依申请公开的政府信息,请通过政府信息公开申请渠道提出。</p>",
                "sort_order": order,
            },
        )
        bodies[slug] = body
    return bodies


def ensure_columns(library, bodies) -> dict[str, BodySectionPage]:
    columns = {}
    for slug, body in bodies.items():
        column = BodySectionPage.objects.filter(disclosing_body=body).first()
        if column is None:
            column = BodySectionPage(title=body.name, slug=slug, disclosing_body=body)
            library.add_child(instance=column)
            column.save_revision().publish()
        columns[slug] = column
    return columns


def ensure_topics():
    for order, (code, name) in enumerate(content.TOPICS):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


def _group(name, *permissions):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(*(_perm(*p) for p in (ADMIN_ACCESS, *permissions)))
    return group


def ensure_library(home) -> PolicyLibraryPage:
    library = PolicyLibraryPage.objects.first()
    if library is None:
        library = PolicyLibraryPage(
            title="政策文件", slug="policies", intro="县政府、县直部门和各乡镇发布的政策文件及其解读。"
        )
        home.add_child(instance=library)
        library.save_revision().publish()
    return library


def _group_name(body: DisclosingBody, department: str, role: str) -> str:
    prefix = "" if body.slug == "liyang" else body.short_name  # the town's groups keep the names it knew
    return f"{prefix}{department}-{role}"


def ensure_departments(columns, bodies) -> dict[tuple[str, str], DraftingDepartment]:
    departments = {}
    for body_slug, code, name, interpreter, contact in content.DEPARTMENTS:
        body = bodies[body_slug]
        uploads = (("wagtailimages", "add_image"), ("wagtaildocs", "add_document"))
        editors = _group(_group_name(body, name, "起草人"), *uploads)
        leaders = _group(_group_name(body, name, "负责人"), *uploads)
        department, _ = DraftingDepartment.objects.get_or_create(
            disclosing_body=body,
            code=code,
            defaults={"name": name, "first_interpreter": interpreter, "contact": contact},
        )
        if department.editors_id != editors.pk or department.leaders_id != leaders.pk:
            department.editors, department.leaders = editors, leaders
            department.save()
        section = DepartmentSectionPage.objects.filter(department=department).first()
        if section is None:
            section = DepartmentSectionPage(title=name, slug=code, department=department)
            columns[body_slug].add_child(instance=section)
            section.save_revision().publish()
        # 谁起草、谁解读: each department edits only its own section; only its leaders publish there.
        for group, types in (
            (editors, ("add", "change")),
            (leaders, ("add", "change", "publish", "lock", "unlock")),
        ):
            for permission_type in types:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=section, permission=_perm("wagtailcore", f"{permission_type}_page")
                )
        departments[(body_slug, code)] = department
    return departments


#: What a body's administrator manages: its people, its press partners. Which body is theirs comes from their
#: membership (bodies.scope), so one group serves every body.
BODY_ADMIN_PERMISSIONS = (
    ("bodies", "change_disclosingbody"),
    ("bodies", "view_disclosingbody"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_user"),
    ("partners", "add_presspartner"),
    ("partners", "change_presspartner"),
    ("partners", "view_presspartner"),
)


def ensure_office_groups():
    openness = _group(  # also the demo's 政府信息公开工作机构: it writes and publishes the 年度报告
        "政务公开办",
        ("disclosure_requests", "add_annualreport"),
        ("disclosure_requests", "change_annualreport"),
        ("disclosure_requests", "view_annualreport"),
    )
    releaser = _group(
        "渠道发布",
        ("interpretation", "release_to_channels"),
        ("interpretation", "release_without_interpretation"),
    )
    body_admins = _group("公开主体管理员", *BODY_ADMIN_PERMISSIONS)
    return openness, releaser, body_admins


def ensure_workflow(library, openness_group):
    workflow, created = Workflow.objects.get_or_create(name="三同步审签流程")
    if created:
        sign = ThreeSyncSignTask.objects.create(name="部门负责人同步审签")
        office = OpennessOfficeReviewTask.objects.create(name="政务公开办审核公开属性")
        office.groups.add(openness_group)
        WorkflowTask.objects.create(workflow=workflow, task=sign, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=office, sort_order=1)
    WorkflowPage.objects.get_or_create(page=library, defaults={"workflow": workflow})
    return workflow


def ensure_releaser_rights(column, releaser):
    """The town's leader in charge may publish in every section of its column, which is what an override needs."""
    for permission_type in ("change", "publish"):
        GroupPagePermission.objects.get_or_create(
            group=releaser, page=column, permission=_perm("wagtailcore", f"{permission_type}_page")
        )


#: Demo roles held by the 三员分立 groups (made by a migration: security.roles).
ADMIN_ROLES = {
    "system_admin": roles.SYSTEM_ADMIN,
    "security_admin": roles.SECURITY_ADMIN,
    "audit_admin": roles.AUDIT_ADMIN,
}


def ensure_users(bodies, departments, groups) -> list[tuple[str, str, str]]:
    openness, releaser, body_admins = groups
    User = get_user_model()
    printed = []
    for username, full_name, role, body_slug, department_code in content.USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=content.DEMO_PASSWORD,
                first_name=full_name,
                email=f"{username}@example.gov.cn",
                is_staff=role in ("superuser", *ADMIN_ROLES),
                is_superuser=role == "superuser",
            )
        if body_slug is not None:
            BodyMembership.objects.get_or_create(user=user, defaults={"body": bodies[body_slug]})
        department = departments.get((body_slug, department_code))
        role_groups = {
            "body_admin": [body_admins],
            "editor": [department.editors] if department else [],
            "leader": [department.leaders] if department else [],
            "openness_office": [openness],
            "releaser": [releaser],
            **{key: list(Group.objects.filter(name=name)) for key, name in ADMIN_ROLES.items()},
        }.get(role, [])
        user.groups.add(*role_groups)
        where = f"{bodies[body_slug].short_name} " if body_slug else ""
        printed.append((username, full_name, where + content.ROLE_LABELS[role]))
    return printed


def ensure_office() -> dict:
    """The county platform without content: bodies, their columns and departments, groups, workflow and people."""
    home = ensure_site()
    ensure_topics()
    library = ensure_library(home)
    bodies = ensure_bodies()
    columns = ensure_columns(library, bodies)
    departments = ensure_departments(columns, bodies)
    groups = ensure_office_groups()
    ensure_workflow(library, groups[0])
    ensure_releaser_rights(columns["liyang"], groups[1])
    users = ensure_users(bodies, departments, groups)
    return {"library": library, "bodies": bodies, "columns": columns, "departments": departments, "users": users}


def build_all() -> list[tuple[str, str, str]]:
    office = ensure_office()
    policies.ensure_seed_policy(office["departments"])
    policies.ensure_county_policy(office["departments"])
    return office["users"]


def load_app_demos() -> list[str]:
    """Each app may ship <app>/demo.py with load() -> str (idempotent); run them in INSTALLED_APPS order."""
    from django.conf import settings

    apps = [app for app in settings.INSTALLED_APPS if app != "cms"]
    return [module.load() for module in project_app_modules(apps, "demo")]
