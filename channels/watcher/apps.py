from django.apps import AppConfig


class WatcherConfig(AppConfig):
    name = "channels.watcher"
    label = "watcher"
    verbose_name = "上级政策转载"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from channels.watcher import receivers  # noqa: F401 - every receiver of the watcher
