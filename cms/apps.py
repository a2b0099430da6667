from django.apps import AppConfig


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
