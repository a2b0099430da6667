"""Password rules (等保 2.0): length, three of four character classes, no username inside, none of the last
PASSWORD_HISTORY reused, a forced change after PASSWORD_MAX_AGE_DAYS and at first login.

The validators run wherever Django validates a password (Wagtail's user forms, our change form, createsuperuser,
changepassword). The account's state is kept by a receiver on every save of a user whose password hash changed, so
an administrator's reset, the demo loader or a script all leave the owner to choose their own at the next login.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.foundation import acting

from .models import PasswordHistory, PasswordState

CLASSES = (
    ("lower", str.islower),
    ("upper", str.isupper),
    ("digit", str.isdigit),
    ("other", lambda character: not character.isalnum()),
)


def character_classes(password: str) -> int:
    return sum(1 for _name, test in CLASSES if any(test(character) for character in password))


class CharacterClassesValidator:
    """At least `required` of: lower-case letters, capitals, digits, other characters."""

    def __init__(self, required: int = 3):
        self.required = required

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.required:
            raise ValidationError(
                _("密码须至少包含小写字母、大写字母、数字、其他符号中的 %(required)s 类。")
                % {"required": self.required},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("至少包含小写字母、大写字母、数字、其他符号中的 %(required)s 类。") % {"required": self.required}


class UsernameNotContainedValidator:
    def validate(self, password: str, user=None) -> None:
        username = (user.get_username() if user is not None else "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError(_("密码不能包含用户名。"), code="password_contains_username")

    def get_help_text(self) -> str:
        return _("不能包含用户名。")


class HistoryValidator:
    """None of the account's last `count` passwords (the current one included)."""

    def __init__(self, count: int | None = None):
        self.count = count if count is not None else settings.PASSWORD_HISTORY

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        if user.has_usable_password() and check_password(password, user.password):
            raise ValidationError(_("新密码不能与当前密码相同。"), code="password_reused")
        for stored in PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.count]:
            if check_password(password, stored):
                raise ValidationError(
                    _("不能使用最近 %(count)s 次用过的密码。") % {"count": self.count}, code="password_reused"
                )

    def get_help_text(self) -> str:
        return _("不能与最近 %(count)s 次用过的密码相同。") % {"count": self.count}


# --- the account's state -----------------------------------------------------------------------------------------


def state(user) -> PasswordState:
    found = PasswordState.objects.filter(user=user).first()
    if found is None:  # an account from before these rules: its password was never checked against them
        found, _created = PasswordState.objects.get_or_create(
            user=user, defaults={"changed_at": timezone.now(), "must_change": True}
        )
    return found


def expires_at(user):
    return state(user).changed_at + timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def change_reason(user) -> str | None:
    """Why this account must choose a new password before anything else, in Chinese; None when it need not."""
    if not user.has_usable_password():
        return None  # signs in some other way (or not at all)
    current = state(user)
    if current.must_change:
        return _("这是管理员为您设置的初始密码或重置后的密码，请先修改为只有您自己知道的密码。")
    if settings.PASSWORD_MAX_AGE_DAYS and timezone.now() >= expires_at(user):
        return _("您的密码已使用超过 %(days)s 天，按安全策略须修改后才能继续使用。") % {
            "days": settings.PASSWORD_MAX_AGE_DAYS
        }
    return None


def mark_changed_by_owner(user) -> None:
    """The owner chose this password (also used by tests to stand for an owner who already has)."""
    PasswordState.objects.update_or_create(user=user, defaults={"changed_at": timezone.now(), "must_change": False})


User = get_user_model()


@receiver(pre_save, sender=User, dispatch_uid="security.passwords.before")
def _note_password_change(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    if instance.pk is None:
        instance._security_password_set = True
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "password" not in update_fields:  # e.g. last_login at every login
        instance._security_password_set = False
        return
    if update_fields is not None and set(update_fields) == {"password"} and instance._password is None:
        # check_password's re-hash under a newer hasher at login: the same password, not a new one
        instance._security_password_set = False
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._security_password_set = stored != instance.password


@receiver(post_save, sender=User, dispatch_uid="security.passwords.after")
def _record_password_change(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw or not getattr(instance, "_security_password_set", False):
        return
    instance._security_password_set = False
    if not instance.has_usable_password():
        return
    acting_user = acting.request_user()
    by_owner = acting_user is not None and acting_user.pk == instance.pk
    PasswordState.objects.update_or_create(
        user=instance, defaults={"changed_at": timezone.now(), "must_change": not by_owner}
    )
    if not by_owner and not created:  # a new account's first password is part of its creation, recorded as such
        from security import audit

        audit.record("auth.password_reset", actor=acting_user, target=instance)
    PasswordHistory.objects.create(user=instance, password=instance.password)
    stale = PasswordHistory.objects.filter(user=instance).values_list("pk", flat=True)[settings.PASSWORD_HISTORY :]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()
