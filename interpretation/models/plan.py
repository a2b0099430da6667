"""解读方案: stored on the policy page itself, so it is revised and signed with the policy."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from interpretation.choices import MaterialForm, PlanChannel
from interpretation.models.fields import MultipleChoiceJSONField


class InterpretationPlanFields(models.Model):
    """The plan's fields and their admin panel; a policy has a plan once these are filled."""

    interpretation_required = models.BooleanField(
        _("需要同步解读"),
        default=True,
        help_text=_("规章和规范性文件必须同步解读;其他政策文件按解读方案确定。"),
    )
    plan_release_at = models.DateTimeField(_("计划解读时间"), null=True, blank=True)
    plan_channels = MultipleChoiceJSONField(_("解读途径"), choices_enum=PlanChannel)
    plan_forms = MultipleChoiceJSONField(_("解读形式"), choices_enum=MaterialForm)
    plan_outline = models.TextField(_("解读提纲"), blank=True)
    first_interpreter = models.CharField(_("第一解读人"), max_length=40, blank=True)
    interpreter_contact = models.CharField(_("联系人及电话"), max_length=80, blank=True)

    plan_panel = MultiFieldPanel(
        [
            FieldPanel("interpretation_required"),
            FieldPanel("plan_release_at"),
            FieldPanel("plan_channels"),
            FieldPanel("plan_forms"),
            FieldPanel("plan_outline"),
            FieldRowPanel([FieldPanel("first_interpreter"), FieldPanel("interpreter_contact")]),
        ],
        heading=_("解读方案"),
    )

    class Meta:
        abstract = True

    def plan_gaps(self) -> list[str]:
        """What the plan still lacks, in the words an editor reads."""
        missing = []
        if not self.plan_release_at:
            missing.append(str(_("解读时间")))
        if not self.plan_channels:
            missing.append(str(_("解读途径")))
        if not self.plan_forms:
            missing.append(str(_("解读形式")))
        if not self.plan_outline.strip():
            missing.append(str(_("解读提纲")))
        if not self.first_interpreter.strip():
            missing.append(str(_("第一解读人")))
        return missing

    @property
    def plan_channel_labels(self):
        return self._meta.get_field("plan_channels").labels(self.plan_channels)

    @property
    def plan_form_labels(self):
        return self._meta.get_field("plan_forms").labels(self.plan_forms)
