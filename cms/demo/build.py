"""Idempotent builders for the demo: each ensures one thing exists and changes nothing when it already does."""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import GroupPagePermission, Site, Workflow, WorkflowPage, WorkflowTask

from bodies.models import BodyMembership, DisclosingBody
from cms.demo import content
from cms.foundation.config import project_app_modules
from cms.models import HomePage, SiteIdentity
from interpretation import three_sync
from interpretation.choices import DisclosureAttribute, DocumentType, InterpreterKind, OpennessArea, Validity
from interpretation.models import (
    BodySectionPage,
    DepartmentSectionPage,
    DraftingDepartment,
    GraphicKeyPoint,
    GraphicMaterialPage,
    OpennessOfficeReviewTask,
    PolicyDocumentPage,
    PolicyLibraryPage,
    QAMaterialPage,
    QAPair,
    TextMaterialPage,
    ThreeSyncSignTask,
    Topic,
)

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
    openness = _group("政务公开办")
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
                is_staff=role == "superuser",
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
        }.get(role, [])
        user.groups.add(*role_groups)
        where = f"{bodies[body_slug].short_name} " if body_slug else ""
        printed.append((username, full_name, where + content.ROLE_LABELS[role]))
    return printed


@transaction.atomic
def ensure_seed_policy(departments) -> PolicyDocumentPage:
    """The seed's work plan, released through the same three-sync path an editor's click takes."""

    existing = PolicyDocumentPage.objects.filter(slug=content.POLICY["slug"]).first()
    if existing is not None:
        return existing
    User = get_user_model()
    editor = User.objects.get(username="dzb_editor")
    leader = User.objects.get(username="dzb_leader")
    section = DepartmentSectionPage.objects.get(department=departments[("liyang", "dangzheng")])
    policy = PolicyDocumentPage(
        title=content.POLICY["title"],
        slug=content.POLICY["slug"],
        document_number=content.POLICY["document_number"],
        issuing_organ=content.SITE_NAME,
        date_written=date(2018, 4, 10),
        date_published=date(2018, 4, 12),
        effective_date=date(2018, 4, 12),
        topic=Topic.objects.get(code="zhengwu-gongkai"),
        openness_area=OpennessArea.DECISION,
        document_type=DocumentType.NORMATIVE,
        validity=Validity.VALID,
        summary=content.POLICY["summary"],
        body=content.seed_body_html(),
        disclosure_attribute=DisclosureAttribute.PROACTIVE,
        plan_release_at=timezone.make_aware(datetime.combine(date(2018, 4, 12), time(9, 0))),
        plan_channels=["website", "wechat", "press_partner", "briefing"],
        plan_forms=["text", "graphic", "qa"],
        plan_outline=content.POLICY["plan_outline"],
        first_interpreter=departments[("liyang", "dangzheng")].first_interpreter,
        interpreter_contact=departments[("liyang", "dangzheng")].contact,
    )
    section.add_child(instance=policy)
    policy.save_revision(user=editor)
    _add_materials(policy, editor)
    gaps = three_sync.bundle_gaps(policy)
    if gaps:  # the demo goes through the same gate as every editor
        raise RuntimeError(three_sync.gate_message(gaps))
    revision = policy.get_latest_revision()
    three_sync.sign_bundle(policy, revision, leader, comment="同意发布,政策文件与解读材料同步部署。")
    revision.publish(user=leader)  # the page_published handler releases the materials with it
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def _add_materials(policy, editor):
    text = content.TEXT_INTERPRETATION
    body = "".join(f"<{tag}>{value}</{tag}>" for tag, value in text["body"])
    material = TextMaterialPage(
        title=text["title"],
        slug=text["slug"],
        summary=text["summary"],
        body=body,
        interpreter_kind=InterpreterKind.BY_DEPARTMENT,
        interpreter_name="党政办公室 张明",
    )
    policy.add_child(instance=material)
    material.save_revision(user=editor)

    qa = content.QA_INTERPRETATION
    material = QAMaterialPage(
        title=qa["title"],
        slug=qa["slug"],
        summary=qa["summary"],
        interpreter_kind=InterpreterKind.BY_DEPARTMENT,
        interpreter_name="党政办公室",
    )
    material.qa_pairs = [QAPair(question=q, answer=f"<p>{a}</p>") for q, a in qa["pairs"]]
    policy.add_child(instance=material)
    material.save_revision(user=editor)

    graphic = content.GRAPHIC_INTERPRETATION
    material = GraphicMaterialPage(
        title=graphic["title"],
        slug=graphic["slug"],
        summary=graphic["summary"],
        subtitle=graphic["subtitle"],
        steps=graphic["steps"],
        interpreter_kind=InterpreterKind.BY_EXPERT,
        interpreter_name="县政务公开办 专家",
    )
    material.key_points = [GraphicKeyPoint(title=t, text=x, figure=f) for t, x, f in graphic["key_points"]]
    policy.add_child(instance=material)
    material.save_revision(user=editor)


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


@transaction.atomic
def ensure_county_policy(departments) -> PolicyDocumentPage:
    """The county's own policy, released by its office's leader through the same three-sync path."""
    spec = content.COUNTY_POLICY
    existing = PolicyDocumentPage.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    User = get_user_model()
    editor, leader = User.objects.get(username="hx_editor"), User.objects.get(username="hx_leader")
    department = departments[("hexian", "bangongshi")]
    policy = PolicyDocumentPage(
        title=spec["title"],
        slug=spec["slug"],
        document_number=spec["document_number"],
        date_written=date(2018, 3, 20),
        date_published=date(2018, 3, 22),
        effective_date=date(2018, 3, 22),
        topic=Topic.objects.get(code="zhengwu-gongkai"),
        openness_area=OpennessArea.DECISION,
        document_type=DocumentType.NORMATIVE,
        validity=Validity.VALID,
        summary=spec["summary"],
        body="".join(f"<p>{line}</p>" for line in spec["body"]),
        disclosure_attribute=DisclosureAttribute.PROACTIVE,
        plan_release_at=timezone.make_aware(datetime.combine(date(2018, 3, 22), time(9, 0))),
        plan_channels=["website", "wechat"],
        plan_forms=["text"],
        plan_outline=spec["plan_outline"],
        first_interpreter=department.first_interpreter,
        interpreter_contact=department.contact,
    )
    DepartmentSectionPage.objects.get(department=department).add_child(instance=policy)
    policy.save_revision(user=editor)
    material = TextMaterialPage(
        title=spec["interpretation_title"],
        slug="interpretation",
        summary="县政府办公室就工作要点作出解读。",
        body="".join(f"<{tag}>{text}</{tag}>" for tag, text in spec["interpretation"]),
        interpreter_kind=InterpreterKind.BY_DEPARTMENT,
        interpreter_name="县政府办公室",
    )
    policy.add_child(instance=material)
    material.save_revision(user=editor)
    gaps = three_sync.bundle_gaps(policy)
    if gaps:
        raise RuntimeError(three_sync.gate_message(gaps))
    revision = policy.get_latest_revision()
    three_sync.sign_bundle(policy, revision, leader, comment="同意发布。")
    revision.publish(user=leader)
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def build_all() -> list[tuple[str, str, str]]:
    office = ensure_office()
    ensure_seed_policy(office["departments"])
    ensure_county_policy(office["departments"])
    return office["users"]


def load_app_demos() -> list[str]:
    """Each app may ship <app>/demo.py with load() -> str (idempotent); run them in INSTALLED_APPS order."""
    from django.conf import settings

    apps = [app for app in settings.INSTALLED_APPS if app != "cms"]
    return [module.load() for module in project_app_modules(apps, "demo")]
