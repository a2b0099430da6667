from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "channels.partners"
    label = "partners"
    verbose_name = "新闻媒体"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import adapters  # noqa: F401 - registers the partner channels with the delivery ledger
