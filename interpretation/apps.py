from django.apps import AppConfig


class InterpretationConfig(AppConfig):
    name = "interpretation"
    verbose_name = "政策解读"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from interpretation import admin_scope, handlers  # noqa: F401 - system check; three-sync receivers
