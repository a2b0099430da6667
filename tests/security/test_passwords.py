"""Password rules (等保 2.0): 8 characters of three classes, no username inside, none of the last five again,
a forced change at first login and after 90 days, and the change ends every session of the account."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from security import passwords
from security.models import AuditRecord, PasswordState
from tests.factories.site import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGE = "/admin/security/password/"
PASSWORD = "Demo-2026!"


def refused(password, user=None) -> str:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return " ".join(caught.value.messages)


@pytest.mark.parametrize("weak", ["liyang2026", "zhangsan88", "abcdefgh", "12345678"])
def test_the_passwords_from_the_assessment_are_refused(weak):
    assert "3 类" in refused(weak) or "太常见" in refused(weak) or "全都是数字" in refused(weak)


def test_short_passwords_and_passwords_with_the_username_are_refused():
    user = UserFactory(username="wangfang")
    assert "至少须包含 8 个字符" in refused("Ab1!xyz", user)
    assert "不能包含用户名" in refused("WangFang#2026", user)


def test_three_classes_of_eight_characters_are_enough():
    validate_password("Qiao#lin7", UserFactory(username="zhaolei"))


def change(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


@pytest.fixture
def editor():
    return UserFactory(username="zhaolei", groups=[GroupFactory()])


def test_none_of_the_last_five_passwords_may_be_chosen_again(editor):
    client = Client()
    current = PASSWORD
    chosen = [f"Spring-{n}-Rain" for n in range(5)]
    for new in chosen:
        login(client, "zhaolei", current)
        assert change(client, current, new).status_code == 302
        current = new
    login(client, "zhaolei", current)
    response = change(client, current, chosen[1])
    assert response.status_code == 200
    assert "不能使用最近 5 次用过的密码" in response.content.decode()
    response = change(client, current, current)
    assert "新密码不能与当前密码相同" in response.content.decode()
    assert change(client, current, PASSWORD).status_code == 302, "the sixth one back is allowed again"


def test_an_account_an_administrator_creates_must_change_its_password_at_first_login():
    admin = UserFactory(username="liuyang", superuser=True)
    client = Client()
    client.force_login(admin)
    created = client.post(
        "/admin/users/new/",
        {
            "username": "newcomer",
            "email": "newcomer@example.gov.cn",
            "first_name": "新",
            "last_name": "同事",
            "password1": "Initial-2026",
            "password2": "Initial-2026",
            "is_active": "on",
            "groups": [GroupFactory().pk],
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    newcomer = Client()
    login(newcomer, "newcomer", "Initial-2026")
    first = newcomer.get("/admin/", follow=True)
    assert first.redirect_chain[-1][0] == CHANGE
    assert "初始密码" in first.content.decode()
    assert newcomer.get("/admin/pages/").url == CHANGE, "nothing else opens before the change"
    assert change(newcomer, "Initial-2026", "Mine-Only-77").url == "/admin/login/"
    login(newcomer, "newcomer", "Mine-Only-77")
    assert newcomer.get("/admin/").status_code == 200


def test_the_change_screen_gets_its_icons_not_a_copy_of_itself():
    """The admin fetches its icon sprite by script and inserts it into the page: redirected to the change screen,
    it put a second change form into the page (and a click could land on the empty copy)."""
    client = Client()
    client.force_login(UserFactory(username="newcomer", groups=[GroupFactory()], password_chosen=False))
    sprite = client.get("/admin/sprite/")
    assert sprite.status_code == 200 and b"<svg" in sprite.content and b"<form" not in sprite.content


def test_a_rehash_at_login_is_not_a_new_password(editor, settings):
    """Django re-hashes a password under a newer hasher when its owner signs in: that must not force a change."""
    settings.PASSWORD_HASHERS = [*settings.PASSWORD_HASHERS, "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    editor.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    editor.save()
    passwords.mark_changed_by_owner(editor)
    client = Client()
    login(client, "zhaolei", PASSWORD)
    assert get_user_model().objects.get(pk=editor.pk).password.startswith("md5$"), "the hash was upgraded"
    assert not PasswordState.objects.get(user=editor).must_change
    assert client.get("/admin/").status_code == 200


def test_an_administrators_reset_forces_a_change_again_and_is_audited(editor):
    editor.set_password("Reset-By-Admin-1")
    editor.save()
    assert PasswordState.objects.get(user=editor).must_change
    assert AuditRecord.objects.filter(action="auth.password_reset", object_id=str(editor.pk)).exists()


def test_the_owners_change_is_audited_with_the_address(editor):
    client = Client(REMOTE_ADDR="198.51.100.20")
    login(client, "zhaolei", PASSWORD)
    change(client, PASSWORD, "Winter-Snow-3")
    entry = AuditRecord.objects.get(action="auth.password_change")
    assert (entry.actor_username, entry.address) == ("zhaolei", "198.51.100.20")


def test_a_password_older_than_ninety_days_must_be_changed(editor):
    PasswordState.objects.filter(user=editor).update(changed_at=timezone.now() - timedelta(days=91))
    client = Client()
    login(client, "zhaolei", PASSWORD)
    page = client.get("/admin/", follow=True)
    assert page.redirect_chain[-1][0] == CHANGE
    assert "已使用超过 90 天" in page.content.decode()


def test_a_password_of_eighty_nine_days_still_works(editor):
    PasswordState.objects.filter(user=editor).update(changed_at=timezone.now() - timedelta(days=89))
    client = Client()
    login(client, "zhaolei", PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_a_change_ends_every_session_of_the_account(editor):
    office, home = Client(), Client()
    login(office, "zhaolei", PASSWORD)
    login(home, "zhaolei", PASSWORD)
    assert home.get("/admin/").status_code == 200
    assert change(office, PASSWORD, "Autumn-Leaf-9").url == "/admin/login/"
    assert "_auth_user_id" not in office.session
    assert home.get("/admin/").status_code == 302, "the other browser is signed out too"
    assert login(home, "zhaolei", PASSWORD).status_code == 200, "the old password no longer works"


def test_the_wrong_current_password_changes_nothing(editor):
    client = Client()
    login(client, "zhaolei", PASSWORD)
    response = change(client, "not-my-Password-1", "Autumn-Leaf-9")
    assert response.status_code == 200 and "旧密码不正确" in response.content.decode()
    assert get_user_model().objects.get(username="zhaolei").check_password(PASSWORD)
