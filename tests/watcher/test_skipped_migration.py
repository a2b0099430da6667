"""Upgrading keeps what the old version knew: records it kept as "too old" become skipped items (so a wider window
can still bring them back), and every other record gets the keys that match it across kinds of listing."""

import datetime as dt

import pytest

from tests.migrations import migrate_to_latest, rolled_back_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("watcher", "0006_chinese_field_names")]


@pytest.fixture
def old_watcher():
    with rolled_back_to(BEFORE) as apps:
        yield apps


def test_too_old_records_become_skipped_items_and_records_get_cross_kind_keys(old_watcher):
    body = old_watcher.get_model("bodies", "DisclosingBody").objects.create(
        name="和县人民政府", short_name="和县", slug="hx"
    )
    source = old_watcher.get_model("watcher", "Source").objects.create(
        disclosing_body_id=body.pk, name="旧信息源", url="http://127.0.0.1/list.html", level="province"
    )
    record_model = old_watcher.get_model("watcher", "UpstreamRecord")
    published = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
    common = {"source_id": source.pk, "published": published}
    record_model.objects.create(identity="a", url="https://WWW.gov.cn/zc/1/", title="旧文件", state="too_old", **common)
    record_model.objects.create(
        identity="b",
        url="https://www.gov.cn/zc/2/?utm_source=x",
        title="新文件",
        document_number="国发（2025）02号",
        state="republished",
        **common,
    )

    new = migrate_to_latest()

    skipped = new.get_model("watcher", "SkippedItem").objects.get()
    assert (skipped.title, skipped.reason, skipped.published, skipped.body_html) == (
        "旧文件",
        "too_old",
        published,
        None,
    )
    record = new.get_model("watcher", "UpstreamRecord").objects.get()
    assert (record.title, record.number_key, record.url_key) == ("新文件", "国发〔2025〕2号", "//www.gov.cn/zc/2")
