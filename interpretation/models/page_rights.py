"""Page rights kept to the person's 公开主体, and answered without a query per explorer row.

Wagtail grants page rights by group and tree: a group holding 修改/发布 on the library holds them on every body's
column below it. On a county platform that would let a town's releaser edit a county draft by its address. Every
page that belongs to a body (a column and everything in it, an event, a republication) answers Wagtail's
"what may this person do here?" with nothing at all when the body is outside the person's scope (bodies.scope);
shared pages (home, library, indexes) keep Wagtail's answer.

A page's body is read from what is already loaded: its own `disclosing_body_id`, else the column whose path
prefixes its path (the columns are read once per request and kept on the user object, as bodies.scope keeps
the body ids). The explorer builds its rows from plain pages, so no row costs a query.
"""

from __future__ import annotations

from django.db.models import Model
from wagtail.models import PagePermissionTester

from bodies import scope

_COLUMNS = "_admin_body_columns"


def columns_of(user) -> list[tuple[str, int]]:
    cached = getattr(user, _COLUMNS, None)
    if cached is None:
        from interpretation.models.library import BodySectionPage  # lazy: library's pages use this module

        cached = list(BodySectionPage.objects.values_list("path", "disclosing_body_id"))
        try:
            setattr(user, _COLUMNS, cached)
        except AttributeError:  # AnonymousUser and other read-only stand-ins
            pass
    return cached


def body_id_of(page, user) -> int | None:
    """The body a page belongs to (None: a shared page), from loaded fields and the user's cached columns."""
    own = page.__dict__.get("disclosing_body_id")
    if own is not None:
        return own
    for path, body_id in columns_of(user):
        if page.path.startswith(path):
            return body_id
    if _names_its_body(type(page)):
        return page.disclosing_body_id  # an event or a republication listed as a plain page: one small query
    return None


_NAMES_ITS_BODY: dict[type[Model], bool] = {}


def _names_its_body(model: type[Model]) -> bool:
    """Whether the page type has its own body field (found once per type: asked once per explorer row)."""
    if model not in _NAMES_ITS_BODY:
        _NAMES_ITS_BODY[model] = any(f.attname == "disclosing_body_id" for f in model._meta.concrete_fields)
    return _NAMES_ITS_BODY[model]


def in_scope(user, page) -> bool:
    """Whether the page is shared or belongs to a body the person may act for."""
    ids = scope.body_ids(user)
    if ids is None:
        return True
    body_id = body_id_of(page, user)
    return body_id is None or body_id in ids


class ScopedPermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        if hasattr(self, "permissions") and not in_scope(user, page):
            self.permissions = set()  # another body's page: no right Wagtail's groups would give here

    def can_delete(self, ignore_bulk=False):
        # Wagtail asks, for an editor without publish rights, "is any page in this subtree live?": a query per
        # question, two per explorer row. A leaf's subtree is itself, and the answer is its own `live` flag.
        rights = getattr(self, "permissions", set())
        if (
            self.page.numchild == 0
            and not self.page_is_root
            and self.user.is_active
            and not self.user.is_superuser
            and "change" in rights
            and "publish" not in rights
        ):
            return not self.page.live
        return super().can_delete(ignore_bulk=ignore_bulk)


class BodyScopedPagePermissions:
    """Mixed into every page type that belongs to a body: its rights are the person's only within their scope."""

    def permissions_for_user(self, user):
        # Wagtail asks each explorer row a dozen times (one tester per button): the page instance keeps its tester
        # for the person (the rights it computes from are cached per request on the user as well).
        testers = self.__dict__.setdefault("_scoped_testers", {})
        key = (id(user), getattr(user, "pk", None))
        if key not in testers:
            testers[key] = ScopedPermissionTester(user, self)
        return testers[key]
