"""A published republication (转载) goes to every channel like any content: rows written in the publishing
transaction, a signed republication.published webhook to partners, an e-mail, and the website's check."""

import email
import email.policy
import json

import pytest
from django.core import mail
from django.db import transaction

from channels.adapters.base import get_adapter
from channels.ledger.rows import create_deliveries
from channels.ledger.runs import drain
from channels.models import Delivery
from channels.subjects import RepublicationSubject, as_subject
from channels.watcher.models import RepublicationRelease
from interpretation.bundle_content import page_url
from tests.factories.watcher import latest_republication_release as latest_release
from tests.factories.watcher import republication
from tests.ledger.conftest import run_in_process

pytestmark = pytest.mark.django_db


def test_publishing_writes_website_and_partner_rows_in_the_same_transaction(
    office, webhook_partner, mail_partner, rings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = republication()
    release = latest_release(page)
    rows = Delivery.objects.filter(republication_release=release).order_by("channel")
    assert {(r.channel, r.target) for r in rows} == {
        ("website", "site"),
        ("partner_webhook", webhook_partner.target),
        ("partner_email", mail_partner.target),
    }, "no WeChat row: republications go to WeChat only when WECHAT_REPUBLICATIONS is on"
    assert all(r.release_id is None and r.event_release_id is None and r.page_id == page.pk for r in rows)
    assert {r.key for r in rows} == {f"rep{release.pk}:{r.channel}:{r.target}" for r in rows}
    assert sorted(rings) == sorted(r.pk for r in rows), "the bells ring after commit"


def test_a_rolled_back_publish_leaves_no_release_and_no_row(office, webhook_partner, rings):
    page = republication(publish=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        page.get_latest_revision().publish()
        assert Delivery.objects.filter(republication_release__page=page).count() == 2, "written with the release"
        raise RuntimeError("the publishing transaction fails")
    assert not RepublicationRelease.objects.filter(page=page).exists()
    assert not Delivery.objects.filter(republication_release__isnull=False).exists() and rings == []


def test_the_ledger_delivers_a_signed_republication_published_webhook(office, webhook_partner, receiver, rings):
    page = republication()
    release = latest_release(page)
    row = Delivery.objects.get(republication_release=release, channel="partner_webhook")
    Delivery.objects.exclude(pk=row.pk).update(state="cancelled")  # the website's and the seed policy's rows
    receiver.fail_next("500")

    assert drain() == {"retrying": 1}, "a worker's drain finds the due row; the partner's 500 is retried later"
    row = run_in_process(row)

    assert row.state == Delivery.State.DELIVERED, row.last_error_zh
    assert list(receiver.deliveries) == [row.key] and receiver.duplicate_count == 0 and not receiver.rejected
    event = receiver.deliveries[row.key]
    event = json.loads(event) if isinstance(event, (str, bytes)) else event
    assert event["type"] == "republication.published"
    item = event["data"]
    assert item["uri"] == f"urn:policy:republication-{page.pk}" and item["profile"] == "republication"
    assert item["headlines"][0]["value"] == page.title and item["by"] == "国务院"
    assert {"role": "document_number", "value": page.document_number} in item["altids"]
    html = item["bodies"][0]["value"]
    assert "主要措施" in html and page.original_url in html, "the body carries the attribution and original link"
    assert any(r.get("href") == "https://www.gov.cn/files/list.pdf" for r in item["renditions"])


def test_an_edited_republication_goes_out_as_an_update(office, webhook_partner, rings):
    page = republication()
    page.summary = "更新后的摘要。"
    page.save_revision().publish()
    update = latest_release(page)
    assert update.kind == RepublicationRelease.Kind.UPDATE
    body = json.loads(get_adapter("partner_webhook").render(update, webhook_partner.target, {}))
    assert body["type"] == "republication.updated" and body["data"]["descriptions"][0]["value"] == "更新后的摘要。"


def test_an_email_partner_gets_the_republication_with_its_attachment_as_a_link(office, mail_partner, rings):
    page = republication()
    row = Delivery.objects.get(republication_release=latest_release(page), channel="partner_email")
    row = run_in_process(row)
    assert row.state == Delivery.State.DELIVERED, row.last_error_zh
    (sent,) = mail.outbox
    assert sent.to == [mail_partner.email]
    message = email.message_from_bytes(sent.message().as_bytes(linesep="\r\n"), policy=email.policy.default)
    assert message["Subject"] == page.title and message["Message-ID"] == row.external_id
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "https://www.gov.cn/files/list.pdf" in text and "国务院" in text and "主要措施" in text


def test_the_website_purges_and_checks_the_republication_page(office, rings):
    page = republication()
    subject = as_subject(latest_release(page))
    payload = get_adapter("website").render(subject, "site", {})
    assert payload["check"] == page_url(page) and payload["expect"] == [page.title]
    assert page_url(page) in payload["purge"] and any(u.endswith("/republications/") for u in payload["purge"])


def test_a_withdrawn_republication_goes_nowhere(office, webhook_partner, rings):
    page = republication()
    release = latest_release(page)
    page.unpublish()
    subject = RepublicationSubject(release)
    assert not subject.is_public()
    assert get_adapter("partner_webhook").targets(release) == []
    assert get_adapter("partner_webhook").validate(release, webhook_partner.target) == [
        "该转载已撤回或不再公开,不得向媒体分发"
    ]
    assert get_adapter("website").validate(release, "site") == ["该转载已撤回,网站不再显示"]
    assert create_deliveries(release) == [], "the rows exist already; nothing new"


def test_wechat_takes_a_first_republication_only_when_the_setting_says_so(office, settings, rings):
    settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = "wx_subjects", "secret"
    page = republication()
    assert not Delivery.objects.filter(channel="wechat").exists()
    settings.WECHAT_REPUBLICATIONS = True
    created = create_deliveries(latest_release(page))
    assert [(r.channel, r.target) for r in created] == [("wechat", "account")]
    page.save_revision().publish()
    assert not Delivery.objects.filter(republication_release=latest_release(page), channel="wechat").exists(), (
        "an update never makes a second article"
    )


def test_a_partner_with_a_topic_filter_gets_only_republications_on_its_topics(office, make_partner, receiver, rings):
    everything = make_partner("全部", webhook_enabled=True, webhook_url=receiver.url)
    on_topic = make_partner("政务公开", webhook_enabled=True, webhook_url=receiver.url, topics=["zhengwu-gongkai"])
    other = make_partner("营商环境", webhook_enabled=True, webhook_url=receiver.url, topics=["yingshang-huanjing"])
    typed = make_partner("只收规章", webhook_enabled=True, webhook_url=receiver.url, document_types=["regulation"])
    targets = get_adapter("partner_webhook").targets(latest_release(republication()))
    assert set(targets) == {everything.target, on_topic.target}
    assert other.target not in targets and typed.target not in targets


def test_when_enabled_wechat_renders_the_republication_as_an_article(office, settings, rings):
    settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET, settings.WECHAT_REPUBLICATIONS = "wx_subjects", "secret", True
    page = republication()
    row = Delivery.objects.get(republication_release=latest_release(page), channel="wechat")
    payload = get_adapter("wechat").render(row.subject, row.target, {"idempotency_key": row.key})
    draft = payload.article.draft_article("thumb-media-id")
    assert draft["title"].startswith("国务院关于") and "主要措施" in draft["content"]
    assert payload.source_url.startswith(page_url(page)) and payload.thumbnail.data
