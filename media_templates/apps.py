from django.apps import AppConfig


class MediaTemplatesConfig(AppConfig):
    name = "media_templates"
    verbose_name = "媒体模板"
    default_auto_field = "django.db.models.BigAutoField"
