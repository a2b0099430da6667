"""Admin forms that refuse, with the reason in Chinese, any submission or release that breaks 三同步.

A refused form is re-rendered with everything the user typed: nothing is saved, nothing is lost.
"""

from copy import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


def requested_action(form) -> str | None:
    if form.data.get("action-publish"):
        return "publish"
    if form.data.get("action-submit"):
        return "submit"
    return None


class PlatformSlugFormMixin:
    """After a background save, the form shows the address the platform gave the page (interpretation.slugs),
    not the Chinese slug Wagtail's title sync typed into it; left empty, the platform chooses it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is not None:
            slug.required = False
            slug.help_text = _("留空或为中文时,由平台按文号或日期生成简短地址,如 2018-12;发布后地址不再改变。")

    def get_field_updates_for_resave(self):
        updates = list(super().get_field_updates_for_resave())
        if "slug" in self.fields and self.instance.slug:
            updates.append(("slug", self.instance.slug))
        return updates


class PolicyDocumentForm(PlatformSlugFormMixin, WagtailAdminPageForm):
    def clean(self):
        from interpretation import three_sync  # lazy: the page models use this form; the rule imports them

        cleaned = super().clean()
        policy = self._probe(cleaned)
        self._check_attribute_change(policy, cleaned)
        action = requested_action(self)
        if action is None:
            return cleaned
        gaps = three_sync.bundle_gaps(policy)
        if not gaps:
            return cleaned
        if (
            action == "publish"
            and three_sync.may_override(self.for_user, policy)
            and not three_sync.disclosure_gaps(policy)
        ):
            return cleaned  # the release guard decides the rest: the document alone, the reason logged, the clock
        raise ValidationError(three_sync.gate_message(gaps))

    def _probe(self, cleaned):
        """The policy as it would be after this save, without saving it."""
        policy = copy(self.instance)
        policy.__dict__.pop("materials", None)
        for name, value in cleaned.items():
            if name in {field.name for field in policy._meta.fields}:
                setattr(policy, name, value)
        return policy

    def _check_attribute_change(self, policy, cleaned):
        released = self.instance.released_disclosure_attribute
        if (
            released
            and policy.disclosure_attribute != released
            and not (cleaned.get("attribute_change_reason") or "").strip()
        ):
            self.add_error("attribute_change_reason", _("发布后变更公开属性,必须说明变更理由。"))


class MaterialForm(PlatformSlugFormMixin, WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        action = requested_action(self)
        policy = self.parent_page.specific if self.instance.pk is None else self.instance.get_parent().specific
        if action and not policy.live:
            if action == "publish":
                raise ValidationError(_("解读材料不能先于政策文件发布:请在政策文件上一并审签、同步发布。"))
            raise ValidationError(_("政策文件发布前,解读材料随政策文件一并提交审核:请保存草稿后在政策文件页面提交。"))
        return cleaned
