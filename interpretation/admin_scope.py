"""Which pages a user may see in the admin: one rule for the choosers, the explorer and the dashboard.

A department drafts in confidence: until a policy is released as 主动公开, its title is known only to the
people who work on it. So a user sees, besides what a superuser sees (everything):

- the pages Wagtail lets them explore (their page permissions, plus the ancestors needed to reach them);
- publicly visible pages: live, not view-restricted, and no policy outside public_policies() (live and
  主动公开) nor a material of one;
- the pages waiting on a workflow task they may act on (the openness office reviewing a 依申请公开 draft).

The rule is an unevaluated subquery on the page id, the one filter Wagtail's search backends accept on any
page queryset: a chooser search, a listing or a count stays one query, whatever the number of pages. Building
it costs a few small queries per request (permissions, view restrictions, tasks in progress).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.db.models import IntegerField, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.models import Page, Task, TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy

from interpretation.visibility import publicly_visible_pages

_REQUEST_CACHE = "_interpretation_visible_page_ids"


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
    return Page.objects.filter(pk__in=ids)


def visible_page_ids(user) -> QuerySet:
    """Ids of every page the user may see in the admin (a subquery; superusers: every page)."""
    if user.is_active and user.is_superuser:
        return Page.objects.values("pk")
    explorable = PagePermissionPolicy().explorable_instances(user)
    return Page.objects.filter(
        Q(pk__in=explorable.values("pk"))
        | Q(pk__in=publicly_visible_pages().values("pk"))
        | Q(pk__in=pages_under_review_by(user).values("pk"))
    ).values("pk")


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
