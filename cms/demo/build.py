"""Idempotent builders for the demo: each ensures one thing exists and changes nothing when it already does."""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission, Site, Workflow, WorkflowPage, WorkflowTask

from cms.demo import content
from cms.foundation.config import project_app_modules
from cms.models import HomePage, SiteIdentity
from interpretation import three_sync
from interpretation.choices import DisclosureAttribute, DocumentType, InterpreterKind, OpennessArea, Validity
from interpretation.models import (
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
    home = HomePage.objects.first()
    site = Site.objects.get(is_default_site=True)
    if site.site_name != content.SITE_NAME:
        site.site_name = content.SITE_NAME
        site.save()
    identity = SiteIdentity.for_site(site)
    if identity.organ_code != content.ORGAN_CODE or identity.site_name != content.SITE_NAME:
        identity.organ_code, identity.site_name = content.ORGAN_CODE, content.SITE_NAME
        identity.save()
    if not home.intro:
        home.intro = "欢迎访问历阳镇人民政府网站。政策文件与解读同步发布,方便您查阅、理解和监督。"
        home.save_revision().publish()
    return home


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
        library = PolicyLibraryPage(title="政策文件", slug="policies", intro="本镇发布的政策文件及其解读。")
        home.add_child(instance=library)
        library.save_revision().publish()
    return library


def ensure_departments(library) -> dict[str, DraftingDepartment]:
    departments = {}
    for code, name, interpreter, contact in content.DEPARTMENTS:
        editors = _group(f"{name}-起草人", ("wagtailimages", "add_image"), ("wagtaildocs", "add_document"))
        leaders = _group(f"{name}-负责人", ("wagtailimages", "add_image"), ("wagtaildocs", "add_document"))
        department, _ = DraftingDepartment.objects.get_or_create(
            code=code,
            defaults={"name": name, "first_interpreter": interpreter, "contact": contact},
        )
        if department.editors_id != editors.pk or department.leaders_id != leaders.pk:
            department.editors, department.leaders = editors, leaders
            department.save()
        section = DepartmentSectionPage.objects.filter(department=department).first()
        if section is None:
            section = DepartmentSectionPage(title=name, slug=code, department=department)
            library.add_child(instance=section)
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
        departments[code] = department
    return departments


def ensure_office_groups():
    openness = _group("政务公开办")
    releaser = _group(
        "渠道发布",
        ("interpretation", "release_to_channels"),
        ("interpretation", "release_without_interpretation"),
    )
    return openness, releaser


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


def ensure_releaser_rights(library, releaser):
    """The leader in charge may publish in every section, which is what an override needs."""
    for permission_type in ("change", "publish"):
        GroupPagePermission.objects.get_or_create(
            group=releaser, page=library, permission=_perm("wagtailcore", f"{permission_type}_page")
        )


def ensure_users(departments, openness, releaser) -> list[tuple[str, str, str]]:
    User = get_user_model()
    printed = []
    for username, full_name, role, department_code in content.USERS:
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
        department = departments.get(department_code)
        groups = {
            "editor": [department.editors] if department else [],
            "leader": [department.leaders] if department else [],
            "openness_office": [openness],
            "releaser": [releaser],
        }.get(role, [])
        user.groups.add(*groups)
        printed.append((username, full_name, content.ROLE_LABELS[role]))
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
    section = DepartmentSectionPage.objects.get(department=departments["dangzheng"])
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
        first_interpreter=departments["dangzheng"].first_interpreter,
        interpreter_contact=departments["dangzheng"].contact,
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


def build_all() -> list[tuple[str, str, str]]:
    home = ensure_site()
    ensure_topics()
    library = ensure_library(home)
    departments = ensure_departments(library)
    openness, releaser = ensure_office_groups()
    ensure_workflow(library, openness)
    ensure_releaser_rights(library, releaser)
    users = ensure_users(departments, openness, releaser)
    ensure_seed_policy(departments)
    return users


def load_app_demos() -> list[str]:
    """Each app may ship <app>/demo.py with load() -> str (idempotent); run them in INSTALLED_APPS order."""
    from django.conf import settings

    apps = [app for app in settings.INSTALLED_APPS if app != "cms"]
    return [module.load() for module in project_app_modules(apps, "demo")]
