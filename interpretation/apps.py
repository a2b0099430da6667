from django.apps import AppConfig


class InterpretationConfig(AppConfig):
    name = "interpretation"
    verbose_name = "政策解读"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Here, not in the URLconf: the Celery worker runs scheduled releases and never loads the URLconf.
        from interpretation import admin_scope, receivers  # noqa: F401 - the system check; every receiver
        from interpretation.public.static_site import receivers as static_site_receivers  # noqa: F401
