"""Who may manage whom: a body administrator (公开主体管理员) manages the people of the bodies in their scope.

Groups come in two kinds. A department's editors and leaders (起草人/负责人) belong to that department's body; the
layers above say which through the `register_body_groups` hook (each function returns (group id, body id) pairs),
since this app may not import them. The role groups (政务公开办, 公开主体管理员, 渠道发布) belong to no body and serve
every body, because a person's body comes from their membership. A body administrator may hand out the groups of
the bodies in their scope and the role groups, except groups with rights over the whole site (on the root page or
home page, or on the root collection); only a superuser makes superusers. Every path that changes a person (the
user forms, the bulk actions) asks `refusals()`.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail import hooks

from bodies import scope
from bodies.models import BodyMembership, DisclosingBody

GROUP_OWNERS_HOOK = "register_body_groups"


def group_owners() -> dict[int, set[int]]:
    """Group id -> the bodies it belongs to (a group shared by departments of two bodies belongs to both)."""
    owners: dict[int, set[int]] = {}
    for hook in hooks.get_hooks(GROUP_OWNERS_HOOK):
        for group_id, body_id in hook():
            owners.setdefault(group_id, set()).add(body_id)
    return owners


def site_wide_group_ids() -> set[int]:
    """Groups with rights over the whole site: page rights at the root or a home page, or on the root collection."""
    by_pages = Group.objects.filter(page_permissions__page__depth__lte=2).values_list("pk", flat=True)
    by_collections = Group.objects.filter(collection_permissions__collection__depth=1).values_list("pk", flat=True)
    return set(by_pages) | set(by_collections)


def assignable_groups(actor) -> QuerySet[Group]:
    """The groups `actor` may give or take away."""
    ids = scope.body_ids(actor)
    if ids is None:
        return Group.objects.all()
    foreign = {group for group, bodies in group_owners().items() if not bodies <= ids}
    return Group.objects.exclude(pk__in=foreign | site_wide_group_ids()).order_by("name")


def user_body(user) -> DisclosingBody | None:
    membership = BodyMembership.objects.select_related("body").filter(user=user).first()
    return membership.body if membership else None


def may_manage(actor, user) -> bool:
    """Whether `actor` may see and change this person at all: a superuser, or someone of a body in scope."""
    if scope.is_unrestricted(actor):
        return True
    if user.is_superuser:
        return False
    body = user_body(user)
    return body is not None and scope.may_act_for(actor, body)


def refusals(actor, user, *, body=None, groups=None, is_superuser=False) -> list[str]:
    """Why `actor` may not save `user` (new or existing) with this body, these groups and this superuser flag.

    `groups` are the groups the person is to have after the change (None: unchanged); groups the actor may not
    assign are refused only when they are added, not when the person already had them.
    """
    if scope.is_unrestricted(actor):
        return []
    found = []
    if user.pk is not None and not may_manage(actor, user):
        found.append(_("您只能管理本主体及下级主体的用户。"))
    if is_superuser and not (user.pk is not None and user.is_superuser):
        found.append(_("只有系统管理员可以授予管理员权限。"))
    if body is None or not scope.may_act_for(actor, body):
        found.append(_("请选择本主体或下级主体作为所属公开主体。"))
    if groups is not None:
        had = set(user.groups.values_list("pk", flat=True)) if user.pk is not None else set()
        allowed = set(assignable_groups(actor).values_list("pk", flat=True))
        added = [group for group in groups if group.pk not in had and group.pk not in allowed]
        if added:
            names = "、".join(sorted(group.name for group in added))
            found.append(_("您无权分配以下用户组:%(names)s。") % {"names": names})
    return found


@transaction.atomic
def set_body(user, body: DisclosingBody | None) -> None:
    """Make `user` work for `body` (None: for no body, which leaves them seeing nothing of any body)."""
    if body is None:
        BodyMembership.objects.filter(user=user).delete()
    else:
        BodyMembership.objects.update_or_create(user=user, defaults={"body": body})
    if hasattr(user, scope._CACHE):
        delattr(user, scope._CACHE)
