"""An installation made for one government becomes one 公开主体 holding everything it had.

The body takes the site's name and organ code (the 索引号 prefix, so no 索引号 changes). Its departments, policies,
events, republications, partners, sources and working-day overrides become its own, and every person who is not a
superuser works for it. The library gets the body's column (公开主体栏目) between it and the department sections;
every page below moves with its section, and each live page's old address redirects to the new one, so no link
printed or shared before is broken. A fresh database (only Wagtail's root and the home page) gets no body: the
first is created in the admin or by the demo.
"""

import uuid

from django.conf import settings
from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _step(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _has_content(apps) -> bool:
    Page = apps.get_model("wagtailcore", "Page")
    models = [
        ("cms", "SiteIdentity"),
        ("interpretation", "DraftingDepartment"),
        ("partners", "PressPartner"),
        ("watcher", "Source"),
        ("working_days", "WorkingDayOverride"),
    ]
    return Page.objects.filter(depth__gt=2).exists() or any(
        apps.get_model(*label).objects.exists() for label in models
    )


def _short_name(name: str) -> str:
    for suffix in ("人民政府", "办事处"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _platform_body(apps):
    Body = apps.get_model("bodies", "DisclosingBody")
    Site = apps.get_model("wagtailcore", "Site")
    SiteIdentity = apps.get_model("cms", "SiteIdentity")
    site = Site.objects.filter(is_default_site=True).first()
    identity = SiteIdentity.objects.filter(site=site).first() if site else None
    name = (identity.site_name if identity else "") or (site.site_name if site else "") or "本级人民政府"
    code = identity.organ_code if identity else "LY-001"  # SiteIdentity's default prefix: 索引号 stay as they were
    town = any(mark in name for mark in ("镇", "乡", "街道"))
    return Body.objects.create(
        name=name,
        short_name=_short_name(name),
        slug="main",
        kind="town" if town else "government",
        credit_code=code,
    )


def _move_departments_under(apps, body, library):
    """library > sections  becomes  library > body column > sections; paths, depths and url paths follow."""
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    BodySectionPage = apps.get_model("interpretation", "BodySectionPage")
    Redirect = apps.get_model("wagtailredirects", "Redirect")

    children = list(Page.objects.filter(path__startswith=library.path, depth=library.depth + 1).order_by("path"))
    last = max((int(child.path[-STEPLEN:], 36) for child in children), default=0)
    column_path = library.path + _step(last + 1)
    column_url = f"{library.url_path}{body.slug}/"
    now = timezone.now()
    column_type, _ = ContentType.objects.get_or_create(app_label="interpretation", model="bodysectionpage")
    BodySectionPage.objects.create(
        title=body.name,
        draft_title=body.name,
        slug=body.slug,
        content_type=column_type,
        path=column_path,
        depth=library.depth + 1,
        numchild=len(children),
        url_path=column_url,
        locale_id=library.locale_id,
        translation_key=uuid.uuid4(),
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        disclosing_body=body,
    )
    sites = list(apps.get_model("wagtailcore", "Site").objects.select_related("root_page"))
    for child in children:
        for page in Page.objects.filter(path__startswith=child.path).order_by("path"):
            old_url = page.url_path
            page.path = column_path + page.path[len(library.path) :]
            page.depth += 1
            page.url_path = column_url + page.url_path[len(library.url_path) :]
            page.save(update_fields=["path", "depth", "url_path"])
            if page.live:
                _redirect(Redirect, sites, old_url, page)
    Page.objects.filter(pk=library.pk).update(numchild=1)


def _redirect(Redirect, sites, old_url, page):
    for site in sites:
        root = site.root_page.url_path
        if old_url.startswith(root):
            old_path = "/" + old_url[len(root) :].strip("/")
            Redirect.objects.get_or_create(
                old_path=old_path,
                site=None,
                defaults={"redirect_page_id": page.pk, "is_permanent": True, "automatically_created": True},
            )


def forwards(apps, schema_editor):
    if not _has_content(apps):
        return
    Body = apps.get_model("bodies", "DisclosingBody")
    body = Body.objects.order_by("pk").first() or _platform_body(apps)

    for app_label, model in (
        ("interpretation", "DraftingDepartment"),
        ("partners", "PressPartner"),
        ("watcher", "Source"),
        ("working_days", "WorkingDayOverride"),
        ("events", "EventPage"),
        ("watcher", "RepublicationPage"),
    ):
        apps.get_model(app_label, model).objects.filter(disclosing_body__isnull=True).update(disclosing_body=body)
    apps.get_model("interpretation", "PolicyDocumentPage").objects.filter(disclosing_body__isnull=True).update(
        disclosing_body=body
    )

    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Membership = apps.get_model("bodies", "BodyMembership")
    for user in User.objects.filter(is_superuser=False, body_membership__isnull=True):
        Membership.objects.create(user=user, body=body)

    BodySectionPage = apps.get_model("interpretation", "BodySectionPage")
    for library in apps.get_model("interpretation", "PolicyLibraryPage").objects.all():
        already = BodySectionPage.objects.filter(path__startswith=library.path, depth=library.depth + 1).exists()
        if not already:
            _move_departments_under(apps, body, library)


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("cms", "0002_home_page"),
        ("interpretation", "0004_disclosing_bodies"),
        ("events", "0003_disclosing_bodies"),
        ("watcher", "0003_disclosing_bodies"),
        ("partners", "0002_disclosing_bodies"),
        ("working_days", "0002_disclosing_bodies"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
