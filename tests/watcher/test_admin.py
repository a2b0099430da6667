"""Editors and operators in the admin: the source form, the work list, the dashboard, the change flag."""

import datetime as dt
import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from channels.watcher.drafts import ensure_index
from channels.watcher.models import RepublicationPage, Source
from tests.factories import site

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_watcher_source:add"


@pytest.fixture
def admin_client(client, office):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def source_form(**overrides):
    data = {
        "disclosing_body": site.body("hexian").pk,
        "republish_for_own_body": "on",
        "name": "中国政府网 最新政策",
        "kind": "html_list",
        "url": "https://www.gov.cn/zhengce/zuixin/",
        "level": "state_council",
        "issuing_organ": "国务院",
        "allowed_hosts": "gov.cn",
        "trusted_private_hosts": "",
        "enabled": "on",
        "html_item": "ul.list li",
        "html_title": "a",
        "html_link": "a",
        "html_date": "span::text",
        "detail_body": "#UCAP-CONTENT",
        "json_title": "title",
        "json_url": "url",
        "poll_minutes_working": "10",
        "poll_minutes_off": "60",
        "deadline_amount": "1",
        "deadline_rule": "working_days",
        "deadline_start": "published",
        "ignore_older_than_days": "30",
        "routing_rules": inline_formset([]),
        "followers": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_operator_adds_a_gov_cn_style_html_list_source(admin_client):
    response = admin_client.post(reverse(ADD_URL), source_form())

    assert response.status_code == 302, response.content.decode()[:3000]
    source = Source.objects.get()
    assert source.config == {
        "item": "ul.list li",
        "title": "a",
        "link": "a",
        "date": "span::text",
        "summary": "",
        "document_number": "",
        "detail": {"body": "#UCAP-CONTENT", "document_number": "", "attachments": "", "title": "", "date": ""},
    }
    assert source.next_poll_at is not None, "a new source is polled at the next dispatch"
    edit = admin_client.get(reverse("wagtailsnippets_watcher_source:edit", args=(source.pk,)))
    assert 'value="ul.list li"' in edit.content.decode(), "the form shows the stored configuration"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"html_item": "ul.list li[", "detail_body": ""}, "不是有效的 CSS 选择器"),
        ({"html_item": ""}, "HTML 列表页必须填写条目选择器。"),
        ({"detail_body": "", "detail_document_number": "td.num"}, "填写详情页设置时必须填写正文选择器。"),
        ({"url": "https://evil.example/list.html"}, "不在允许的域名中"),
        ({"url": "ftp://www.gov.cn/list"}, "列表地址必须以 http:// 或 https:// 开头"),
        ({"trusted_private_hosts": "intranet.local"}, "必须同时列在允许的域名中"),
        ({"poll_minutes_working": "0"}, "抓取间隔至少为 1 分钟"),
    ],
)
def test_the_source_form_explains_mistakes_in_chinese_and_saves_nothing(admin_client, overrides, message):
    response = admin_client.post(reverse(ADD_URL), source_form(**overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Source.objects.exists()


def test_a_json_list_source_keeps_its_field_names(admin_client):
    form = source_form(kind="json_list", json_items_path="data.list", json_date="pubDate", json_guid="id")
    response = admin_client.post(reverse(ADD_URL), form)

    assert response.status_code == 302
    config = Source.objects.get().config_object()
    assert (config.items_path, config.date, config.guid, config.title) == ("data.list", "pubDate", "id", "title")


def test_only_trusted_operators_may_let_a_source_reach_private_addresses(client, office):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="信息源管理")
    codenames = ["add_source", "change_source", "view_source"]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="watcher", codename__in=codenames))
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.get(username="jjb_editor")
    user.groups.add(group)
    client.force_login(user)

    form = client.get(reverse(ADD_URL))
    form_data = source_form(trusted_private_hosts="gov.cn", disclosing_body=site.body("liyang").pk)
    response = client.post(reverse(ADD_URL), form_data)

    assert form.status_code == 200 and 'name="allowed_hosts"' in form.content.decode()
    assert 'name="trusted_private_hosts"' not in form.content.decode()
    assert response.status_code == 302
    assert Source.objects.get().trusted_private_hosts == ""


_slugs = itertools.count(1)


def _page(index, title, deadline=None, live=False):
    page = RepublicationPage(
        title=title,
        slug=f"p{next(_slugs)}",
        source_organ="国务院",
        original_url="https://www.gov.cn/a.html",
        deadline_at=deadline,
        live=False,
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def test_the_work_list_shows_overdue_then_due_items_first_and_published_ones_last(admin_client):
    index = ensure_index()
    now = timezone.now()
    _page(index, "已发布的转载", now - dt.timedelta(days=3), live=True)
    _page(index, "明天到期的转载", now + dt.timedelta(days=1))
    _page(index, "已逾期的转载", now - dt.timedelta(hours=2))
    _page(index, "两小时后到期的转载", now + dt.timedelta(hours=2))

    html = admin_client.get(reverse("republications:index")).content.decode()

    positions = [html.index(t) for t in ("已逾期的转载", "两小时后到期的转载", "明天到期的转载", "已发布的转载")]
    assert positions == sorted(positions)
    assert "已逾期" in html and "即将到期" in html
    assert timezone.localtime(now + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M") in html


def test_the_dashboard_shows_failing_sources_and_republications_at_risk(admin_client):
    Source.objects.create(
        disclosing_body=site.body("hexian"),
        name="失败的信息源",
        url="https://www.gov.cn/x",
        level="state_council",
        issuing_organ="国务院",
        consecutive_failures=3,
        last_error="信息源返回错误状态(HTTP 500)。",
    )
    _page(ensure_index(), "快到期的转载", timezone.now() + dt.timedelta(hours=1))

    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "失败的信息源" in html and "3 次" in html and "HTTP 500" in html
    assert "快到期的转载" in html and "即将到期" in html


def test_the_editor_clears_the_upstream_change_flag_after_checking(office):
    from django.test import Client

    page = _page(ensure_index(), "原文变了的转载", timezone.now() + dt.timedelta(days=1))
    RepublicationPage.objects.filter(pk=page.pk).update(upstream_changed_at=timezone.now(), upstream_change_note="正文")
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="admin"))

    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', edit).group(1)
    response = client.post(reverse("watcher_acknowledge_change", args=(page.pk,)), {"csrfmiddlewaretoken": token})

    assert "上游原文已变更" in edit
    assert f'formaction="{reverse("watcher_acknowledge_change", args=(page.pk,))}"' in edit, "no nested form"
    assert response.status_code == 302
    assert RepublicationPage.objects.get(pk=page.pk).upstream_changed_at is None


def test_an_editor_without_edit_rights_cannot_clear_the_flag(client, office):
    page = _page(ensure_index(), "无权清除", timezone.now())
    RepublicationPage.objects.filter(pk=page.pk).update(upstream_changed_at=timezone.now())
    client.force_login(get_user_model().objects.get(username="jjb_editor"))

    response = client.post(reverse("watcher_acknowledge_change", args=(page.pk,)))

    assert response.status_code in (302, 403)
    assert RepublicationPage.objects.get(pk=page.pk).upstream_changed_at is not None


def test_editing_a_source_keeps_the_watchers_figures_and_a_new_configuration_is_read_afresh(admin_client):
    admin_client.post(reverse(ADD_URL), source_form())
    source = Source.objects.get()
    edit_url = reverse("wagtailsnippets_watcher_source:edit", args=(source.pk,))
    Source.objects.filter(pk=source.pk).update(consecutive_failures=2, etag='"v1"', content_hash="abc")

    admin_client.post(edit_url, source_form(issuing_organ="国务院办公厅"))
    kept = Source.objects.get()
    admin_client.post(edit_url, source_form(html_item="div.list li"))
    changed = Source.objects.get()

    assert kept.issuing_organ == "国务院办公厅"
    assert kept.consecutive_failures == 2 and kept.etag == '"v1"', "a poll's figures survive an edit"
    assert changed.config["item"] == "div.list li" and changed.etag == "" and changed.content_hash == ""
