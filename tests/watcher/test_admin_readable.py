"""The sources admin and the dashboard in Beijing time, as 2026-12-06 15:30, with 是/否 and — (never True/None)."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from channels.watcher.models import Source
from tests.factories import site

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|svg|style)\b.*?</\1>", " ", html[html.find("<main") :], flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_sources_admin_and_dashboard_read_in_beijing_time(client, office):
    client.force_login(get_user_model().objects.get(username="admin"))
    failing = Source.objects.create(
        name="中国政府网 最新政策",
        disclosing_body=site.body("hexian"),
        url="https://www.gov.cn/zhengce/zuixin/",
        kind="html_list",
        level="state_council",
        last_polled_at=dt.datetime(2026, 12, 6, 7, 30, tzinfo=UTC),
        last_success_at=dt.datetime(2026, 12, 6, 7, 30, tzinfo=UTC),
        next_poll_at=dt.datetime(2026, 12, 6, 8, 0, tzinfo=UTC),
        consecutive_failures=2,
        last_error="连接超时",
    )
    Source.objects.create(
        name="安徽省人民政府 政策文件",
        disclosing_body=site.body("hexian"),
        url="https://www.ah.gov.cn/",
        kind="html_list",
    )
    pages = {
        "list": client.get(reverse("wagtailsnippets_watcher_source:list")),
        "inspect": client.get(reverse("wagtailsnippets_watcher_source:inspect", args=(failing.pk,))),
        "dashboard": client.get(reverse("wagtailadmin_home")),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = _text(response)
        assert "2026-12-06 16:00" in text, name  # 08:00 UTC is 16:00 in Beijing
        assert "2026-12-06 08:00" not in text and "UTC" not in text, name
        assert not re.search(r"\b(True|False|None)\b", text), name
        assert "年12月6日" not in text, name
    assert "2026-12-06 15:30" in _text(pages["inspect"]) and "是" in _text(pages["inspect"])
    assert "—" in _text(pages["list"])  # the source never fetched: no time, a dash
