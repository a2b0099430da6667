"""直播间: post live text entries and moderate readers' questions, for one online interview."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from interpretation.events import public_cache
from interpretation.events.admin_forms import AnswerForm, LiveEntryForm
from interpretation.events.admin_views import event_for
from interpretation.events.choices import MODERATE_QUESTIONS, POST_LIVE_ENTRIES, EventState, QuestionStatus

OPEN_FOR_ENTRIES = (EventState.SCHEDULED, EventState.LIVE)


def _interactive_event(request, event_id):
    event = event_for(request, event_id, live_room=True)
    if not event.is_interactive:
        raise Http404(_("只有在线访谈有图文直播和网民提问。"))
    return event


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def live_room(request, event_id, entry_form=None):
    event = _interactive_event(request, event_id)
    questions = event.questions.select_related("moderated_by").order_by("-submitted_at")
    user = request.user
    return TemplateResponse(
        request,
        "events/admin/live.html",
        {
            "event": event,
            "entry_form": entry_form or LiveEntryForm(),
            "entries": event.live_entries.select_related("image", "posted_by").order_by("-pk")[:200],
            "pending": [q for q in questions if q.status == QuestionStatus.PENDING],
            "approved": [q for q in questions if q.status == QuestionStatus.APPROVED],
            "rejected": [q for q in questions if q.status == QuestionStatus.REJECTED][:50],
            "can_post": user.has_perm(POST_LIVE_ENTRIES) and event.state in OPEN_FOR_ENTRIES,
            "can_moderate": user.has_perm(MODERATE_QUESTIONS),
            "page_title": _("直播间:%(title)s") % {"title": event.title},
        },
        status=400 if entry_form is not None else 200,
    )


@require_POST
def post_entry(request, event_id):
    event = _interactive_event(request, event_id)
    _require(request, POST_LIVE_ENTRIES)
    if event.state not in OPEN_FOR_ENTRIES:
        messages.error(request, _("活动已结束或已取消,不能再发布直播内容。"))
        return redirect("events_admin:live", event.pk)
    form = LiveEntryForm(request.POST)
    if not form.is_valid():
        return live_room(request, event_id, entry_form=form)
    entry = form.save(commit=False)
    entry.event, entry.posted_by, entry.posted_at = event, request.user, timezone.now()
    entry.save()
    public_cache.event_changed(event)
    messages.success(request, _("直播内容已发布。"))
    return redirect("events_admin:live", event.pk)


@require_POST
def delete_entry(request, event_id, entry_id):
    event = _interactive_event(request, event_id)
    _require(request, "events.delete_liveentry")
    get_object_or_404(event.live_entries, pk=entry_id).delete()
    public_cache.event_changed(event)
    messages.success(request, _("直播内容已删除。"))
    return redirect("events_admin:live", event.pk)


@require_POST
def moderate(request, event_id, question_id, action):
    """approve / reject / answer: nothing a reader writes is public before one of these."""
    event = _interactive_event(request, event_id)
    _require(request, MODERATE_QUESTIONS)
    question = get_object_or_404(event.questions, pk=question_id)
    now = timezone.now()
    if action == "approve":
        question.status = QuestionStatus.APPROVED
        notice = _("提问已通过审核,已在页面显示。")
    elif action == "reject":
        question.status = QuestionStatus.REJECTED
        notice = _("提问未通过审核,不会显示。")
    elif action == "answer":
        form = AnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请填写回答(不超过5000字)。"))
            return redirect("events_admin:live", event.pk)
        question.status = QuestionStatus.APPROVED
        question.answer = form.cleaned_data["answer"].strip()
        question.answered_by = form.cleaned_data["answered_by"].strip()
        question.answered_at = now
        notice = _("回答已发布,问题和回答已在页面显示。")
    else:
        raise Http404
    question.moderated_by, question.moderated_at = request.user, now
    question.save()
    public_cache.event_changed(event)
    messages.success(request, notice)
    return redirect(reverse("events_admin:live", args=(event.pk,)) + f"#question-{question.pk}")
