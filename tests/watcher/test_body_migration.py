"""Deploying the editor-form bodies raises no false "上游原文已变更 (正文)": records stored with sanitised (old-form)
bodies are converted, and their fingerprints recomputed, exactly as the intake now stores an unchanged upstream."""

import datetime as dt

import pytest
from django.utils import timezone

from channels.sources.dates import CHINA_TZ
from channels.sources.items import Attachment, UpstreamItem
from channels.sources.rich_text import clean_body
from channels.sources.sanitize import sanitize_html
from channels.watcher import intake
from channels.watcher.models import Source, UpstreamRecord
from tests.migrations import migrate_to_latest, rolled_back_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("watcher", "0008_hanweb_source_kind")]
URL = "https://www.gov.cn/zhengce/content/2025-01/02/content_1.htm"
RAW_BODY = (
    '<div class="article"><p>第一段<br>第二段<img src="/images/chart.png" alt="图表"></p>'
    "<table><tr><td>项目</td><td>金额</td></tr></table><ul><li>甲<ul><li>乙</li></ul></li></ul></div>"
)


@pytest.fixture
def old_watcher():
    with rolled_back_to(BEFORE) as apps:
        yield apps


def upstream_item(body_html, *, number="国发〔2025〕1号", url=URL) -> UpstreamItem:
    """The item as a feed gives it on every poll: dated in Beijing time, with one attachment."""
    return UpstreamItem(
        guid=url,
        url=url,
        title="国务院关于印发某某方案的通知",
        published=dt.datetime(2025, 1, 2, 10, 0, tzinfo=CHINA_TZ),
        summary="方案摘要",
        document_number=number,
        body_html=body_html,
        attachments=(Attachment(url="https://www.gov.cn/files/1.pdf", title="附件1"),),
    )


def _old_record(model, source_pk, item: UpstreamItem, identity: str, **overrides):
    """A record as the intake stored it before the rich-text change (its body is what ``item`` carries)."""
    values = {
        "source_id": source_pk,
        "identity": identity,
        "guid": item.guid,
        "url": item.url,
        "title": item.title,
        "document_number": item.document_number or "",
        "published": item.published,
        "summary": item.summary,
        "body_html": item.body_html or "",
        "attachments": [{"url": a.url, "title": a.title} for a in item.attachments],
        "content_hash": intake.content_fingerprint(item),
        "listing_hash": intake.listing_fingerprint(item),
        "state": "republished",
    }
    return model.objects.create(**{**values, **overrides})


def test_stored_bodies_are_converted_and_an_unchanged_upstream_raises_no_change(old_watcher):
    body = old_watcher.get_model("bodies", "DisclosingBody").objects.create(
        name="和县人民政府", short_name="和县", slug="hx"
    )
    source = old_watcher.get_model("watcher", "Source").objects.create(
        disclosing_body_id=body.pk, name="国务院文件", url="https://www.gov.cn/feed.xml", level="state_council"
    )
    record_model = old_watcher.get_model("watcher", "UpstreamRecord")
    old_body = sanitize_html(RAW_BODY, base_url=URL)  # what the intake stored before
    new_body = clean_body(RAW_BODY, base_url=URL)  # what it stores now
    assert old_body != new_body
    old = upstream_item(old_body)
    converted = _old_record(record_model, source.pk, old, "old")
    other_url = URL.replace("1.htm", "2.htm")
    no_number = _old_record(record_model, source.pk, upstream_item(old_body, number=None, url=other_url), "nonum")
    odd_item = upstream_item(old_body, number="国发〔2025〕3号", url=URL.replace("1.htm", "3.htm"))
    unexplained = _old_record(record_model, source.pk, odd_item, "odd", content_hash="f" * 64, listing_hash="e" * 64)
    empty = _old_record(record_model, source.pk, upstream_item(None), "empty", content_hash="c" * 64)

    migrate_to_latest()

    fresh = upstream_item(new_body)
    record = UpstreamRecord.objects.get(pk=converted.pk)
    assert record.body_html == new_body
    assert record.content_hash == intake.content_fingerprint(fresh)
    assert record.listing_hash == intake.listing_fingerprint(fresh)  # polling passes the item over as known
    fresh_no_number = upstream_item(new_body, number=None, url=other_url)
    record_no_number = UpstreamRecord.objects.get(pk=no_number.pk)
    assert record_no_number.content_hash == intake.content_fingerprint(fresh_no_number)
    assert record_no_number.listing_hash == intake.listing_fingerprint(fresh_no_number)
    odd = UpstreamRecord.objects.get(pk=unexplained.pk)  # a hash its fields cannot explain is kept, the body converted
    assert (odd.body_html, odd.content_hash, odd.listing_hash) == (new_body, "f" * 64, "e" * 64)
    kept = UpstreamRecord.objects.get(pk=empty.pk)
    assert (kept.body_html, kept.content_hash) == ("", "c" * 64)

    # Even when the listing entry changed (so the intake looks at the content), nothing is flagged.
    watcher_source = Source.objects.get(pk=source.pk)
    fresh_odd = upstream_item(new_body, number="国发〔2025〕3号", url=URL.replace("1.htm", "3.htm"))
    for stored, item in ((record, fresh), (odd, fresh_odd)):
        outcome = intake.take_known(watcher_source, stored, item, item, timezone.now())
        assert outcome.action == "known", outcome.message
        assert UpstreamRecord.objects.get(pk=stored.pk).changed_at is None


def test_converting_twice_changes_nothing(old_watcher):
    """Converting bodies already in the editor's form (a re-run, a record stored meanwhile) changes nothing."""
    body = old_watcher.get_model("bodies", "DisclosingBody").objects.create(
        name="含山县人民政府", short_name="含山", slug="hs"
    )
    source = old_watcher.get_model("watcher", "Source").objects.create(
        disclosing_body_id=body.pk, name="国务院文件", url="https://www.gov.cn/feed.xml", level="state_council"
    )
    new_form = upstream_item(clean_body(RAW_BODY, base_url=URL))
    stored = _old_record(old_watcher.get_model("watcher", "UpstreamRecord"), source.pk, new_form, "new")

    migrate_to_latest()

    record = UpstreamRecord.objects.get(pk=stored.pk)
    assert (record.body_html, record.content_hash, record.listing_hash) == (
        stored.body_html,
        stored.content_hash,
        stored.listing_hash,
    )
