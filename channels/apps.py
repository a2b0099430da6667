from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "channels"
    label = "delivery_channels"
    verbose_name = "分发渠道"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from channels import receivers  # noqa: F401 - the ledger's rows are written with each release
        from channels.adapters import website, wechat  # noqa: F401 - register the channels
        from channels.panels import add_delivery_tab
        from channels.wechat import checks  # noqa: F401 - the callback's message mode is warned about
        from interpretation.models import PolicyDocumentPage

        # interpretation knows nothing of delivery; the policy's edit view gets its 分发 tab from here.
        add_delivery_tab(PolicyDocumentPage)
