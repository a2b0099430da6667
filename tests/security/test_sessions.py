"""Admin sessions end after 30 minutes without a click and 12 hours after login."""

import time

import pytest
from django.test import Client

from security.sessions import LOGIN_AT, SEEN_AT
from tests.factories.site import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_signed_in():
    UserFactory(username="zhaolei", groups=[GroupFactory()])
    client = Client()
    client.post("/admin/login/", {"username": "zhaolei", "password": "Demo-2026!"})
    assert client.get("/admin/").status_code == 200
    return client


def age(client, **seconds_ago) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in (("login_at", LOGIN_AT), ("seen_at", SEEN_AT)):
        if key in seconds_ago:
            session[ago] = now - seconds_ago[key]
    session.save()


def test_thirty_one_idle_minutes_sign_the_editor_out_with_a_chinese_message(client_signed_in):
    age(client_signed_in, seen_at=31 * 60)
    response = client_signed_in.get("/admin/pages/", follow=True)
    assert response.redirect_chain[0][0].startswith("/admin/login/?next=")
    assert "30 分钟未操作" in response.content.decode()
    assert client_signed_in.get("/admin/").status_code == 302


def test_a_click_within_the_idle_time_keeps_the_session(client_signed_in):
    age(client_signed_in, seen_at=29 * 60)
    assert client_signed_in.get("/admin/").status_code == 200
    age(client_signed_in, login_at=2 * 3600)  # seen_at was refreshed by that click
    assert client_signed_in.get("/admin/").status_code == 200


def test_a_page_pinging_by_itself_is_not_activity(client_signed_in):
    age(client_signed_in, seen_at=29 * 60)
    client_signed_in.get("/admin/pages/1/edit/editing-sessions/ping/")  # Wagtail's background call
    age(client_signed_in, login_at=3600)  # two more minutes pass: only the ping happened in between
    session = client_signed_in.session
    session[SEEN_AT] -= 2 * 60
    session.save()
    assert client_signed_in.get("/admin/").status_code == 302


def test_twelve_hours_after_login_the_session_ends_even_while_active(client_signed_in):
    age(client_signed_in, login_at=12 * 3600 + 60, seen_at=10)
    response = client_signed_in.get("/admin/", follow=True)
    assert "登录已超过 12 小时" in response.content.decode()


def test_a_timed_out_editor_still_reads_the_public_site(client_signed_in):
    age(client_signed_in, seen_at=31 * 60)
    response = client_signed_in.get("/")
    assert response.status_code in (200, 404)
    assert "_auth_user_id" not in client_signed_in.session


def test_the_session_cookie_is_http_only_and_lives_at_most_twelve_hours(settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
