"""``manage.py poll_source``: an operator setting up a source sees what it finds."""

import pytest
from django.core.management import CommandError, call_command

from channels.sources.config import FeedConfig
from channels.watcher.models import RepublicationPage, Source, UpstreamRecord
from channels.watcher.polling import poll_source
from tests.factories.watcher import demo_source, make_source

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("poll_source", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_items_numbers_dates_and_writes_nothing(office, upstream):
    source = demo_source(upstream, "state_council")

    output = run(str(source.pk), "--dry-run")

    assert "试运行" in output and "结果:列表有更新,HTTP 200" in output and "条目:2 条" in output
    assert "国务院关于推进政策文件集中公开和解读工作的意见" in output
    assert "文号:国发〔2025〕7号" in output and "日期:2025-03-03" in output
    assert "附件:1 个" in output and "新条目,已生成转载草稿" in output
    assert not UpstreamRecord.objects.exists() and not RepublicationPage.objects.exists()
    assert Source.objects.get(pk=source.pk).last_polled_at is None


def test_dry_run_shows_which_items_duplicate_another_sources_republication(office, upstream):
    poll_source(demo_source(upstream, "state_council"))
    province = demo_source(upstream, "province")

    output = run(province.name, "--dry-run")

    assert "重复,已关联到已有转载" in output and "与 国务院最新政策" in output
    assert "皖政办发〔2025〕5号" in output


def test_a_real_poll_by_name_creates_drafts_and_a_second_one_reports_no_change(office, upstream):
    source = make_source(upstream, "/feed.xml", FeedConfig(), name="测试订阅")

    first = run("测试订阅")
    second = run("测试订阅")

    assert "新条目,已生成转载草稿" in first and "下次抓取" in first
    assert RepublicationPage.objects.filter(source=source).count() == 1
    assert "未变化(HTTP 304)" in second


def test_a_failing_source_prints_the_reason_and_exits_with_an_error(office, upstream):
    source = make_source(upstream, "/gone", FeedConfig())

    with pytest.raises(CommandError, match="410"):
        run(str(source.pk))

    assert Source.objects.get(pk=source.pk).consecutive_failures == 1


def test_an_unknown_source_is_reported_in_chinese(db):
    with pytest.raises(CommandError, match="没有找到信息源"):
        run("不存在的信息源")
