"""A Hanweb column as a source: polled by the watcher, configured and tried out in the admin (issue 16, point 2)."""

import pytest
from django.urls import reverse

from channels.sources.config import DetailConfig, HanwebConfig
from channels.watcher.models import RepublicationPage, Source
from channels.watcher.polling import poll_source
from tests.factories.watcher import make_source
from tests.sources import hanweb_site
from tests.watcher.test_admin import ADD_URL, source_form

pytestmark = pytest.mark.django_db

DETAIL = DetailConfig(body="#zoom", document_number="td.wh", attachments="#zoom a[href*=downfile]")
CHECK_URL = "watcher_source_check"


@pytest.fixture
def admin_client(client, office):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    return client


@pytest.fixture
def column(upstream):
    hanweb_site.install(upstream)
    return upstream


def hanweb_form(upstream, path=hanweb_site.COLUMN, **overrides):
    values = {
        "name": "某省人民政府 政府文件",
        "kind": "hanweb",
        "url": upstream.url(path),
        "level": "province",
        "issuing_organ": "某省人民政府",
        "allowed_hosts": "127.0.0.1",
        "trusted_private_hosts": "127.0.0.1",
        "html_item": "",
        "html_title": "",
        "html_link": "",
        "html_date": "",
        "detail_body": "#zoom",
        "detail_document_number": "td.wh",
        "detail_attachments": "#zoom a[href*=downfile]",
        "hanweb_pages": "2",
        "ignore_older_than_days": "7",
    }
    values.update(overrides)
    return source_form(**values)


def test_a_hanweb_column_is_polled_with_its_paging_and_detail_pages(office, column):
    source = make_source(column, hanweb_site.COLUMN, HanwebConfig(pages=2, detail=DETAIL))

    report = poll_source(source)

    assert report.status == "changed", report.error_detail
    assert len(report.outcomes) == hanweb_site.TOTAL, "45 records from the page and 15 through dataproxy.jsp"
    assert Source.objects.get(pk=source.pk).items_found == hanweb_site.TOTAL
    newest = RepublicationPage.objects.get(title=hanweb_site.title(1))
    assert "抓好落实" in newest.body


def test_an_empty_hanweb_column_says_so_on_the_source(office, column):
    source = make_source(column, hanweb_site.EMPTY_COLUMN, HanwebConfig())

    report = poll_source(source)

    stored = Source.objects.get(pk=source.pk)
    assert report.ok and stored.items_found == 0
    assert "没有记录" in stored.last_warnings


def test_the_admin_saves_a_hanweb_source_with_record_selectors_defaulted(admin_client, column):
    response = admin_client.post(reverse(ADD_URL), hanweb_form(column))

    assert response.status_code == 302, response.content.decode()[:3000]
    source = Source.objects.get()
    assert source.get_kind_display() == "大汉网站栏目页(datastore)"
    config = source.config_object()
    assert isinstance(config, HanwebConfig)
    assert (config.title, config.link, config.date, config.pages) == ("a", "a", "span", 2)
    assert config.detail.body == "#zoom"


def test_the_source_form_offers_the_try_button_on_create_and_edit(admin_client, column):
    add = admin_client.get(reverse(ADD_URL)).content.decode()
    assert "data-watcher-source-check" in add and f'formaction="{reverse(CHECK_URL)}"' in add
    admin_client.post(reverse(ADD_URL), hanweb_form(column))
    source = Source.objects.get()
    edit = admin_client.get(reverse("wagtailsnippets_watcher_source:edit", args=(source.pk,))).content.decode()
    assert f'formaction="{reverse("watcher_source_check_saved", args=(source.pk,))}"' in edit


def test_trying_an_unsaved_hanweb_source_lists_what_it_would_create_and_saves_nothing(admin_client, column):
    response = admin_client.post(reverse(CHECK_URL), hanweb_form(column))

    page = response.content.decode()
    assert response.status_code == 200
    assert not Source.objects.exists() and not RepublicationPage.objects.exists()
    assert f"读到 <strong>{hanweb_site.TOTAL}</strong> 条" in page
    assert hanweb_site.title(1) in page and "某政办发〔2026〕1号" in page
    assert hanweb_site.NEWEST.isoformat() in page
    assert "在范围内,将生成草稿" in page and "超出范围,只记录" in page
    assert "正文已读到,附件 1 个" in page


def test_trying_an_edited_source_uses_the_form_not_the_stored_settings(admin_client, column):
    admin_client.post(reverse(ADD_URL), hanweb_form(column))
    source = Source.objects.get()
    check = reverse("watcher_source_check_saved", args=(source.pk,))

    empty = admin_client.post(check, hanweb_form(column, path=hanweb_site.EMPTY_COLUMN)).content.decode()
    missing = admin_client.post(check, hanweb_form(column, path="/missing-page")).content.decode()

    assert "没有读到任何条目" in empty and "没有记录" in empty
    assert "抓取失败" in missing and "HTTP 404" in missing
    assert Source.objects.get().url == column.url(hanweb_site.COLUMN), "the stored source is untouched"
    assert Source.objects.get().last_polled_at is None


def test_a_form_mistake_is_shown_instead_of_fetching(admin_client, column):
    before = column.hits(hanweb_site.COLUMN)
    response = admin_client.post(reverse(CHECK_URL), hanweb_form(column, html_title="a["))

    page = response.content.decode()
    assert "表单有误,未抓取" in page and "不是有效的 CSS 选择器" in page
    assert column.hits(hanweb_site.COLUMN) == before


def test_only_editors_who_may_manage_sources_can_try_one(client, office, column):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("reader", password="x")
    client.force_login(user)
    assert client.post(reverse(CHECK_URL), hanweb_form(column)).status_code in (302, 403)
