"""Which bodies a person may see and act for: one rule for every admin screen, chooser and count.

A person belongs to one body (`BodyMembership`) and sees that body and every body below it; a superuser sees all.
A person with no membership sees nothing of any body, so a forgotten assignment fails closed. Every screen narrows
its rows with `restrict(queryset, user)` on the row's body field; the result is an unevaluated queryset, so a
listing or a count stays one query.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bodies.models import BodyMembership, DisclosingBody

_CACHE = "_bodies_in_scope"


def is_unrestricted(user) -> bool:
    return bool(user.is_active and user.is_superuser)


def body_of(user) -> DisclosingBody | None:
    """The body the person works for (None for superusers without one and for strangers)."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = BodyMembership.objects.select_related("body").filter(user=user).first()
    return membership.body if membership else None


def acting_body(user=None) -> DisclosingBody | None:
    """The body a new record belongs to when nothing else says: the acting person's, else the platform's."""
    from cms.foundation.acting import request_user  # the ground floor: no cycle

    person = user or request_user()
    found = body_of(person) if person else None
    return found or DisclosingBody.platform()


def body_ids(user) -> frozenset[int] | None:
    """Ids of the bodies in the person's scope; None means every body (a superuser). Cached on the user object."""
    if is_unrestricted(user):
        return None
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    body = body_of(user)
    ids = frozenset(body.descendant_ids()) if body else frozenset()
    try:
        setattr(user, _CACHE, ids)
    except AttributeError:  # AnonymousUser and other read-only stand-ins
        pass
    return ids


def bodies(user) -> QuerySet[DisclosingBody]:
    ids = body_ids(user)
    return DisclosingBody.objects.all() if ids is None else DisclosingBody.objects.filter(pk__in=ids)


def restrict(queryset: QuerySet, user, field: str = "disclosing_body") -> QuerySet:
    """`queryset` narrowed to rows whose `field` is a body in the person's scope."""
    ids = body_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def may_act_for(user, body: DisclosingBody | int | None) -> bool:
    ids = body_ids(user)
    if ids is None:
        return True
    pk = body.pk if isinstance(body, DisclosingBody) else body
    return pk is not None and pk in ids


def in_scope_q(user, field: str = "disclosing_body") -> Q:
    """The same rule as a Q object, for querysets built from several parts."""
    ids = body_ids(user)
    return Q() if ids is None else Q(**{f"{field}__in": ids})
