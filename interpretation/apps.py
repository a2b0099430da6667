from django.apps import AppConfig


class InterpretationConfig(AppConfig):
    name = "interpretation"
    verbose_name = "政策解读"
    default_auto_field = "django.db.models.BigAutoField"
