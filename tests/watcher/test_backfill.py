"""A new source's first poll does not flood the overdue list: what was already past its deadline when found is
补转 (first poll) or 发现时已超期 (later), listed apart on the dashboard; 逾期 is what became late after finding."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from channels.sources.config import HtmlListConfig
from channels.watcher.models import DeadlineStart, RepublicationPage, Source
from channels.watcher.polling import poll_source
from channels.watcher.wagtail_hooks import late_republications, urgent_republications
from tests.factories.watcher import make_source
from tests.sources.upstream_server import send
from tests.watcher.conftest import beijing

pytestmark = pytest.mark.django_db

LIST = HtmlListConfig(item="li", title="a", link="a", date="span::text")
OLD = ("关于印发政务公开工作要点的通知", "/bf/old.html", "2025-03-03")
LATER_OLD = ("关于做好政府信息主动公开的通知", "/bf/later-old.html", "2025-03-03")
FRESH = ("关于做好春季防火工作的通知", "/bf/fresh.html", "2025-03-12")


def serve(upstream, state):
    def handler(h):
        rows = "".join(
            f'<li><a href="{link}">{title}</a><span>{day}</span></li>' for title, link, day in state["items"]
        )
        send(h, 200, f"<ul>{rows}</ul>".encode(), {"Content-Type": "text/html; charset=utf-8"})

    upstream.route("/bf/list.html", handler)


def page(title) -> RepublicationPage:
    return RepublicationPage.objects.get(title=title)


def test_first_poll_backfill_and_late_finds_are_kept_out_of_the_overdue_list(office, upstream, client):
    state = {"items": [OLD]}
    serve(upstream, state)
    source = make_source(upstream, "/bf/list.html", LIST, deadline_start=DeadlineStart.PUBLISHED)

    poll_source(source, now=beijing(2025, 3, 11, 9, 0))  # the first poll: OLD was due 2025-03-04
    state["items"] = [OLD, LATER_OLD, FRESH]
    poll_source(Source.objects.get(pk=source.pk), now=beijing(2025, 3, 12, 9, 0))

    assert page(OLD[0]).urgency() == "backfill"
    assert page(LATER_OLD[0]).urgency() == "found_late"  # not a first poll: found late, but not 补转
    assert page(FRESH[0]).urgency() == "overdue"  # due 2025-03-13, found in time, still a draft
    assert page(OLD[0]).deadline_at == page(LATER_OLD[0]).deadline_at  # the legal deadline is unchanged
    assert list(urgent_republications().values_list("title", flat=True)) == [FRESH[0]]
    assert list(late_republications().values_list("title", flat=True)) == [OLD[0], LATER_OLD[0]]

    client.force_login(get_user_model().objects.get(username="admin"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    overdue_part, late_part = html.split("发现时已超期 / 补转(共 2 件)")
    assert FRESH[0] in overdue_part and "已逾期" in overdue_part
    assert OLD[0] not in overdue_part and LATER_OLD[0] not in overdue_part
    assert OLD[0] in late_part and LATER_OLD[0] in late_part and "补转" in late_part
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page(OLD[0]).pk,))).content.decode()
    assert "信息源首次抓取时发现" in edit and "已逾期" not in edit
    late_listing = client.get(reverse("republications:index") + "?late=1").content.decode()
    assert OLD[0] in late_listing and LATER_OLD[0] in late_listing and FRESH[0] not in late_listing
    assert "补转" in late_listing and "发现时已超期" in late_listing
