"""Items a source's settings refuse are kept, listed on the source's page, and come back as drafts when the
settings change (on save) or when an operator clicks 重新考虑."""

import datetime as dt

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from channels.sources.config import HtmlListConfig
from channels.watcher.models import RepublicationPage, SkippedItem, Source
from channels.watcher.polling import poll_source
from tests.factories.watcher import make_source
from tests.sources.upstream_server import send

pytestmark = pytest.mark.django_db

LIST = HtmlListConfig(item="li", title="a", link="a", date="span::text")


def listing(upstream, path: str, entries: list[tuple[str, str, dt.datetime]]) -> None:
    rows = "".join(
        f'<li><a href="{link}">{title}</a><span>{timezone.localtime(day):%Y-%m-%d}</span></li>'
        for title, link, day in entries
    )
    body = f"<html><body><ul>{rows}</ul></body></html>".encode()
    upstream.route(path, lambda h: send(h, 200, body, {"Content-Type": "text/html; charset=utf-8"}))


def admin_client(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def post_edit_form(client, source: Source, **changes) -> None:
    """Submit the source's admin edit form as a browser would, with ``changes`` typed in."""
    url = reverse("wagtailsnippets_watcher_source:edit", args=(source.pk,))
    page = lxml.html.fromstring(client.get(url).content.decode())
    form = next(f for f in page.forms if f.get("id") == "page-edit-form" or "csrfmiddlewaretoken" in f.fields)
    data = dict(form.form_values())
    data.update({name: str(value) for name, value in changes.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_widened_window_brings_skipped_items_back_as_drafts(office, upstream, client):
    now = timezone.now()
    listing(
        upstream,
        "/skip/list.html",
        [
            ("关于做好近期政务公开工作的通知", "/skip/new.html", now - dt.timedelta(days=1)),
            ("关于印发全省政务公开工作要点的通知", "/skip/old.html", now - dt.timedelta(days=20)),
        ],
    )
    source = make_source(upstream, "/skip/list.html", LIST, ignore_older_than_days=7)

    report = poll_source(source, now=now)

    assert sorted(o.action for o in report.outcomes) == ["new", "too_old"]
    skipped = SkippedItem.objects.get(source=source)
    assert skipped.title == "关于印发全省政务公开工作要点的通知" and skipped.reason == "too_old"
    assert "7 天" in skipped.reason_text
    client = admin_client(client)
    inspect = client.get(reverse("wagtailsnippets_watcher_source:inspect", args=(source.pk,))).content.decode()
    assert "跳过的条目(共 1 条)" in inspect and "关于印发全省政务公开工作要点的通知" in inspect

    # Polling again with an unchanged listing changes nothing: the item stays skipped, not lost.
    poll_source(Source.objects.get(pk=source.pk), now=now)
    assert SkippedItem.objects.filter(source=source).count() == 1

    post_edit_form(client, source, ignore_older_than_days=30)

    assert not SkippedItem.objects.filter(source=source).exists()
    drafts = RepublicationPage.objects.filter(source=source)
    assert sorted(drafts.values_list("title", flat=True)) == [
        "关于做好近期政务公开工作的通知",
        "关于印发全省政务公开工作要点的通知",
    ]
    inspect = client.get(reverse("wagtailsnippets_watcher_source:inspect", args=(source.pk,))).content.decode()
    assert "跳过的条目(共 0 条)" in inspect


def test_a_save_that_leaves_the_skipping_rules_alone_reconsiders_nothing(office, upstream, client):
    now = timezone.now()
    listing(upstream, "/skip/same.html", [("关于旧文件的通知", "/skip/a.html", now - dt.timedelta(days=20))])
    source = make_source(upstream, "/skip/same.html", LIST, ignore_older_than_days=7)
    poll_source(source, now=now)

    post_edit_form(admin_client(client), source, poll_minutes_working=15)

    assert SkippedItem.objects.filter(source=source).count() == 1
    assert not RepublicationPage.objects.exists()


def test_items_without_a_document_number_or_with_an_excluded_keyword_wait_for_an_operator(office, upstream, client):
    now = timezone.now()
    listing(
        upstream,
        "/skip/rules.html",
        [
            ("关于做好防汛工作的通知(皖政〔2026〕3号)", "/skip/n.html", now),
            ("关于做好春季防火工作的通知", "/skip/plain.html", now),
            ("关于表彰先进集体的决定(皖政〔2026〕4号)", "/skip/prize.html", now),
        ],
    )
    source = make_source(
        upstream,
        "/skip/rules.html",
        LIST,
        ignore_older_than_days=7,
        require_document_number=True,
        exclude_keywords="表彰 任免",
    )

    poll_source(source, now=now)

    reasons = dict(SkippedItem.objects.filter(source=source).values_list("title", "reason"))
    assert reasons == {"关于做好春季防火工作的通知": "no_number", "关于表彰先进集体的决定(皖政〔2026〕4号)": "excluded"}
    assert RepublicationPage.objects.count() == 1

    Source.objects.filter(pk=source.pk).update(require_document_number=False)  # e.g. changed by a data fix
    response = admin_client(client).post(reverse("watcher_reconsider_skipped", args=(source.pk,)), follow=True)

    assert "1 条生成转载,1 条仍跳过" in response.content.decode()
    assert list(SkippedItem.objects.filter(source=source).values_list("reason", flat=True)) == ["excluded"]
    assert RepublicationPage.objects.filter(title="关于做好春季防火工作的通知").exists()


def test_a_window_widened_outside_the_admin_brings_skipped_items_back_too(office, upstream):
    """The shell, the demo loader or any other save: the rule lives with the source, not in the admin form."""
    now = timezone.now()
    listing(upstream, "/skip/shell.html", [("关于旧文件的通知(壳层)", "/skip/b.html", now - dt.timedelta(days=20))])
    source = make_source(upstream, "/skip/shell.html", LIST, ignore_older_than_days=7)
    poll_source(source, now=now)
    assert SkippedItem.objects.filter(source=source).count() == 1

    source.ignore_older_than_days = 30
    source.save()

    assert not SkippedItem.objects.filter(source=source).exists()
    assert RepublicationPage.objects.filter(title="关于旧文件的通知(壳层)").exists()
    assert source.reconsidered.drafted == 1
