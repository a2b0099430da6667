"""One draft per policy across kinds of listing: the same 文号 (however bracketed or wide) or the same canonical URL
is the same document; an upstream interpretation (解读/图解) of a drafted document travels with its draft."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from channels.sources.config import HtmlListConfig, JsonListConfig
from channels.sources.identity import document_number_key, is_interpretation, url_key
from channels.watcher.models import RepublicationPage, UpstreamRecord
from channels.watcher.polling import poll_source
from tests.factories.watcher import make_source
from tests.sources.upstream_server import send
from tests.watcher.conftest import beijing

pytestmark = pytest.mark.django_db

NOW = beijing(2025, 3, 4, 10, 0)
HTML = HtmlListConfig(item="li", title="a", link="a", date="span::text")
JSON = JsonListConfig(items_path="data", title="title", url="url", date="date", document_number="wh")


def serve_html(upstream, path: str, title: str, link: str) -> None:
    body = f'<ul><li><a href="{link}">{title}</a><span>2025-03-03</span></li></ul>'.encode()
    upstream.route(path, lambda h: send(h, 200, body, {"Content-Type": "text/html; charset=utf-8"}))


def serve_json(upstream, path: str, entries: list[dict]) -> None:
    body = json.dumps({"data": entries}, ensure_ascii=False).encode()
    upstream.route(path, lambda h: send(h, 200, body, {"Content-Type": "application/json"}))


@pytest.mark.parametrize(
    ("spelling", "normalised"),
    [
        ("国发［２０２５］９号", "国发〔2025〕9号"),
        ("国发（2025）09号", "国发〔2025〕9号"),
        ("国发 【2025】 第9号", "国发〔2025〕9号"),
    ],
)
def test_document_numbers_are_compared_whatever_their_brackets_widths_and_spaces(spelling, normalised):
    assert document_number_key(spelling) == normalised


def test_urls_are_compared_without_scheme_case_fragment_tracking_or_trailing_slash():
    assert url_key("HTTPS://WWW.Gov.cn/zc/9/?utm_source=wx&spm=1#top") == url_key("http://www.gov.cn/zc/9")
    assert url_key("http://www.gov.cn/zc/9?id=1") != url_key("http://www.gov.cn/zc/9?id=2")
    assert is_interpretation("【图解】国务院关于…") and is_interpretation("一图读懂…") and not is_interpretation("意见")


def test_a_json_infographic_with_the_same_number_and_url_as_an_html_item_is_no_second_draft(office, upstream, client):
    serve_html(upstream, "/kinds/list.html", "国务院关于加强政务公开的意见(国发〔2025〕9号)", "/zc/9.html")
    html_source = make_source(upstream, "/kinds/list.html", HTML, name="省政府 HTML 列表", level="state_council")
    entry = {
        "title": "【图解】国务院关于加强政务公开的意见",
        "url": upstream.url("/zc/9.html?utm_source=app"),
        "wh": "国发［２０２５］９号",
        "date": "2025-03-03",
    }
    serve_json(upstream, "/kinds/list.json", [entry])
    json_source = make_source(upstream, "/kinds/list.json", JSON, name="市政府 JSON 接口", level="city")

    poll_source(html_source, now=NOW)
    report = poll_source(json_source, now=NOW)

    assert [o.action for o in report.outcomes] == ["duplicate"]
    page = RepublicationPage.objects.get()
    duplicate = UpstreamRecord.objects.get(source=json_source)
    assert duplicate.duplicate_of.source == html_source
    assert page.upstream_record == duplicate.duplicate_of
    client.force_login(get_user_model().objects.get(username="admin"))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "省政府 HTML 列表" in edit and "市政府 JSON 接口" in edit  # every source attributed on the draft


def test_the_same_document_under_another_title_and_number_spelling_is_one_draft(office, upstream):
    serve_html(upstream, "/kinds/a.html", "国务院关于加强政务公开的意见(国发〔2025〕9号)", "/zc/9.html")
    serve_json(
        upstream,
        "/kinds/b.json",
        [
            {
                "title": "【转发】关于加强政务公开的意见",
                "url": upstream.url("/city/9.html"),
                "wh": "国发（2025）09号",
                "date": "2025-03-03",
            }
        ],
    )
    poll_source(make_source(upstream, "/kinds/a.html", HTML, level="state_council"), now=NOW)

    report = poll_source(make_source(upstream, "/kinds/b.json", JSON, level="city"), now=NOW)

    assert [o.action for o in report.outcomes] == ["duplicate"]
    assert RepublicationPage.objects.count() == 1


def test_an_interpretation_of_a_drafted_document_is_attached_to_its_draft(office, upstream, client):
    serve_html(upstream, "/kinds/doc.html", "国务院关于加强政务公开的意见(国发〔2025〕9号)", "/zc/9.html")
    serve_json(
        upstream,
        "/kinds/jd.json",
        [
            {
                "title": "一图读懂《国务院关于加强政务公开的意见》",
                "url": upstream.url("/jd/9.html"),
                "wh": "国发〔2025〕9号",
                "date": "2025-03-03",
            }
        ],
    )
    poll_source(make_source(upstream, "/kinds/doc.html", HTML, level="state_council"), now=NOW)

    report = poll_source(
        make_source(upstream, "/kinds/jd.json", JSON, level="province", issuing_organ="安徽省人民政府"), now=NOW
    )

    assert [o.action for o in report.outcomes] == ["interpretation"]
    page = RepublicationPage.objects.get()
    draft = page.get_latest_revision_as_object()  # what an editor opens and publishes
    assert [(i.title, i.url, i.source_organ) for i in draft.interpretations.all()] == [
        ("一图读懂《国务院关于加强政务公开的意见》", upstream.url("/jd/9.html"), "安徽省人民政府")
    ]
    client.force_login(get_user_model().objects.get(username="admin"))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert edit.status_code == 200 and "一图读懂《国务院关于加强政务公开的意见》" in edit.content.decode()
    draft.save_revision().publish()
    public = client.get(RepublicationPage.objects.get().url)
    assert "政策解读" in public.content.decode() and upstream.url("/jd/9.html") in public.content.decode()


def test_a_document_found_after_its_interpretation_is_not_taken_for_a_duplicate_of_it(office, upstream):
    serve_json(
        upstream,
        "/kinds/first-jd.json",
        [
            {
                "title": "【解读】国务院关于加强政务公开的意见",
                "url": upstream.url("/jd/9.html"),
                "wh": "国发〔2025〕9号",
                "date": "2025-03-03",
            }
        ],
    )
    serve_html(upstream, "/kinds/then-doc.html", "国务院关于加强政务公开的意见(国发〔2025〕9号)", "/zc/9.html")
    poll_source(make_source(upstream, "/kinds/first-jd.json", JSON, level="province"), now=NOW)

    report = poll_source(make_source(upstream, "/kinds/then-doc.html", HTML, level="state_council"), now=NOW)

    assert [o.action for o in report.outcomes] == ["new"]
    assert RepublicationPage.objects.count() == 2  # the interpretation's own draft, and the document's
