from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "channels"
    label = "delivery_channels"
    verbose_name = "分发渠道"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from channels import receivers  # noqa: F401 - the ledger's rows are written with each release
        from channels.adapters import website, wechat  # noqa: F401 - register the channels
