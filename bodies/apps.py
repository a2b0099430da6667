from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "bodies"
    verbose_name = "公开主体"
    default_auto_field = "django.db.models.BigAutoField"
