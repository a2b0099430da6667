"""Second factor for administrators (issue 15, 等保 2.0): enrolment with a phone authenticator, the code screen after
the password, the setting that makes it compulsory for administrators, and removal by the user or a 安全管理员.

Codes are computed from the device's secret as the phone would (RFC 6238), never patched."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.site import PASSWORD, BodyFactory, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

VERIFY = "/admin/otp/verify/"
ENROL = "/admin/otp/"


def staff(username: str):
    """A user of the admin (every factory group grants admin access) in an ordinary editors' group."""
    return UserFactory(username=username, groups=[GroupFactory(name="编辑")])


def code(device: TOTPDevice) -> str:
    """The code the phone shows now; or, if this step's code was already used, the next step's (a phone shows it
    a few seconds later, and the server accepts one step of drift)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time = device.t0 + (device.last_t + 1) * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    right = code(device)
    return "000000" if right != "000000" else "111111"


def wait_out_throttle(device: TOTPDevice) -> None:
    """What a minute's wait does: the last failure lies far enough back for the next code to be checked."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - timedelta(minutes=1)
    )


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)


def log_in_with_password(client, user):
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password is right"
    return response


def log_in_fully(client, user, device):
    client.force_login(user)
    response = client.post(VERIFY, {"token": code(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_an_editor_enrols_by_scanning_the_qr_code_and_confirming_a_code(client):
    editor = staff("wang_editor")
    client.force_login(editor)

    page = client.get("/admin/account/")
    assert ENROL in page.content.decode() and "两步验证" in page.content.decode(), "reachable from the account page"

    response = client.get(ENROL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<rect" in html, "the QR code is drawn inline"
    assert "data:" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    manual_key = re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")
    assert b32decode(manual_key + "=" * (-len(manual_key) % 8)) == device.bin_key, "the secret for typing by hand"
    assert client.get(ENROL).content.decode().count(re.search(r"<code>(.*?)</code>", html).group(1)) == 1, (
        "reloading shows the same secret: what the phone scanned stays valid"
    )

    refused = client.post(ENROL, {"token": wrong_code(device)})
    assert "验证码不正确" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    wait_out_throttle(device)
    confirmed = client.post(ENROL, {"token": code(device)}, follow=True)
    assert "两步验证已启用" in confirmed.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200, "the session that enrolled counts as verified"


def test_after_the_password_a_user_with_a_device_must_enter_a_code(client):
    editor = staff("li_editor")
    device = confirmed_device(editor)

    log_in_with_password(client, editor)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 302 and dashboard["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/admin/pages/")["Location"].startswith(VERIFY), "no admin screen answers before the code"
    assert client.get(ENROL)["Location"].startswith(VERIFY), "nor can a second device be enrolled"

    screen = client.get(VERIFY + "?next=/admin/")
    assert screen.status_code == 200 and "6 位验证码" in screen.content.decode()
    sprite = client.get("/admin/sprite/")  # fetched by script into the page: a redirect would insert a page copy
    assert sprite.status_code == 200 and b"<form" not in sprite.content

    refused = client.post(VERIFY, {"token": wrong_code(device), "next": "/admin/"})
    assert refused.status_code == 200
    assert "验证码不正确或已过期" in refused.content.decode()
    assert client.get("/admin/").status_code == 302

    wait_out_throttle(device)
    accepted = client.post(VERIFY, {"token": code(device), "next": "/admin/"})
    assert accepted.status_code == 302 and accepted["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_codes_tried_in_quick_succession_are_refused_with_a_wait_in_chinese(client):
    editor = staff("zhao_editor")
    device = confirmed_device(editor)
    client.force_login(editor)
    client.post(VERIFY, {"token": wrong_code(device)})
    too_soon = client.post(VERIFY, {"token": code(device)})
    assert re.search(r"验证码错误次数过多，请 \d+ 秒后再试", too_soon.content.decode())
    assert client.get("/admin/").status_code == 302, "even the right code is not checked while throttled"


def test_wrong_codes_count_toward_the_account_lockout(client, settings):
    editor = staff("sun_editor")
    device = confirmed_device(editor)
    log_in_with_password(client, editor)
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        wait_out_throttle(device)
        response = client.post(VERIFY, {"token": wrong_code(device)}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/login/"
    assert "验证码错误次数过多，账号已锁定" in response.content.decode()
    assert client.get("/admin/")["Location"].startswith("/admin/login/"), "the half-finished login has ended"
    client.raise_request_exception = False  # security.lockout answers a locked account (429)
    client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert client.get("/admin/")["Location"].startswith("/admin/login/"), "the right password no longer opens it"


def test_required_for_administrators_sends_a_superuser_without_device_to_enrolment(client, settings):
    settings.SECURITY_OTP_REQUIRED = "admins"
    admin = UserFactory(username="root_admin", superuser=True)
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == f"{ENROL}?next=%2Fadmin%2F"
    assert client.get("/admin/users/")["Location"].startswith(ENROL)
    page = client.get(f"{ENROL}?next=/admin/")
    assert "管理员必须启用两步验证" in page.content.decode()

    device = TOTPDevice.objects.get(user=admin)
    enrolled = client.post(ENROL, {"token": code(device), "next": "/admin/"})
    assert enrolled["Location"] == "/admin/"
    assert client.get("/admin/users/").status_code == 200


def test_required_for_administrators_covers_the_security_admin_group_but_not_an_editor(client, settings):
    settings.SECURITY_OTP_REQUIRED = "admins"
    security_admin = UserFactory(username="aq_admin", groups=[GroupFactory(name="安全管理员")])
    client.force_login(security_admin)
    assert client.get("/admin/")["Location"].startswith(ENROL)

    client.force_login(staff("zhou_editor"))
    assert client.get("/admin/").status_code == 200


def test_optional_by_default_even_for_a_superuser(client):
    client.force_login(UserFactory(username="plain_admin", superuser=True))
    assert client.get("/admin/").status_code == 200


def test_a_user_removes_their_own_device_only_with_a_current_code(client):
    editor = staff("qian_editor")
    device = confirmed_device(editor)
    log_in_fully(client, editor, device)
    page = client.get(ENROL)
    assert "两步验证已启用" in page.content.decode()

    refused = client.post("/admin/otp/remove/", {"token": wrong_code(device)})
    assert "验证码不正确" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=editor).exists()

    wait_out_throttle(device)
    removed = client.post("/admin/otp/remove/", {"token": code(device)}, follow=True)
    assert "两步验证已关闭" in removed.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()

    client.logout()
    log_in_with_password(client, editor)
    assert client.get("/admin/").status_code == 200, "the password alone is enough again"


def test_a_security_admin_resets_the_device_of_a_user_who_lost_their_phone(client):
    BodyFactory(slug="liyang")  # both work for 历阳镇: the user listing shows a body's own people
    security_admins = GroupFactory(name="安全管理员", permissions=["otp_totp.delete_totpdevice", "auth.change_user"])
    security_admin = UserFactory(username="aq_reset", groups=[security_admins])
    editor = staff("wu_editor")
    confirmed_device(editor)

    client.force_login(security_admin)
    listing = client.get("/admin/users/")
    reset_url = f"/admin/otp/reset/{editor.pk}/"
    assert reset_url in listing.content.decode() and "重置两步验证" in listing.content.decode()
    confirm = client.get(reset_url)
    assert confirm.status_code == 200 and "wu_editor" in confirm.content.decode()
    done = client.post(reset_url, follow=True)
    assert "已重置用户“wu_editor”的两步验证" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_a_user_without_the_permission_cannot_reset_anothers_device(client):
    victim = staff("zheng_editor")
    confirmed_device(victim)
    client.force_login(staff("feng_editor"))
    assert client.post(f"/admin/otp/reset/{victim.pk}/").status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=victim).exists()


def test_the_reset_permission_can_be_granted_in_the_group_editor_in_chinese(client):
    client.force_login(UserFactory(username="xt_admin", superuser=True))
    html = client.get(reverse("wagtailusers_groups:add")).content.decode()
    assert "两步验证身份验证器" in html and "TOTP" not in html
