"""Public endpoints of events: live updates, questions, calendar files and the embargoed press kit.

None of them may fail with a 500 on bad input: every refusal is a short Chinese message.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.db.models import Count, Max
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from interpretation import visibility
from interpretation.events import ics, press, throttle
from interpretation.events.models import EventPage, PublicQuestion
from interpretation.events.public_forms import ChallengedQuestionForm, QuestionForm, new_challenge
from interpretation.events.queries import calendar_events, public_events
from interpretation.public import media

logger = logging.getLogger(__name__)

LIVE_MAX_AGE = 3  # seconds a shared cache may keep live.json: readers see a new entry within a poll or two
LIVE_BATCH = 200
CURSOR = re.compile(r"[0-9]{1,12}")  # ASCII only: str.isdigit() also accepts "²", which int() refuses


def _public_event(event_id):
    return public_events().filter(pk=event_id).first()


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _message(request, title, message, status, json=False):
    if json:
        return _json({"ok": False, "error": message}, status)
    response = render(request, "events/message.html", {"title": title, "message": message}, status=status)
    response["Cache-Control"] = "no-store"
    return response


# -- 图文直播 -----------------------------------------------------------------------------------------


def _entry_json(entry):
    item = {
        "id": entry.pk,
        "time": timezone.localtime(entry.posted_at).strftime("%H:%M"),
        "posted_at": entry.posted_at.isoformat(),
        "speaker": entry.speaker,
        "text": entry.text,
        "image": None,
    }
    if entry.image_id:
        try:
            rendition = entry.image.get_rendition("max-800x800")
            item["image"] = {"url": rendition.url, "alt": entry.image_alt or entry.image.title}
        except Exception:  # a missing or broken source file must not break the live page
            logger.warning("live entry %s: image %s has no rendition", entry.pk, entry.image_id, exc_info=True)
    return item


def _question_json(question):
    return {
        "id": question.pk,
        "name": str(question.display_name),
        "text": question.text,
        "answer": question.answer if question.is_answered else "",
        "answered_by": question.answered_by if question.is_answered else "",
    }


@require_GET
def live_json(request, event_id):
    """New live entries after ?after=<id>, and every approved question; ETag/304, cached a few seconds."""
    event = _public_event(event_id)
    if event is None:
        return _json({"ok": False, "error": _("活动不存在或尚未发布。")}, 404)
    after = request.GET.get("after", "0").strip() or "0"
    if not CURSOR.fullmatch(after):
        return _json({"ok": False, "error": _("参数 after 必须是非负整数。")}, 400)
    after = int(after)
    entries = event.live_entries.aggregate(last=Max("pk"), count=Count("pk"))
    public_questions = event.public_questions()
    questions = public_questions.aggregate(
        count=Count("pk"), moderated=Max("moderated_at"), answered=Max("answered_at")
    )
    version = f"{event.state}|{after}|{entries}|{questions}"
    etag = '"' + hashlib.sha256(version.encode()).hexdigest()[:32] + '"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        batch = event.live_entries.filter(pk__gt=after).select_related("image").order_by("pk")[:LIVE_BATCH]
        data = {
            "ok": True,
            "state": event.state,
            "state_label": event.get_state_display(),
            "entries": [_entry_json(entry) for entry in batch],
            "questions": [_question_json(question) for question in public_questions[:500]],
        }
        data["last"] = data["entries"][-1]["id"] if data["entries"] else after
        response = _json(data)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=LIVE_MAX_AGE)
    return response


# -- 网民提问 -----------------------------------------------------------------------------------------


@never_cache
@require_GET
def csrf_token(request):
    """The CSRF token for the question form: event pages are cached for everyone, so it cannot be in them."""
    return _json({"token": get_token(request)})


def _ask_page(request, event, status=200, form=None, error="", asked=False, challenge=None):
    if challenge is None and request.method == "GET" and throttle.next_attempt_challenged(request):
        challenge = new_challenge()
    context = {"event": event, "form": form, "error": error, "asked": asked, "challenge": challenge}
    response = render(request, "events/ask_page.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _refused(request, event, error, form, challenged, wants_json):
    """The error, with a fresh captcha when the next attempt needs one; the page keeps what the reader typed."""
    challenge = new_challenge() if challenged or throttle.next_attempt_challenged(request) else None
    if wants_json:
        return _json({"ok": False, "error": error, "challenge": challenge}, 400)
    return _ask_page(request, event, 400, form, error, challenge=challenge)


@require_http_methods(["GET", "POST"])
def ask(request, event_id):
    """Accept a reader's question for moderation; throttled, challenged, honeypotted, CSRF-protected.

    live.js posts with Accept: application/json and gets JSON (with a captcha to show when one is needed); without
    JavaScript the reader uses the question page (GET) and gets it back with the error, or is sent to it with a notice.
    """
    wants_json = "application/json" in request.headers.get("Accept", "")
    title = _("提问未提交")
    event = _public_event(event_id)
    if event is None:
        return _message(request, title, _("活动不存在或尚未发布。"), 404, wants_json)
    if request.method == "GET":
        return _ask_page(request, event, asked=request.GET.get("asked") == "1")
    if not event.accepts_questions:
        return _message(request, title, _("本场活动目前不接收网民提问。"), 403, wants_json)
    try:
        data = request.POST
    except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, UnreadablePostError, BadRequest):
        return _message(request, title, _("提交内容格式有误或过大,请刷新页面后重新填写。"), 400, wants_json)
    if data.get("captcha_refresh") and not wants_json:  # 换一张 without JavaScript: same text, new image
        return _ask_page(request, event, form=QuestionForm(data), challenge=new_challenge())
    attempt = throttle.count_attempt(request)
    if not attempt.allowed:
        response = _message(request, title, _("提问过于频繁,请稍后再试。"), 429, wants_json)
        response["Retry-After"] = str(settings.QUESTION_WINDOW_SECONDS)
        return response
    form = (ChallengedQuestionForm if attempt.challenged else QuestionForm)(data)
    if form.is_spam():
        logger.info("question to event %s refused: honeypot filled", event.pk)
        error = _("提交未通过校验,请刷新页面后重新填写。")
        return _refused(request, event, error, form, attempt.challenged, wants_json)
    if not form.is_valid():
        return _refused(request, event, form.first_error(), form, attempt.challenged, wants_json)
    PublicQuestion.objects.create(
        event=event,
        nickname=form.cleaned_data["nickname"],
        text=form.cleaned_data["text"],
        client_digest=throttle.client_digest(request),
    )  # pending: public only once a moderator approves it
    message = _("提问已提交,经工作人员审核后显示。")
    if wants_json:
        challenge = new_challenge() if throttle.next_attempt_challenged(request) else None
        return _json({"ok": True, "message": message, "challenge": challenge}, 201)
    return redirect(f"{event.ask_url}?asked=1")


# -- 日历 -----------------------------------------------------------------------------------------------


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_GET
def calendar_feed(request):
    return _ics_response(ics.build_calendar(calendar_events()), "liyang-events.ics")


@require_GET
def event_ics(request, event_id):
    event = _public_event(event_id)
    if event is None:
        return _message(request, _("活动不存在"), _("活动不存在或尚未发布。"), 404)
    return _ics_response(ics.build_calendar([event], name=event.title), f"event-{event.pk}.ics")


# -- 新闻资料 -------------------------------------------------------------------------------------------


@require_GET
def press_kit_file(request, event_id, item_id):
    """A press kit document: 403 with the embargo time before it (the event's editors get it), the file after."""

    event = EventPage.objects.filter(pk=event_id).first()
    item = event.press_kit.select_related("document").filter(pk=item_id).first() if event else None
    if item is None or not (visibility.is_publicly_visible(event) or visibility.user_may_edit(request.user, event)):
        return _message(request, _("资料不存在"), _("您要下载的新闻资料不存在。"), 404)
    access = visibility.user_may_get_press_kit(request.user, event)
    if not access.allowed:
        return _message(request, _("新闻资料禁发中"), press.embargo_message(event), 403)
    document = item.document
    response = media.file_response(request, document.file, disposition=media.attachment_disposition(document.filename))
    if response.status_code != 200:
        logger.error("press kit item %s: file of document %s is missing", item.pk, document.pk)
        return _message(request, _("资料暂不可用"), _("文件暂时无法提供,请稍后再试。"), 404)
    return media.with_cache_policy(response, access)
