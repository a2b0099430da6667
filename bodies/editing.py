"""Who may change what of a 公开主体: one rule for the admin form, its views and any other path that names a person.

The tree, the 索引号 prefix and the addresses hold the platform together: a body's place in the tree (parent) bounds
who oversees it, its 统一社会信用代码 prefixes every 索引号 it has given out, its slug is its column's address and its
site its own hostname. Only a superuser changes those, or creates and removes bodies. Someone who may change bodies
(bodies.change_disclosingbody) keeps the rest of their own body's record, and of the bodies below it, up to date:
names, logo, contacts, office hours, the 政府信息公开指南.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from bodies import scope
from bodies.models import DisclosingBody

#: Fields only a superuser changes.
PROTECTED_FIELDS = ("parent", "credit_code", "slug", "site")


def _field(name: str) -> models.Field:
    field = DisclosingBody._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


class BodyChangeRefused(PermissionDenied):
    """A change the person may not make; the message says why, in Chinese."""


def protected_changes(body: DisclosingBody) -> list[str]:
    """The protected fields whose value differs from the stored body (all of them for a new body)."""
    stored = DisclosingBody.objects.filter(pk=body.pk).first() if body.pk else None
    if stored is None:
        return list(PROTECTED_FIELDS)
    return [
        name
        for name in PROTECTED_FIELDS
        if getattr(stored, _field(name).attname) != getattr(body, _field(name).attname)
    ]


def refusal(user, body: DisclosingBody) -> str | None:
    """Why `user` may not save `body` as it now stands (in Chinese), or None when they may."""
    if scope.is_unrestricted(user):
        return None
    if not user.has_perm("bodies.change_disclosingbody"):
        return _("您没有修改公开主体信息的权限。")
    if body.pk is None or not DisclosingBody.objects.filter(pk=body.pk).exists():
        return _("只有系统管理员可以新建公开主体。")
    if not scope.may_act_for(user, body.pk):
        return _("您只能修改本主体及其下级主体的信息。")
    changed = protected_changes(body)
    if changed:
        labels = "、".join(str(_field(name).verbose_name) for name in changed)
        return _("%(fields)s只有系统管理员可以修改。") % {"fields": labels}
    return None


def check(user, body: DisclosingBody) -> None:
    """Raise BodyChangeRefused when `user` may not save `body` as it now stands."""
    reason = refusal(user, body)
    if reason is not None:
        raise BodyChangeRefused(reason)


def save(user, body: DisclosingBody) -> DisclosingBody:
    """Save `body` on behalf of `user`, refusing what they may not change."""
    check(user, body)
    body.full_clean()
    body.save()
    return body
