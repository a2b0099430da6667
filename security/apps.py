from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "安全"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import receivers  # noqa: F401

        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="security.sync_roles")


def _sync_roles(sender, apps, verbosity=1, **kwargs) -> None:
    """After every migrate: the three groups hold exactly their rights (security.roles), on old databases too."""
    from .roles import sync_roles

    sync_roles(apps, verbosity)
