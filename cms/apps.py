import re

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils import translation

# Names Django and Wagtail store in English when they create their rows: the admin shows them as they are.
_PERMISSION_ACTIONS = {"add": "可添加", "change": "可修改", "delete": "可删除", "view": "可查看"}
_DEFAULT_PERMISSION = re.compile(r"^Can (add|change|delete|view) ")
WAGTAIL_PERMISSION_NAMES = {
    "Can access Wagtail admin": "可访问管理后台",
    "Add any page": "可添加任何页面",
    "Publish any page": "可发布任何页面",
    "Delete pages with children": "可删除含子页面的页面",
    "Lock/unlock pages you've locked": "可锁定/解锁自己锁定的页面",
    "Unlock any page": "可解锁任何页面",
    "Can choose document": "可选择文档",
    "Can choose image": "可选择图片",
    "Can bulk_delete page": "可批量删除页面",
}
# Wagtail's migrations seed these rows: renamed while they still carry Wagtail's English default.
WAGTAIL_SEED_NAMES = [
    ("auth", "Group", "name", "Moderators", "审核员"),
    ("auth", "Group", "name", "Editors", "编辑人员"),
    ("wagtailcore", "Workflow", "name", "Moderators approval", "审核员审批"),
    ("wagtailcore", "Task", "name", "Moderators approval", "审核员审批"),
    ("wagtailcore", "Collection", "name", "Root", "根目录"),
    ("wagtailcore", "Page", "title", "Root", "根页面"),
    ("wagtailcore", "Page", "draft_title", "Root", "根页面"),
]


def chinese_seed_names(sender, app_config=None, using="default", apps=None, **kwargs):
    """After each migrate: the permission names and Wagtail's seed rows read in Chinese in the admin.

    Runs for every app's post_migrate, so the permissions auth creates for that app are made first (auth's own
    handler, connected later, then finds them). Idempotent: only rows still holding the English default change."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    if app_config is not None and app_config.models_module is not None:
        create_permissions(app_config, verbosity=0, using=using, apps=global_apps)
    with translation.override("zh-hans"):
        english = Q(name__startswith="Can ") | Q(name__in=WAGTAIL_PERMISSION_NAMES)
        for permission in Permission.objects.using(using).filter(english).select_related("content_type"):
            name = WAGTAIL_PERMISSION_NAMES.get(permission.name)
            match = _DEFAULT_PERMISSION.match(permission.name)
            model = permission.content_type.model_class()
            if name is None and match and model is not None:
                name = _PERMISSION_ACTIONS[match.group(1)] + str(model._meta.verbose_name)
            if name and name != permission.name:
                Permission.objects.using(using).filter(pk=permission.pk).update(name=name[:255])
    for app_label, model_name, field, english, chinese in WAGTAIL_SEED_NAMES:
        try:
            model = global_apps.get_model(app_label, model_name)
        except LookupError:
            continue
        filters = {field: english}
        if model_name in ("Page", "Collection"):
            filters["depth"] = 1
        model._default_manager.using(using).filter(**filters).update(**{field: chinese})


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "站点"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every process that sets Django up (web, worker, scheduler, manage.py, tests) gets the project's Celery app
        # as the default in all of its threads: a bell rung from any request thread reaches the configured broker.
        from cms import celery  # noqa: F401 - lazy: the app reads settings, so only once they are loaded
        from cms.foundation import admin_display  # lazy: Wagtail's admin needs the apps loaded

        admin_display.register()

        post_migrate.connect(chinese_seed_names, dispatch_uid="cms.chinese_seed_names")
        _label_site_columns()


def _label_site_columns():
    """Wagtail 8.0.1's site listing names three columns after their fields, in English: give them the fields'
    translated names."""
    from django.utils.text import capfirst
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
