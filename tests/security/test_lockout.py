"""Login lockout (等保 2.0): five wrong passwords lock the account for 30 minutes with a Chinese message that says
until when; the 安全管理员 can unlock; one address guessing across accounts is throttled; the address is the
client's, read through trusted proxies only."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from tests.factories.site import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Demo-2026!"
LOGIN = "/admin/login/"


def attempt(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    for _ in range(times):
        response = attempt(client, username, "wrong-Password-1", **extra)
    return response


def earlier(minutes: int) -> None:
    """Every recorded failure happened `minutes` earlier: time passes for the lockout, not for the test."""
    shift = timedelta(minutes=minutes)
    for row in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=row.pk).update(attempt_time=row.attempt_time - shift)
    for row in AccessAttemptExpiration.objects.all():
        AccessAttemptExpiration.objects.filter(pk=row.pk).update(expires_at=row.expires_at - shift)
    for row in AccessFailureLog.objects.all():
        AccessFailureLog.objects.filter(pk=row.pk).update(attempt_time=row.attempt_time - shift)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_failures_lock_the_account_and_the_right_password_is_refused_with_the_time(client):
    UserFactory(username="wangfang")
    for count in range(4):
        response = attempt(client, "wangfang", "wrong-Password-1")
        assert response.status_code == 200, f"failure {count + 1} is an ordinary wrong password"
    locked = attempt(client, "wangfang", "wrong-Password-1")
    assert locked.status_code == 429
    page = locked.content.decode()
    until = timezone.localtime(timezone.now() + timedelta(minutes=30))
    assert "登录失败次数过多" in page and "锁定 30 分钟" in page
    assert until.strftime("%H:%M") in page or (until - timedelta(minutes=1)).strftime("%H:%M") in page

    sixth = attempt(client, "wangfang", PASSWORD)
    assert sixth.status_code == 429, "the right password does not open a locked account"
    assert not signed_in(client)


def test_the_lock_lasts_thirty_minutes_and_then_the_account_opens(client):
    UserFactory(username="wangfang")
    fail(client, "wangfang", 5)
    earlier(20)
    assert attempt(client, "wangfang", PASSWORD).status_code == 429, "20 minutes on: still locked"
    earlier(11)
    assert attempt(client, "wangfang", PASSWORD).status_code == 302
    assert signed_in(client)


def test_failures_count_only_within_the_window(client):
    UserFactory(username="wangfang")
    fail(client, "wangfang", 4)
    earlier(16)
    assert fail(client, "wangfang", 1).status_code == 200, "the four old failures are out of the 15-minute window"
    assert attempt(client, "wangfang", PASSWORD).status_code == 302


def test_another_account_is_not_locked_by_someone_elses_failures(client):
    UserFactory(username="wangfang")
    UserFactory(username="zhaolei")
    fail(client, "wangfang", 5)
    assert attempt(Client(), "zhaolei", PASSWORD).status_code == 302


def test_a_security_administrator_unlocks_the_account(client):
    UserFactory(username="wangfang")
    fail(client, "wangfang", 5)
    security_admin = UserFactory(username="hemin", groups=[Group.objects.get(name="安全管理员")])
    admin = Client()
    admin.force_login(security_admin)
    screen = admin.get("/admin/security/lockouts/").content.decode()
    assert "wangfang" in screen and "解锁" in screen
    response = admin.post("/admin/security/lockouts/unlock/", {"username": "wangfang"}, follow=True)
    assert "已解锁账号 wangfang" in response.content.decode()
    assert attempt(client, "wangfang", PASSWORD).status_code == 302


def test_an_editor_may_neither_see_nor_lift_lockouts():
    editor = Client()
    editor.force_login(UserFactory(username="editor"))
    assert editor.get("/admin/security/lockouts/").status_code in (302, 403)
    assert editor.post("/admin/security/lockouts/unlock/", {"username": "x"}).status_code in (302, 403)


def test_one_address_guessing_across_accounts_is_throttled(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    UserFactory(username="zhaolei")
    for number in range(6):
        attempt(client, f"guess{number}", "wrong-Password-1", REMOTE_ADDR="203.0.113.9")
    refused = attempt(client, "zhaolei", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert attempt(Client(), "zhaolei", PASSWORD, REMOTE_ADDR="203.0.113.10").status_code == 302


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    UserFactory(username="zhaolei")
    via_proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for number in range(6):
        attempt(Client(), f"guess{number}", "wrong-Password-1", HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy)
    assert AccessFailureLog.objects.filter(ip_address="198.51.100.7").count() == 6
    blocked = attempt(Client(), "zhaolei", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy)
    assert blocked.status_code == 429
    other = attempt(Client(), "zhaolei", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **via_proxy)
    assert other.status_code == 302, "the guesser behind the same proxy does not lock out everyone else"


def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for number in range(6):
        attempt(
            Client(),
            f"guess{number}",
            "wrong-Password-1",
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
