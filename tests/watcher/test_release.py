"""A published republication goes to every channel: a release record and a signal, like any content."""

import datetime as dt

import pytest
from django.utils import timezone

from channels.watcher.models import RepublicationPage, RepublicationRelease
from channels.watcher.polling import poll_source
from channels.watcher.signals import republication_released
from tests.factories.watcher import demo_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(office, upstream):
    poll_source(demo_source(upstream, "city"))
    return RepublicationPage.objects.order_by("pk").first()


@pytest.fixture
def received():
    events = []

    def receiver(sender, release, **kwargs):
        events.append((sender, release))

    republication_released.connect(receiver)
    yield events
    republication_released.disconnect(receiver)


def test_publishing_a_republication_records_a_release_and_signals_the_channels(draft, received, admin_user):
    draft.save_revision(user=admin_user).publish(user=admin_user)

    release = RepublicationRelease.objects.get()
    assert release.page_id == draft.pk and release.kind == "release"
    assert release.released_by == admin_user and release.revision == draft.get_latest_revision()
    assert release.on_time is True and release.deadline_at == draft.deadline_at
    assert received == [(RepublicationPage, release)]


def test_republishing_after_an_edit_is_an_update(draft, received):
    draft.save_revision().publish()
    draft.refresh_from_db()
    draft.save_revision().publish()

    assert list(RepublicationRelease.objects.order_by("released_at").values_list("kind", flat=True)) == [
        "release",
        "update",
    ]
    assert len(received) == 2


def test_scheduling_a_never_published_republication_releases_nothing_yet(draft, received):
    draft.go_live_at = timezone.now() + dt.timedelta(days=1)
    draft.save_revision().publish()

    assert not RepublicationPage.objects.get(pk=draft.pk).live
    assert not RepublicationRelease.objects.exists() and received == []


def test_a_late_release_is_recorded_as_late(draft):
    RepublicationPage.objects.filter(pk=draft.pk).update(deadline_at=timezone.now() - dt.timedelta(hours=1))
    draft.refresh_from_db()

    draft.save_revision().publish()

    assert RepublicationRelease.objects.get().on_time is False


def test_publishing_keeps_the_watchers_deadline_and_flags(draft):
    RepublicationPage.objects.filter(pk=draft.pk).update(upstream_change_note="正文", watcher_note="提示")
    draft.refresh_from_db()
    old_revision = draft.get_latest_revision()

    old_revision.publish()

    page = RepublicationPage.objects.get(pk=draft.pk)
    assert page.live and page.deadline_at == draft.deadline_at
    assert page.upstream_change_note == "正文" and page.watcher_note == "提示"


def test_the_public_page_shows_the_attribution_and_original_link(draft, client):
    draft.save_revision().publish()

    html = client.get(draft.get_url()).content.decode()

    assert "来源:马鞍山市人民政府" in html and f'href="{draft.original_url}"' in html and "原文链接" in html
    assert draft.title in client.get(draft.get_parent().get_url()).content.decode()
