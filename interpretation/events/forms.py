"""The event's admin page form: a confirmed date changes only with a reason, and the related policies offered
are the public ones only (a draft's or a withheld document's title never reaches the event editor).

A press kit under embargo needs no particular folder: interpretation.visibility holds its files back."""

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

from interpretation.models.policy import PolicyDocumentPage, public_policies


def _minute(value):
    return value.replace(second=0, microsecond=0)


class EventPageForm(WagtailAdminPageForm):
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

    def _policy_choices(self):
        """Public policies only, plus any already linked here (so that a withheld one is named, not dropped)."""
        from django.db.models import Q

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
