"""Scheduling in the admin: the edit form's date rule, the listing by date, actions and dashboard reminders."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from bodies.models import BodyMembership
from interpretation.events.choices import EventKind, EventState
from interpretation.events.models import EventDateChange, EventPage
from security import passwords
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def event_form(event, **overrides):
    """POST data for the event edit form, as an editor would leave it."""
    data = {
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "summary": event.summary,
        "start": local(event.start),
        "end": local(event.end),
        "date_change_reason": "",
        "place": event.place,
        "online_url": event.online_url,
        "responsible_user": "",
        "responsible_department": "",
        "press_kit_embargo_until": "",
        "transcript": rich_text(""),
        "video_url": "",
        "people": inline_formset([]),
        "press_kit": inline_formset([]),
        "photos": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def assert_refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message."""
    assert response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def edit_url(event):
    return reverse("wagtailadmin_pages:edit", args=(event.pk,))


def test_editor_changes_a_confirmed_date_only_with_a_reason(office, login):
    event = make_event(office["index"], state="confirmed")
    client = login("dzb_editor")
    new_start = event.start + timedelta(days=1)
    moved = {"start": local(new_start), "end": local(new_start + timedelta(hours=1))}

    refused = client.post(edit_url(event), event_form(event, **moved))
    assert refused.status_code == 200
    assert "修改时间必须填写改期理由" in refused.content.decode()
    assert EventPage.objects.get(pk=event.pk).start == event.start

    accepted = client.post(edit_url(event), event_form(event, date_change_reason="会场检修,顺延一天。", **moved))
    assert accepted.status_code == 302, accepted.content.decode()[:3000]
    stored = EventPage.objects.get(pk=event.pk)
    assert local(stored.start) == moved["start"], "the schedule changes at once, without waiting for a publish"
    change = EventDateChange.objects.get(event=event)
    assert change.was_confirmed and change.reason == "会场检修,顺延一天。"


def test_editor_sets_who_is_responsible_and_it_holds_at_once(office, login, user):
    event = make_event(office["index"])
    department = office["departments"]["dangzheng"]
    client = login("dzb_editor")
    response = client.post(
        edit_url(event),
        event_form(event, responsible_user=str(user("dzb_leader").pk), responsible_department=str(department.pk)),
    )
    assert response.status_code == 302
    stored = EventPage.objects.get(pk=event.pk)
    assert stored.responsible_user == user("dzb_leader") and stored.responsible_department == department
    assert stored.responsible_display == "党政办公室 / 张明"
    assert not EventDateChange.objects.exists(), "untouched dates are not a date change"


def test_create_and_edit_views_render_for_event_editors(office, login):
    client = login("dzb_editor")
    add = reverse("wagtailadmin_pages:add", args=("events", "eventpage", office["index"].pk))
    assert client.get(add).status_code == 200
    event = make_event(office["index"])
    page = client.get(edit_url(event)).content.decode()
    assert "日程与状态" in page and "改期理由" in page


def test_schedule_actions_through_the_admin(office, login):
    event = make_event(office["index"])
    client = login("dzb_editor")
    schedule = reverse("events_admin:schedule", args=(event.pk,))
    assert "确定时间" in client.get(schedule).content.decode()

    def act(action, **data):
        return client.post(reverse("events_admin:transition", args=(event.pk, action)), data, follow=True)

    assert "时间尚未确定" in act("start").content.decode()
    act("confirm")
    act("start")
    assert EventPage.objects.get(pk=event.pk).state == EventState.LIVE
    assert "不能执行" in act("cancel", reason="临时取消").content.decode()
    act("conclude")
    assert EventPage.objects.get(pk=event.pk).state == EventState.CONCLUDED


def test_users_without_rights_on_events_cannot_change_their_state(office, login):
    event = make_event(office["index"])
    client = login("jjb_editor")  # a drafter of another department, not an event editor
    assert_refused(client.get(reverse("events_admin:schedule", args=(event.pk,))))
    assert_refused(client.post(reverse("events_admin:transition", args=(event.pk, "confirm"))))
    assert not EventPage.objects.get(pk=event.pk).date_confirmed


def test_listing_shows_upcoming_events_first_and_filters_by_kind_and_state(office, login):
    index = office["index"]
    past = make_event(index, title="上月发布会", kind=EventKind.PRESS_CONFERENCE, starts_in=timedelta(days=-30))
    later = make_event(index, title="下周吹风会", kind=EventKind.BRIEFING, starts_in=timedelta(days=7))
    soon = make_event(index, title="明天访谈", starts_in=timedelta(days=1), state="confirmed")
    client = login("dzb_editor")
    url = reverse("event_listing:index")
    html = client.get(url).content.decode()
    positions = [html.index(event.title) for event in (soon, later, past)]
    assert positions == sorted(positions), "upcoming soonest first, past events after"
    assert "预告·时间已确定" in html and "预告·时间暂定" in html

    briefings = client.get(url, {"kind": "briefing"}).content.decode()
    assert later.title in briefings and soon.title not in briefings
    confirmed = client.get(url, {"date_confirmed": "True"}).content.decode()
    assert soon.title in confirmed and later.title not in confirmed


def test_dashboard_reminds_of_events_within_48_hours_and_who_is_responsible(office, login, user):
    index = office["index"]
    department = office["departments"]["dangzheng"]
    soon = make_event(
        index,
        title="后天上午吹风会",
        starts_in=timedelta(hours=30),
        responsible_user=user("dzb_editor"),
        responsible_department=department,
    )
    far = make_event(index, title="下月访谈", starts_in=timedelta(days=20))
    html = login("dzb_editor").get(reverse("wagtailadmin_home")).content.decode()
    assert "发布会与访谈提醒" in html
    assert soon.title in html and "党政办公室 / 王芳" in html and "时间仍为暂定" in html
    assert far.title not in html


def test_a_page_editor_without_moderation_rights_sees_the_live_room_but_cannot_moderate(office, client):
    event = make_event(office["index"], state="live")
    group = Group.objects.create(name="只能编辑页面")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=office["index"], permission=Permission.objects.get(codename="change_page")
    )
    editor = get_user_model().objects.create_user("page_only", password="x")
    passwords.mark_changed_by_owner(editor)  # past the first login's change
    editor.groups.add(group)
    BodyMembership.objects.create(user=editor, body=event.disclosing_body)  # a person works for a body
    client.force_login(editor)
    room = client.get(reverse("events_admin:live", args=(event.pk,)))
    assert room.status_code == 200 and "您没有发布图文直播的权限" in room.content.decode()
