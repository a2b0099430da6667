"""The three-sync panel on the policy edit view: what the bundle has, what it still lacks."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class ThreeSyncPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "interpretation/admin/three_sync_panel.html"

        def get_context_data(self, parent_context=None):
            from interpretation import three_sync  # lazy: the page models use this panel
            from interpretation.models import MATERIAL_PAGE_TYPES  # lazy: the page models use this panel

            context = super().get_context_data(parent_context)
            policy = self.instance
            saved = bool(policy.pk)
            context.update(
                policy=policy,
                saved=saved,
                gaps=three_sync.bundle_gaps(policy) if saved else [_("文件尚未保存")],
                materials=list(policy.materials) if saved else [],
                add_links=[
                    (
                        model._meta.verbose_name,
                        reverse(
                            "wagtailadmin_pages:add",
                            args=(model._meta.app_label, model._meta.model_name, policy.pk),
                        ),
                    )
                    for model in MATERIAL_PAGE_TYPES
                ]
                if saved
                else [],
                review_url=reverse("interpretation_bundle_review", args=(policy.pk,)) if saved else "",
            )
            return context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("三同步"))
        super().__init__(*args, **kwargs)


class SupersessionPanel(Panel):
    """On the newer policy's form: what it amends or repeals, as readers see it (set on the older policy)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "interpretation/admin/supersession_panel.html"

        def get_context_data(self, parent_context=None):
            from interpretation.supersession import replaced  # lazy: the page models use this panel

            context = super().get_context_data(parent_context)
            context["relations"] = replaced(self.instance)
            return context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("本文件修改或废止的文件"))
        kwargs.setdefault(
            "help_text", _("在旧文件中选择“修改或废止本文件的新文件”并设定其有效性;此处列出公众页面显示的内容。")
        )
        super().__init__(*args, **kwargs)
