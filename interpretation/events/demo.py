"""Demo events: loaded by `manage.py load_demo`; each builder creates what is missing and changes nothing else."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import GroupPagePermission

from cms.models import HomePage
from interpretation.events import demo_content as content
from interpretation.events import lifecycle, press
from interpretation.events.choices import EventKind, QuestionStatus
from interpretation.events.models import EventIndexPage, EventPage, EventPerson, LiveEntry, PressKitItem, PublicQuestion
from interpretation.models import DraftingDepartment, PolicyDocumentPage

SEED_POLICY_SLUG = "2018-liyang-openness-work-plan"
GROUP_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("events", "add_liveentry"),
    ("events", "change_liveentry"),
    ("events", "delete_liveentry"),
    ("events", "moderate_publicquestion"),
    ("wagtailimages", "add_image"),
    ("wagtaildocs", "add_document"),
)


def ensure_index() -> EventIndexPage:
    index = EventIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = EventIndexPage(title=content.INDEX["title"], slug=content.INDEX["slug"], intro=content.INDEX["intro"])
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def ensure_editors(index) -> Group:
    """Event editors: schedule and publish events, post live entries, moderate questions."""
    group, _ = Group.objects.get_or_create(name=content.EDITORS_GROUP)
    group.permissions.add(
        *(Permission.objects.get(content_type__app_label=app, codename=code) for app, code in GROUP_PERMISSIONS)
    )
    for permission_type in ("add", "change", "publish"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
            ),
        )
    for user in get_user_model().objects.filter(username__in=["dzb_editor", "dzb_leader"]):
        user.groups.add(group)
    return group


def _local(days: int, hour: int, minute: int = 0):
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _new_event(index, data, kind, start, end, **fields) -> EventPage:
    event = EventPage(
        title=data["title"],
        slug=data["slug"],
        kind=kind,
        summary=data["summary"],
        start=start,
        end=end,
        live=False,
        responsible_department=DraftingDepartment.objects.filter(code="dangzheng").first(),
        responsible_user=get_user_model().objects.filter(username="dzb_editor").first(),
        **fields,
    )
    event.people = [EventPerson(name=n, title=t, organ=o, role=r) for n, t, o, r in data["people"]]  # type: ignore[misc]  # modelcluster sets child rows from a list
    index.add_child(instance=event)
    policy = PolicyDocumentPage.objects.filter(slug=SEED_POLICY_SLUG).first()
    if policy is not None:
        event.policies.add(policy)
    return event


def ensure_briefing(index, editor):
    data = content.BRIEFING
    if EventPage.objects.filter(slug=data["slug"]).exists():
        return
    start = _local(3, 9, 30)
    event = _new_event(
        index,
        data,
        EventKind.BRIEFING,
        start,
        start + timedelta(hours=1),
        place=data["place"],
        press_kit_embargo_until=start,
    )
    document = get_document_model().objects.create(
        title="吹风会新闻通稿",
        file=ContentFile(data["press_release"].encode(), name="briefing-press-release.txt"),
        collection=press.press_kit_collection(),
    )
    event.press_kit = [PressKitItem(document=document, title="新闻通稿(禁发至吹风会开始)")]
    event.save_revision(user=editor).publish(user=editor)  # the announcement goes out
    lifecycle.perform(event, "confirm", user=editor)


def ensure_interview(index, editor):
    data = content.INTERVIEW
    if EventPage.objects.filter(slug=data["slug"]).exists():
        return
    start = _local(-14, 15)
    event = _new_event(
        index,
        data,
        EventKind.ONLINE_INTERVIEW,
        start,
        start + timedelta(minutes=90),
        online_url=data["online_url"],
        transcript=data["transcript"],
    )
    event.save_revision(user=editor)
    for action in ("confirm", "start"):
        lifecycle.perform(event, action, user=editor)
    for minutes, (speaker, text) in enumerate(data["live_entries"]):
        LiveEntry.objects.create(
            event=event,
            speaker=speaker,
            text=text,
            posted_at=start + timedelta(minutes=5 + 15 * minutes),
            posted_by=editor,
        )
    for minutes, (nickname, question, answer) in enumerate(data["questions"]):
        asked = start + timedelta(minutes=20 + 10 * minutes)
        PublicQuestion.objects.create(
            event=event,
            nickname=nickname,
            text=question,
            submitted_at=asked,
            status=QuestionStatus.APPROVED,
            moderated_by=editor,
            moderated_at=asked + timedelta(minutes=2),
            answer=answer,
            answered_by="张明",
            answered_at=asked + timedelta(minutes=5),
        )
    nickname, question = data["pending_question"]
    PublicQuestion.objects.create(
        event=event, nickname=nickname, text=question, submitted_at=start + timedelta(hours=1)
    )
    lifecycle.perform(event, "conclude", user=editor)
    event.get_latest_revision().publish(user=editor)  # past and concluded: the recap goes out, no announcement


@transaction.atomic
def load() -> str:
    index = ensure_index()
    ensure_editors(index)
    editor = get_user_model().objects.filter(username="dzb_editor").first()
    ensure_briefing(index, editor)
    ensure_interview(index, editor)
    return "发布会与访谈:政策吹风会预告(含禁发新闻资料)、在线访谈回顾(图文直播与网民问答)"
