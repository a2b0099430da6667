"""Which pages a user may see in the admin: one rule for the choosers, the explorer, the search and the dashboard.

A platform hosts many 公开主体: a person sees only the pages of the bodies in their scope (bodies.scope: their own
body and those below it), namely the pages in those bodies' columns (公开主体栏目) and the events and republications
that belong to them, plus the shared pages above them (home, library, events and republication indexes) so that
they can navigate. Within that scope, a department drafts in confidence: until a policy is released as 主动公开,
its title is known only to the people who work on it. So a user sees, within their scope:

- the pages Wagtail lets them explore (their page permissions, plus the ancestors needed to reach them);
- publicly visible pages: live, not view-restricted, and no policy outside public_policies() (live and
  主动公开) nor a material of one;
- the pages waiting on a workflow task they may act on (the openness office reviewing a 依申请公开 draft).

The rule is an unevaluated subquery on the page id, the one filter Wagtail's search backends accept on any
page queryset: a chooser search, a listing or a count stays one query, whatever the number of pages. Building
it costs a few small queries per request (memberships, columns, permissions, view restrictions, tasks in progress).
Wagtail's own explorer, page search, flat listings and page history ask the registered page permission policy for
the explorable pages: ScopedPagePermissionPolicy keeps those to the scope too.
"""

from functools import cache, reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.db.models import CharField, IntegerField, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.models import Page, Task, TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from bodies import scope
from bodies.models import DisclosingBody
from interpretation.models import page_rights
from interpretation.models.library import BodySectionPage, PolicyLibraryPage
from interpretation.models.policy import PolicyDocumentPage
from interpretation.visibility import publicly_visible_q

_REQUEST_CACHE = "_interpretation_visible_page_ids"
_SCOPE_Q_CACHE = "_interpretation_body_scope_q"
_NOTHING = Q(pk__in=[])


# -- the body scope of pages -------------------------------------------------------------------------------


@cache
def bodied_page_models() -> tuple[type[Page], ...]:
    """Page types that name their body themselves outside the library's columns (events, republications)."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, Page) or model in (BodySectionPage, PolicyDocumentPage):
            continue
        if any(field.name == "disclosing_body" for field in model._meta.concrete_fields):
            found.append(model)
    return tuple(found)  # asked on every admin request; the models do not change while the process runs


def body_scope_q(user) -> Q | None:
    """A Q on Page: pages of the bodies in the user's scope, and the shared pages of no body. None: every page.

    A few small queries (membership and body tree, the columns' paths, the libraries), once per user object (a
    request's); the result names the columns by path prefix, so it filters a listing of 50,000 policies with no
    join.
    """
    ids = scope.body_ids(user)
    if ids is None:
        return None
    cached = getattr(user, _SCOPE_Q_CACHE, None)
    if cached is not None:  # one request asks several times (explorable pages, the rule, the parent's check)
        return cached
    in_columns = [Q(path__startswith=path) for path, body_id in page_rights.columns_of(user) if body_id in ids]
    # Columns are the library's only children, so "in some column" is "below a library": one condition, not one
    # per body (forty NOT LIKEs made PostgreSQL scan every page of a county platform).
    libraries = PolicyLibraryPage.objects.values_list("path", "depth")
    any_column = reduce(or_, (Q(path__startswith=path, depth__gt=depth) for path, depth in libraries), _NOTHING)
    models = bodied_page_models()
    bodied_types = [ContentType.objects.get_for_model(model).pk for model in models]
    own_bodied = [Q(pk__in=model.objects.filter(disclosing_body_id__in=ids).values("pk")) for model in models]
    shared = ~any_column & ~Q(content_type_id__in=bodied_types)
    found = reduce(or_, [*in_columns, *own_bodied], _NOTHING) | shared
    try:
        setattr(user, _SCOPE_Q_CACHE, found)
    except AttributeError:  # AnonymousUser and other read-only stand-ins
        pass
    return found


def in_body_scope(pages: QuerySet, user) -> QuerySet:
    """`pages` narrowed to the bodies in the user's scope (and the shared pages)."""
    q = body_scope_q(user)
    return pages if q is None else pages.filter(q)


def body_id_of(page) -> int | None:
    """The body a page belongs to: its own field (policy, event, republication), else its column's."""
    specific = page.specific_deferred if isinstance(page, Page) else page
    own = getattr(specific, "disclosing_body_id", None)
    if own is not None:
        return own
    return (
        BodySectionPage.objects.ancestor_of(page, inclusive=True).values_list("disclosing_body_id", flat=True).first()
    )


class ScopedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy kept to the user's bodies, whatever the page permissions a group holds higher up the
    tree: the pages they may explore (the explorer, the page search, the flat listings, the page history), the
    pages they hold a right on (reports, workflow listings), their rights on one page (page_rights does the same
    for the per-page tester) and the people told about a page (a town's draft is never mailed to another town)."""

    def explorable_instances(self, user):
        return in_body_scope(super().explorable_instances(user), user)

    def instances_user_has_any_permission_for(self, user, actions):
        return in_body_scope(super().instances_user_has_any_permission_for(user, actions), user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return page_rights.in_scope(user, instance) and super().user_has_any_permission_for_instance(
            user, actions, instance
        )

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        users = super().users_with_any_permission_for_instance(actions, instance, include_superusers)
        body_id = body_id_of(instance)
        if body_id is None:
            return users
        body = DisclosingBody.objects.filter(pk=body_id).first()
        over = [body_id, *(b.pk for b in body.ancestors())] if body else [body_id]
        return users.filter(Q(is_superuser=True) | Q(body_membership__body_id__in=over))


register_permission_policy(Page, ScopedPagePermissionPolicy())


# -- the visibility rule -----------------------------------------------------------------------------------


def pages_under_review_by(user) -> QuerySet:
    """Pages on which a workflow task the user may act on is in progress: one query per active task type."""
    page_type = ContentType.objects.get_for_model(Page)
    in_progress = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
    states = TaskState.objects.none()
    for task in Task.objects.filter(active=True, pk__in=in_progress.values("task_id")).specific():
        states |= task.get_task_states_user_can_moderate(user)
    ids = (
        states.filter(status=TaskState.STATUS_IN_PROGRESS, workflow_state__base_content_type=page_type)
        .annotate(page_id=Cast("workflow_state__object_id", IntegerField()))
        .values("page_id")
    )
    return in_body_scope(Page.objects.filter(pk__in=ids), user)


def as_object_ids(pages: QuerySet) -> QuerySet:
    """Page ids as a workflow state's or revision's object_id (text), for a subquery."""
    return pages.annotate(object_id_text=Cast("pk", CharField())).values("object_id_text")


def visible_page_ids(user) -> QuerySet:
    """Ids of every page the user may see in the admin (a subquery; superusers: every page)."""
    if user.is_active and user.is_superuser:
        return Page.objects.values("pk")
    explorable = PagePermissionPolicy().explorable_instances(user)
    visible = Page.objects.filter(
        Q(pk__in=explorable.values("pk")) | publicly_visible_q() | Q(pk__in=pages_under_review_by(user).values("pk"))
    )
    return in_body_scope(visible, user).values("pk")


def restrict(pages, user):
    """`pages` narrowed to those the user may see; superusers' querysets are returned unchanged."""
    if user.is_active and user.is_superuser:
        return pages
    return pages.filter(pk__in=visible_page_ids(user))


def restrict_for_request(pages, request):
    """restrict() for the hooks, building the rule once per request (several hooks may run in one)."""
    user = request.user
    if user.is_active and user.is_superuser:
        return pages
    ids = getattr(request, _REQUEST_CACHE, None)
    if ids is None:
        ids = visible_page_ids(user)
        setattr(request, _REQUEST_CACHE, ids)
    return pages.filter(pk__in=ids)


@checks.register(checks.Tags.security)
def check_admin_search_is_scoped(app_configs, **kwargs):
    """Wagtail's page search and flat listings keep to explorable pages only while this setting is on."""
    if getattr(settings, "WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS", True):
        return []
    return [
        checks.Error(
            "WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS = False would show every department's drafts "
            "in the admin page search.",
            hint="Remove the setting: interpretation.admin_scope relies on Wagtail's default (True).",
            id="interpretation.E001",
        )
    ]
