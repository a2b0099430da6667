from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "安全"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
