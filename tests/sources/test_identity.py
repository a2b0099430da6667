"""Knowing when two upstream items are the same policy."""

import pytest

from channels.sources.identity import (
    canonical_url,
    dedup_key,
    extract_document_number,
    find_document_numbers,
    item_identity,
    normalise_document_number,
    normalise_title,
    url_identity,
)


def test_canonical_urls_drop_noise_but_stay_fetchable():
    assert (
        canonical_url("HTTP://WWW.Gov.CN:80/zhengce/index.htm?b=2&utm_source=wx&a=1&spm=x#top")
        == "http://www.gov.cn/zhengce/index.htm?a=1&b=2"
    )
    assert canonical_url("https://www.gov.cn") == "https://www.gov.cn/"
    assert canonical_url("https://x.gov.cn:8443/a?from=timeline&isappinstalled=0") == "https://x.gov.cn:8443/a"
    assert canonical_url("https://x.gov.cn/a?from=list") == "https://x.gov.cn/a?from=list"  # not WeChat's
    assert canonical_url("https://x.gov.cn/app#/detail/5") == "https://x.gov.cn/app#/detail/5"  # a route
    assert canonical_url("../b.html", base="https://x.gov.cn/a/c/index.html") == "https://x.gov.cn/a/b.html"


def test_http_and_https_and_index_pages_count_as_the_same_item():
    assert url_identity("http://www.gov.cn/zhengce/index.html") == url_identity("https://www.gov.cn/zhengce/")
    assert url_identity("https://www.gov.cn/a") != url_identity("https://www.gov.cn/a/")
    assert item_identity("https://www.gov.cn/x.htm?utm_medium=rss", "") == item_identity(
        None, "http://www.gov.cn/x.htm"
    )
    assert item_identity("abc-1", "https://www.gov.cn/x") == "guid:abc-1"


@pytest.mark.parametrize(
    "written",
    [
        "国发〔2025〕3号",
        "国发[2025]3号",
        "国发（2025）3号",
        "国发(2025)03号",
        "国发【2025】第3号",
        "国发 ［2025］ 3 号",
        "国发﹝2025﹞3号",
    ],
)
def test_every_bracket_spelling_of_a_document_number_is_the_same(written):
    assert normalise_document_number(written) == "国发〔2025〕3号"


def test_document_numbers_are_found_in_titles_and_prose():
    assert extract_document_number("国务院关于印发某方案的通知（国发〔2025〕3号）") == "国发〔2025〕3号"
    assert extract_document_number("根据国办发〔2024〕15号文件精神") == "国办发〔2024〕15号"
    assert extract_document_number("发布日期：2025-03-01 发文字号：粤府函〔2025〕12号") == "粤府函〔2025〕12号"
    assert extract_document_number("和历政〔2018〕12号") == "和历政〔2018〕12号"
    assert find_document_numbers("按照国办发〔2024〕15号和国发〔2025〕3号执行") == [
        "国办发〔2024〕15号",
        "国发〔2025〕3号",
    ]
    assert extract_document_number("国务院令第788号") == "国务院令第788号"
    assert extract_document_number("2025年第3号公告") is None


def test_titles_compare_without_repost_tags_width_punctuation_or_document_numbers():
    original = "国务院关于推进政策文件集中公开和解读工作的意见"
    for variant in (
        "【转载】国务院关于推进政策文件集中公开和解读工作的意见",
        "[转发] 国务院关于推进政策文件集中公开和解读工作的意见（国发〔2025〕7号）",
        "转载：国务院关于推进政策文件集中公开和解读工作的意见。",
    ):
        assert normalise_title(variant) == normalise_title(original)
    assert normalise_title("关于ＡＢＣ　2025年工作的通知") == "关于abc2025年工作的通知"
    assert normalise_title("【图解】一图读懂") != normalise_title("一图读懂")  # 图解 is a different material


def test_dedup_key_joins_reposts_across_sources():
    assert dedup_key("国发(2025)7号", "【转载】关于某事的意见") == dedup_key("国发〔2025〕7号", "关于某事的意见")
    assert dedup_key("国发〔2025〕7号", "关于某事的意见") != dedup_key("国发〔2025〕8号", "关于某事的意见")
    assert dedup_key(None, "关于某事的意见") == "|关于某事的意见"
    assert dedup_key(None, "  ") is None
