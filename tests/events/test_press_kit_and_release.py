"""Announcement on a schedule, recap and embargoed press kit: what goes out, when, and only once."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset

from interpretation.events import lifecycle, press, signals
from interpretation.events.choices import ReleasePhase
from interpretation.events.models import EventPage, EventRelease, PressKitItem
from interpretation.events.release import release_due_press_kits
from tests.events.test_admin import event_form
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    got = []

    def on_announced(sender, event, release, **kwargs):
        got.append(("announced", event.pk, release.phase))

    def on_recap(sender, event, release, **kwargs):
        got.append(("recap", event.pk, release.phase))

    signals.event_announced.connect(on_announced, dispatch_uid="test-announced")
    signals.event_recap_released.connect(on_recap, dispatch_uid="test-recap")
    yield got
    signals.event_announced.disconnect(dispatch_uid="test-announced")
    signals.event_recap_released.disconnect(dispatch_uid="test-recap")


def document(name="新闻通稿", collection=None):
    return get_document_model().objects.create(
        title=name, file=ContentFile("禁发至发布会开始。".encode(), name="press.txt"), collection=collection
    )


def with_press_kit(event, embargo):
    event.press_kit_embargo_until = embargo
    event.press_kit = [PressKitItem(document=document(collection=press.press_kit_collection()))]
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_announcement_goes_out_once_when_scheduled_publishing_reaches_its_time(office, received):
    event = make_event(office["index"], publish=False)
    event.go_live_at = timezone.now() + timedelta(hours=1)
    revision = event.save_revision()
    revision.publish()  # scheduled: page_published fires while the page is not live
    assert received == [] and not EventPage.objects.get(pk=event.pk).live
    assert revision.approved_go_live_at is not None

    # An hour passes.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", verbosity=0)
    assert EventPage.objects.get(pk=event.pk).live
    assert received == [("announced", event.pk, ReleasePhase.ANNOUNCEMENT)]

    EventPage.objects.get(pk=event.pk).save_revision().publish()  # a later correction
    assert len(received) == 1 and EventRelease.objects.filter(event=event).count() == 1


def test_recap_goes_out_once_when_a_concluded_event_has_its_record(office, received):
    event = make_event(office["index"], state="live")
    received.clear()
    lifecycle.perform(event, "conclude")
    assert received == [], "no transcript, photos or video yet"
    event = EventPage.objects.get(pk=event.pk)
    event.transcript = "<p>主持人:欢迎各位网友。</p>"
    event.save_revision().publish()
    event.save_revision().publish()
    assert received == [("recap", event.pk, ReleasePhase.RECAP)]


def test_a_concluded_event_published_later_is_not_announced(office, received):
    make_event(office["index"], starts_in=timedelta(days=-3), state="concluded")
    assert [kind for kind, *_ in received] == []


def test_press_kit_is_held_back_until_its_embargo(office, client):
    event = with_press_kit(make_event(office["index"], state="confirmed"), timezone.now() + timedelta(hours=2))
    item = event.press_kit.get()
    url = reverse("events:press_kit_file", args=(event.pk, item.pk))
    refused = client.get(url)
    assert refused.status_code == 403 and "禁发期" in refused.content.decode()
    assert refused["Cache-Control"] == "no-store"
    assert "解禁后提供" in client.get(event.url).content.decode() and url not in client.get(event.url).content.decode()
    assert client.get(item.document.url).status_code == 404, "Wagtail's own URL does not leak it"

    EventPage.objects.filter(pk=event.pk).update(press_kit_embargo_until=timezone.now() - timedelta(seconds=1))
    release_due_press_kits()  # the scheduler's minute: refreshes the cached public page
    served = client.get(url)
    assert served.status_code == 200 and b"".join(served.streaming_content).decode() == "禁发至发布会开始。"
    assert url in client.get(event.url).content.decode()
    assert client.get(item.document.url).status_code == 200


def test_press_kit_of_unknown_items_or_unpublished_events_is_404(office, client):
    event = with_press_kit(make_event(office["index"]), timezone.now() - timedelta(hours=1))
    assert client.get(reverse("events:press_kit_file", args=(event.pk, 999))).status_code == 404
    draft = make_event(office["index"], publish=False)
    response = client.get(reverse("events:press_kit_file", args=(draft.pk, event.press_kit.get().pk)))
    assert response.status_code == 404 and "新闻资料不存在" in response.content.decode()


def test_an_embargoed_press_kit_needs_no_private_folder_to_be_held_back(office, login, client):
    event = make_event(office["index"])
    open_document = document(collection=Collection.get_first_root_node())
    embargo = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    data = event_form(
        event,
        press_kit_embargo_until=embargo,
        press_kit=inline_formset([{"document": str(open_document.pk), "title": "通稿"}]),
    )
    data["action-publish"] = "action-publish"
    editor = login("dzb_editor")
    response = editor.post(reverse("wagtailadmin_pages:edit", args=(event.pk,)), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EventPage.objects.get(pk=event.pk).press_kit.get().document == open_document
    assert editor.get(open_document.url).status_code == 200, "the event's editors check it before the embargo"
    client.logout()
    assert client.get(open_document.url).status_code == 404


def test_the_scheduler_releases_a_press_kit_once_when_its_embargo_ends(office, client):
    from interpretation.events import tasks

    got = []
    signals.press_kit_released.connect(lambda **kw: got.append(kw["event"].pk), weak=False, dispatch_uid="t-kit")
    try:
        event = with_press_kit(make_event(office["index"], state="confirmed"), timezone.now() + timedelta(hours=1))
        assert tasks.release_due_press_kits.apply().get() == 0
        assert "解禁后提供" in client.get(event.url).content.decode()  # now in the public page cache
        EventPage.objects.filter(pk=event.pk).update(press_kit_embargo_until=timezone.now() - timedelta(seconds=1))
        assert tasks.release_due_press_kits.apply().get() == 1
        assert tasks.release_due_press_kits.apply().get() == 0
    finally:
        signals.press_kit_released.disconnect(dispatch_uid="t-kit")
    assert got == [event.pk]
    item = event.press_kit.get()
    html = client.get(event.url).content.decode()
    assert reverse("events:press_kit_file", args=(event.pk, item.pk)) in html, "the cached page was refreshed"
