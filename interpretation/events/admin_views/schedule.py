"""日程与状态: where one event stands, its history, and the actions its state allows."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import PageLogEntry

from interpretation.events import lifecycle
from interpretation.events.admin_forms import TransitionForm
from interpretation.events.admin_views import event_for


def schedule(request, event_id):
    event = event_for(request, event_id)
    actions = [
        {"name": name, "label": lifecycle.ACTIONS[name][0], "needs_reason": lifecycle.ACTIONS[name][1]}
        for name in lifecycle.allowed_actions(event)
    ]
    return TemplateResponse(
        request,
        "events/admin/schedule.html",
        {
            "event": event,
            "actions": actions,
            "date_changes": event.date_changes.select_related("changed_by"),
            "log_entries": PageLogEntry.objects.filter(page=event, action__startswith="events.")
            .select_related("user")
            .order_by("-timestamp")[:50],
            "releases": event.releases.order_by("released_at"),
            "page_title": _("日程与状态:%(title)s") % {"title": event.title},
        },
    )


@require_POST
def transition(request, event_id, action):
    event = event_for(request, event_id)
    form = TransitionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, _("理由不能超过500字。"))
        return redirect("events_admin:schedule", event.pk)
    try:
        lifecycle.perform(event, action, user=request.user, reason=reason)
    except lifecycle.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("已%(action)s。") % {"action": lifecycle.ACTIONS[action][0]})
    return redirect("events_admin:schedule", event.pk)
