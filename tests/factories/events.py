"""The events section (发布会与访谈), its editors, events in named states and readers' questions.

An event's state changes only through the lifecycle (interpretation.events.lifecycle.perform), as in the admin:
- provisional: announced (预告) with a date not yet confirmed;
- confirmed: the date is fixed;
- live: under way (直播);
- concluded: over, with its record (回顾);
- cancelled: called off, with the reason.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from interpretation.events import lifecycle
from interpretation.events.choices import EventKind, QuestionStatus
from interpretation.events.models import EventIndexPage, EventPage, PublicQuestion
from tests.factories.site import GroupFactory, PageFactory, body, grant_pages, home

EDITORS = "发布会与访谈编辑"
EDITOR_PERMISSIONS = (
    "events.add_liveentry",
    "events.change_liveentry",
    "events.delete_liveentry",
    "events.moderate_publicquestion",
    "wagtailimages.add_image",
    "wagtaildocs.add_document",
)
_numbers = itertools.count(1)


class EventIndexFactory(PageFactory):
    class Meta:
        model = EventIndexPage

    parent = factory.LazyFunction(lambda: home())
    title = "发布会与访谈"
    slug = "events"
    intro = "政策吹风会、新闻发布会和在线访谈的预告、直播与回顾。"


def events_section(editors=("dzb_editor", "dzb_leader")) -> EventIndexPage:
    """The events section and its editors' group (schedule and publish events, post live entries, moderate
    questions), with `editors` (users who exist) in it."""
    from django.contrib.auth import get_user_model

    index = EventIndexPage.objects.first() or EventIndexFactory()
    group = GroupFactory(name=EDITORS, permissions=EDITOR_PERMISSIONS)
    grant_pages(group, index, "add", "change", "publish")
    for user in get_user_model().objects.filter(username__in=editors):
        user.groups.add(group)
    return index


def editors_group() -> Group:
    return Group.objects.get(name=EDITORS)


class EventFactory(PageFactory):
    """An event announced in the events section (published, so the announcement goes out, unless publish=False)."""

    class Meta:
        model = EventPage

    class Params:
        starts_in = timedelta(days=2)
        duration = timedelta(hours=1)
        number = factory.LazyFunction(lambda: next(_numbers))

    parent = factory.LazyFunction(lambda: EventIndexPage.objects.get())
    disclosing_body = factory.LazyFunction(lambda: body())  # the town's (历阳镇), whose partners get it
    title = factory.LazyAttribute(lambda e: f"测试活动{e.number}")
    slug = factory.LazyAttribute(lambda e: f"event-{e.number}")
    kind = EventKind.ONLINE_INTERVIEW
    start = factory.LazyAttribute(lambda e: timezone.now() + e.starts_in)
    end = factory.LazyAttribute(lambda e: e.start + e.duration)
    place = "镇政府三楼会议室"
    disclosing_body = factory.LazyFunction(lambda: body())  # the town's, like its editors
    live = False

    @classmethod
    def _create(cls, model_class, *args, parent, publish=True, author=None, policies=(), **fields):
        event = model_class(*args, **fields)
        parent.add_child(instance=event)
        if policies:
            event.policies.add(*policies)
        revision = event.save_revision(user=author)
        if publish:
            revision.publish(user=author)
        return event


#: the lifecycle actions that bring a provisional event to each state
STEPS = {
    "provisional": [],
    "confirmed": ["confirm"],
    "live": ["confirm", "start"],
    "concluded": ["confirm", "start", "conclude"],
}


def make_event(
    index=None,
    *,
    kind=EventKind.ONLINE_INTERVIEW,
    starts_in=timedelta(days=2),
    duration=timedelta(hours=1),
    state="provisional",
    publish=True,
    policy=None,
    slug=None,
    **fields,
) -> EventPage:
    """An event in a named state: provisional, confirmed, live, concluded or cancelled."""
    number = EventPage.objects.count() + 1
    values = {"number": number, "slug": slug or f"event-{number}", **fields}
    if index is not None:
        values["parent"] = index
    event = EventFactory(
        kind=kind,
        starts_in=starts_in,
        duration=duration,
        publish=publish,
        policies=[policy] if policy is not None else [],
        **values,
    )
    if state == "cancelled":
        lifecycle.perform(event, "cancel", reason="因天气原因取消。")
    for action in STEPS.get(state, []):
        lifecycle.perform(event, action)
    return EventPage.objects.get(pk=event.pk)


class QuestionFactory(DjangoModelFactory):
    """A reader's question (网民提问), pending moderation unless `status` says otherwise."""

    class Meta:
        model = PublicQuestion

    text = "请问依申请公开目录在哪里查询?"
    status = QuestionStatus.PENDING
    answer = ""


def make_question(event, text="请问依申请公开目录在哪里查询?", status=QuestionStatus.PENDING, answer="", **fields):
    return QuestionFactory(event=event, text=text, status=status, answer=answer, **fields)
