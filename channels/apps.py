from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "channels"
    label = "delivery_channels"
    verbose_name = "分发渠道"
    default_auto_field = "django.db.models.BigAutoField"
