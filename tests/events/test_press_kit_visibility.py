"""An embargoed press kit reaches only the event's editors until the embargo passes; event images follow the event.

党政办公室's editors run the events section (the 发布会与访谈编辑 group); 经济发展办公室's editors do not.
"""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from interpretation.events.models import EventPage, EventPhoto, LiveEntry, PressKitItem
from interpretation.events.release import release_due_press_kits
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db
READER, OWNER, OTHER = None, "dzb_editor", "jjb_editor"
TEXT = "禁发至发布会开始。"


def fetch(client, user, url, username):
    client.logout()
    if username is not None:
        client.force_login(user(username))
    return client.get(url)


def statuses(client, user, url):
    return {name: fetch(client, user, url, name).status_code for name in (READER, OWNER, OTHER)}


def image(name):
    buffer = io.BytesIO()
    PILImage.new("RGB", (200, 120), "#1b5eb3").save(buffer, "PNG")
    return get_image_model().objects.create(title="现场", file=ContentFile(buffer.getvalue(), name=name))


def event_with_press_kit(office, embargo):
    event = make_event(office["index"], state="confirmed")
    document = get_document_model().objects.create(title="新闻通稿", file=ContentFile(TEXT.encode(), name="kit.txt"))
    event.press_kit_embargo_until = embargo
    event.press_kit = [PressKitItem(document=document, title="新闻通稿")]
    event.save_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    item = event.press_kit.get()
    return event, document, reverse("events:press_kit_file", args=(event.pk, item.pk))


def test_press_kit_before_and_after_its_embargo(client, office, user):
    event, document, download = event_with_press_kit(office, timezone.now() + timedelta(hours=2))
    assert statuses(client, user, document.url) == {READER: 404, OWNER: 200, OTHER: 404}
    # The download link answers a reader with the embargo time rather than a bare 404.
    assert statuses(client, user, download) == {READER: 403, OWNER: 200, OTHER: 403}
    editor = fetch(client, user, download, OWNER)
    assert b"".join(editor.streaming_content).decode() == TEXT and "no-store" in editor["Cache-Control"]

    EventPage.objects.filter(pk=event.pk).update(press_kit_embargo_until=timezone.now() - timedelta(seconds=1))
    release_due_press_kits()
    assert statuses(client, user, document.url) == {READER: 200, OWNER: 200, OTHER: 200}
    assert statuses(client, user, download) == {READER: 200, OWNER: 200, OTHER: 200}
    reader = fetch(client, user, download, READER)
    assert "public" in reader["Cache-Control"] and "max-age=300" in reader["Cache-Control"]


def test_press_kit_of_an_unpublished_event_is_held_back_even_after_its_embargo(client, office, user):
    event, document, download = event_with_press_kit(office, timezone.now() - timedelta(hours=1))
    assert statuses(client, user, document.url) == {READER: 200, OWNER: 200, OTHER: 200}
    EventPage.objects.get(pk=event.pk).unpublish()
    assert statuses(client, user, document.url) == {READER: 404, OWNER: 200, OTHER: 404}
    assert statuses(client, user, download) == {READER: 404, OWNER: 200, OTHER: 404}


def test_event_photos_and_live_images_follow_the_event(client, office, user):
    draft = make_event(office["index"], publish=False)
    photo, live = image("photo.png"), image("live.png")
    EventPhoto.objects.create(page=draft, image=photo, alt_text="发布会现场")
    LiveEntry.objects.create(event=draft, text="发布会开始。", image=live, image_alt="现场")
    urls = [photo.get_rendition("max-800x600").url, live.get_rendition("max-800x800").url, photo.file.url]
    for url in urls:
        assert statuses(client, user, url) == {READER: 404, OWNER: 200, OTHER: 404}, url
    draft.save_revision().publish()
    for url in urls:
        assert statuses(client, user, url) == {READER: 200, OWNER: 200, OTHER: 200}, url


def test_every_image_on_a_concluded_event_page_loads_for_a_reader(client, office):
    event = make_event(office["index"], starts_in=timedelta(days=-3), state="concluded")
    EventPhoto.objects.create(page=event, image=image("recap.png"), alt_text="发布会现场")
    event.save_revision().publish()
    html = client.get(event.url).content.decode()
    sources = set(re.findall(r'src="(/media/[^"]+)"', html))
    assert sources
    assert {src: client.get(src).status_code for src in sources} == dict.fromkeys(sources, 200)
