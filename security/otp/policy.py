"""Who must use a second factor, and which device a user has: the one place the middleware and views ask."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.roles import ADMIN_GROUP_NAMES

# The permission that lets a 安全管理员 remove another user's device (a lost phone).
RESET_PERMISSION = "otp_totp.delete_totpdevice"

DEVICE_NAME = "身份验证器"


def confirmed_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator, if any (one per user: enrolling again replaces it)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def must_enrol(user) -> bool:
    """With SECURITY_OTP_REQUIRED="admins", superusers and members of the administrator groups need a device."""
    if settings.SECURITY_OTP_REQUIRED != "admins" or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.groups.filter(name__in=ADMIN_GROUP_NAMES).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled: the same secret on every visit until it is confirmed, so that
    reloading the page does not invalidate what the phone has already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm(device: TOTPDevice) -> None:
    """The device becomes the user's only one: older and abandoned devices are removed."""
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])


def remove_devices(user) -> int:
    """Every authenticator of `user` (a lost phone, or the user's own choice); returns how many."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted


def is_verified(user) -> bool:
    """Whether this session has passed a code (django_otp's OTPMiddleware installs user.is_verified())."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())
