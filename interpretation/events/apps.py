from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "interpretation.events"
    label = "events"
    verbose_name = "发布会与访谈"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from interpretation.events import receivers  # noqa: F401 - every receiver of the events app
