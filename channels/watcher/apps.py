from django.apps import AppConfig


class WatcherConfig(AppConfig):
    name = "channels.watcher"
    label = "watcher"
    verbose_name = "上级政策转载"
    default_auto_field = "django.db.models.BigAutoField"
