"""One subject per row, held by the database; the admin lists policies, republications and events side by side
and refuses, in Chinese, what a kind does not support."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from channels import actions
from channels.ledger.rows import create_deliveries, delivery_key
from channels.models import Delivery
from channels.partners.pull import PullItem
from channels.subjects import PolicySubject, as_subject
from channels.watcher.models import RepublicationPage
from interpretation.events.choices import ReleasePhase
from interpretation.events.models import EventRelease
from interpretation.models import BundleRelease
from tests.factories import site
from tests.factories.events import make_event
from tests.factories.watcher import RepublicationFactory
from tests.factories.watcher import latest_republication_release as latest_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(office, webhook_partner, rings):
    """The seed policy's rows, a republication's and an event announcement's (and its cancellation); all three
    the town's (历阳镇), whose releaser reads its delivery records."""
    town = site.body("liyang")
    page = RepublicationFactory(title="国务院关于加快建设全国统一大市场的意见", disclosing_body=town)
    event = make_event(office["index"], title="统一大市场政策吹风会", disclosing_body=town)
    return RepublicationPage.objects.get(pk=page.pk), event


def login(client, username="releaser"):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def row_of(**filters) -> Delivery:
    return Delivery.objects.filter(**filters).order_by("pk").first()


def test_a_row_has_exactly_one_subject(mixed):
    page, event = mixed
    policy_row = row_of(release__isnull=False)
    for extra in ({"republication_release": latest_release(page)}, {"release": None}):
        fields = {
            "release": policy_row.release,
            "page": policy_row.page,
            "channel": "website",
            "target": "site",
            "key": f"two-subjects-{len(extra)}",
            **extra,
        }
        with pytest.raises(IntegrityError), transaction.atomic():
            Delivery.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            event_release=EventRelease.objects.get(event=event), channel="website", target="site", key="no-page"
        )


def test_every_row_points_at_the_page_it_delivers(mixed):
    page, event = mixed
    policy_row = row_of(release__isnull=False)
    assert policy_row.page_id == policy_row.release.policy_id
    assert {row.page_id for row in Delivery.objects.filter(republication_release__page=page)} == {page.pk}
    assert {row.page_id for row in Delivery.objects.filter(event_release__event=event)} == {event.pk}
    assert set(event.deliveries.all()) == set(Delivery.objects.filter(event_release__event=event)), "page.deliveries"


def test_policy_keys_and_callers_are_unchanged(mixed, webhook_partner):
    release = BundleRelease.objects.latest("pk")
    assert delivery_key(release, "website", "site") == f"{release.pk}:website:site"
    assert as_subject(release) == PolicySubject(release)
    added = create_deliveries(release)  # a BundleRelease is still accepted: the partner added since gets a row
    assert [(r.channel, r.key) for r in added] == [
        ("partner_webhook", f"{release.pk}:partner_webhook:{webhook_partner.target}")
    ]
    assert create_deliveries(release) == [], "idempotent"
    row = row_of(release=release, channel="website")
    assert row.subject == PolicySubject(release) and row.subject_title == release.policy.title


def test_a_release_says_one_thing_to_every_channel_built_once(mixed):
    release = BundleRelease.objects.latest("pk")
    content = PolicySubject(release).content()
    assert as_subject(release).content() is content, "one build, shared by every delivery of the release"
    assert row_of(release=release, channel="website").subject.content() is content
    assert PullItem(as_subject(release), {}).content() is content, "the partners' pull says the same"
    corrected = PolicySubject(release).content({"correction": True, "correction_note": "更正文号"})
    assert corrected.is_correction and corrected.correction_note == "更正文号" and not content.is_correction
    assert corrected.body_html == content.body_html and corrected.guid == content.guid


def test_the_listing_shows_every_kind_with_a_title_and_filters_by_kind(client, mixed):
    page, event = mixed
    login(client)
    url = reverse("delivery_channels_delivery:index")
    html = client.get(url).content.decode()
    assert "转载 · 国务院关于加快建设全国统一大市场的意见" in html
    assert "预告 · 统一大市场政策吹风会" in html and "2018年历阳镇政务公开工作方案" in html
    only = client.get(url, {"kind": "republication"}).content.decode()
    assert "转载 · 国务院关于加快建设全国统一大市场的意见" in only and "预告 · " not in only
    found = client.get(url, {"q": "吹风会"}).content.decode()
    assert "预告 · 统一大市场政策吹风会" in found and "转载 · " not in found
    for row in (row_of(republication_release__page=page), row_of(event_release__event=event)):
        assert client.get(reverse("delivery_channels_delivery:inspect", args=(row.pk,))).status_code == 200


def test_the_dashboard_lists_a_failed_republication(client, mixed):
    page, _event = mixed
    row = row_of(republication_release__page=page, channel="partner_webhook")
    Delivery.objects.filter(pk=row.pk).update(state="failed", last_error_zh="对方接口返回 401")
    html = login(client).get(reverse("wagtailadmin_home")).content.decode()
    assert "转载 · 国务院关于加快建设全国统一大市场的意见" in html and "对方接口返回 401" in html
    assert reverse("delivery_channels_delivery:inspect", args=(row.pk,)) in html


def test_retry_and_cancel_work_for_a_republication_row(client, mixed):
    page, _event = mixed
    row = row_of(republication_release__page=page, channel="partner_webhook")
    Delivery.objects.filter(pk=row.pk).update(state="failed")
    login(client)
    response = client.post(reverse("channels_delivery_action", args=(row.pk, "retry")))
    assert response.url == reverse("delivery_channels_delivery:inspect", args=(row.pk,))
    row.refresh_from_db()
    assert row.state == "retrying"
    client.post(reverse("channels_delivery_action", args=(row.pk, "cancel")))
    row.refresh_from_db()
    assert row.state == "cancelled"


def test_an_event_update_cannot_be_retracted_and_only_policies_take_corrections(client, mixed):
    page, event = mixed
    from interpretation.events import lifecycle

    lifecycle.perform(event, "cancel", reason="因故取消。")
    update = row_of(event_release__event=event, channel="partner_webhook", options__event_update__isnull=False)
    assert update.subject_title == "活动取消 · 统一大市场政策吹风会"
    Delivery.objects.filter(pk=update.pk).update(state="delivered", delivered_at=timezone.now())
    login(client)
    client.post(reverse("channels_delivery_action", args=(update.pk, "retract")))
    messages = [str(m) for m in get_messages(client.get(reverse("wagtailadmin_home")).wsgi_request)]
    update.refresh_from_db()
    assert update.state == "delivered"
    assert any("活动改期或取消的通知不能撤回" in m for m in messages), messages
    with pytest.raises(actions.ActionRefused, match="只有政策文件可以发送更正"):
        actions.send_correction(page, get_user_model().objects.get(username="releaser"), "更正文号")


def test_an_announcement_and_its_recap_are_separate_subjects(office, webhook_partner, rings):
    event = make_event(office["index"], state="concluded", starts_in=timedelta(hours=-3))
    assert not EventRelease.objects.filter(event=event, phase=ReleasePhase.RECAP).exists()
    event.transcript = "<p>实录。</p>"
    event.save_revision().publish()
    recap = EventRelease.objects.get(event=event, phase=ReleasePhase.RECAP)
    assert Delivery.objects.filter(event_release=recap).count() == 2
    assert all(row.key.startswith(f"evt{recap.pk}:") for row in Delivery.objects.filter(event_release=recap))


def test_a_republications_edit_view_shows_its_deliveries_and_links_to_them(client, mixed, admin_user):
    page, event = mixed
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "转载 · 国务院关于加快建设全国统一大市场的意见 · 新闻媒体接口推送" in html
    listing = reverse("delivery_channels_delivery:index")
    assert f"{listing}?page={page.pk}" in html
    event_html = client.get(reverse("wagtailadmin_pages:edit", args=(event.pk,))).content.decode()
    assert f"{listing}?page={event.pk}" in event_html, "the 分发状态 button of an event"
    filtered = client.get(listing, {"page": page.pk})
    assert "转载 · 国务院关于加快建设全国统一大市场的意见" in filtered.content.decode()
    shown = {row.pk for row in filtered.context["object_list"]}
    assert shown == set(Delivery.objects.filter(republication_release__page=page).values_list("pk", flat=True))
