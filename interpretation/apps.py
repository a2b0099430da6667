from django.apps import AppConfig


class InterpretationConfig(AppConfig):
    name = "interpretation"
    verbose_name = "政策解读"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from interpretation import admin_scope, handlers  # noqa: F401 - system check; three-sync receivers
        from interpretation.public import receivers

        # Here, not in the URLconf: the Celery worker runs scheduled releases and never loads the URLconf.
        receivers.connect_release_signal()
