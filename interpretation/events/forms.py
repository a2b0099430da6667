"""The event's admin page form: a confirmed date changes only with a reason, the related policies offered
are the public ones only (a draft's or a withheld document's title never reaches the event editor), and the
公开主体 offered are the editor's own body and those below it, the editor's own by default.

A press kit under embargo needs no particular folder: interpretation.visibility holds its files back."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

from bodies import scope
from bodies.models import DisclosingBody
from interpretation.forms import PlatformSlugFormMixin
from interpretation.models.policy import PolicyDocumentPage, public_policies

BODY_OUT_OF_SCOPE = gettext_lazy("只能选择您所在的公开主体或其下级主体。")


def _minute(value):
    return value.replace(second=0, microsecond=0)


class EventPageForm(PlatformSlugFormMixin, WagtailAdminPageForm):
    date_change_reason = forms.CharField(
        label=gettext_lazy("改期理由"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("修改已确定的活动时间时必须填写,理由将在活动页面公开显示。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "policies" in self.fields:
            self.fields["policies"].queryset = self._policy_choices()
        if "disclosing_body" in self.fields:
            self._limit_bodies(self.fields["disclosing_body"])

    def _limit_bodies(self, field):
        """The bodies in the editor's scope (plus the event's own, so it stays named); the editor's by default."""
        user = getattr(self, "for_user", None)
        if user is None:
            return
        current = self.instance.disclosing_body_id
        ids = scope.body_ids(user)
        if ids is not None:
            field.queryset = DisclosingBody.objects.filter(Q(pk__in=ids) | Q(pk=current))
        field.error_messages["invalid_choice"] = BODY_OUT_OF_SCOPE
        if not self.instance.pk and current is None and not self.is_bound:
            default = scope.acting_body(user)
            if default is not None and scope.may_act_for(user, default):
                self.initial["disclosing_body"] = default.pk

    def clean_disclosing_body(self):
        """A body outside the editor's scope is refused, even posted by hand (the event's own may stay)."""
        body = self.cleaned_data.get("disclosing_body")
        user = getattr(self, "for_user", None)
        changed = body is not None and body.pk != self.instance.disclosing_body_id
        if changed and user is not None and not scope.may_act_for(user, body):
            raise forms.ValidationError(BODY_OUT_OF_SCOPE)
        return body

    def _policy_choices(self):
        """Public policies only, plus any already linked here (so that a withheld one is named, not dropped)."""
        linked = [policy.pk for policy in self.instance.policies.all()] if self.instance.pk else []
        public = Q(pk__in=public_policies().values("pk"))
        return PolicyDocumentPage.objects.filter(public | Q(pk__in=linked)).order_by("title")

    def clean_policies(self):
        from interpretation.events.models.pages import (  # lazy: the page model uses this form
            non_public_policies,
            policy_link_errors,
        )

        policies = self.cleaned_data.get("policies")
        refused = non_public_policies([policy.pk for policy in policies or []])
        if refused:
            raise forms.ValidationError(policy_link_errors(refused))
        return policies

    def _stored(self):
        """The event as it is now (the schedule lives on the page row, not in drafts)."""
        if not hasattr(self, "_stored_event"):
            from interpretation.events.models import EventPage  # lazy: the page model uses this form

            pk = self.instance.pk
            self._stored_event = EventPage.objects.filter(pk=pk).first() if pk else None
        return self._stored_event

    def clean(self):
        from interpretation.events import lifecycle  # lazy: lifecycle imports the page model

        cleaned = super().clean()
        stored = self._stored()
        start, end = cleaned.get("start"), cleaned.get("end")
        if stored is not None and start and end:
            # The widget shows minutes: an untouched field is the stored value, whatever its seconds.
            if _minute(start) == _minute(stored.start):
                cleaned["start"] = self.instance.start = start = stored.start
            if _minute(end) == _minute(stored.end):
                cleaned["end"] = self.instance.end = end = stored.end
        if stored is not None and start and end and (start, end) != (stored.start, stored.end):
            try:
                lifecycle.check_date_change(stored, start, end, cleaned.get("date_change_reason", ""))
            except lifecycle.TransitionRefused as refusal:
                self.add_error(refusal.field or None, str(refusal))
        return cleaned

    def save(self, commit=True):
        from interpretation.events import lifecycle  # lazy: lifecycle imports the page model

        page = super().save(commit=commit)
        stored = self._stored()
        if stored is not None:
            lifecycle.change_date(
                stored, page.start, page.end, self.cleaned_data.get("date_change_reason", ""), user=self.for_user
            )
            lifecycle.assign_responsibility(stored, page.responsible_user_id, page.responsible_department_id)
        return page
