"""The event's admin page form: a confirmed date changes only with a reason.

A press kit under embargo needs no particular folder: interpretation.visibility holds its files back."""

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm


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

    def _stored(self):
        """The event as it is now (the schedule lives on the page row, not in drafts)."""
        if not hasattr(self, "_stored_event"):
            from interpretation.events.models import EventPage

            pk = self.instance.pk
            self._stored_event = EventPage.objects.filter(pk=pk).first() if pk else None
        return self._stored_event

    def clean(self):
        from interpretation.events import lifecycle

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
        from interpretation.events import lifecycle

        page = super().save(commit=commit)
        stored = self._stored()
        if stored is not None:
            lifecycle.change_date(
                stored, page.start, page.end, self.cleaned_data.get("date_change_reason", ""), user=self.for_user
            )
            lifecycle.assign_responsibility(stored, page.responsible_user_id, page.responsible_department_id)
        return page
