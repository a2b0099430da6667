"""Applies interpretation.admin_scope wherever Wagtail lists pages for a user who is not a superuser.

Wagtail's explorer, its page search (/admin/pages/search/) and the flat page listings (PageListingViewSet)
already keep to the pages a user may explore, as long as WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS is
not turned off (a system check in admin_scope guards it); admin_scope registers the page permission policy that
keeps "explorable" to the user's 公开主体. The page choosers list every page and the dashboard counts every page
under the user's explorable root: those are narrowed here, by the whole rule (bodies, drafts, reviews).
"""

from django.http import Http404
from wagtail import hooks
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.models import Page

from bodies import scope
from interpretation import admin_scope
from interpretation.models import page_rights


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    """Page choosers, including the rich-text link chooser and its search."""
    return admin_scope.restrict_for_request(pages, request)


def _whole_subtree_visible(parent_page, user) -> bool:
    """Every page below `parent_page` is the user's to see: they hold a page right on it or above it (so Wagtail
    lets them explore all of it), and it lies in a body of their scope (a column's pages are all its body's; the
    tester grants nothing outside the scope). An editor in their own section needs no visibility rule at all."""
    tester = parent_page.permissions_for_user(user)
    return bool(getattr(tester, "permissions", None)) and page_rights.body_id_of(parent_page, user) is not None


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    """The explorer of a page the user may not see answers 404: its header would show the page's title."""
    if request.user.is_superuser or _whole_subtree_visible(parent_page, request.user):
        return pages
    if not admin_scope.restrict_for_request(Page.objects.filter(pk=parent_page.pk), request).exists():
        raise Http404("没有这个页面")
    return admin_scope.restrict_for_request(pages, request)


def _people_in_scope(choices):
    """A page filter's user choices (所有者, 编辑者) kept to the people of the requesting user's bodies: on a county
    platform the explorer would otherwise list, and render, every town's staff by name."""

    def people(request):
        users = choices(request)
        if request is None or scope.body_ids(request.user) is None:
            return users
        return scope.restrict(users, request.user, "body_membership__body")

    people.scoped = True
    return people


# Wagtail's page filter set declares these filters once; its subclasses (the explorer's, the flat listings') share
# the same filter objects, so their choices are narrowed here, once, when the admin's hooks are loaded.
for _name in ("owner", "edited_by"):
    _filter = PageFilterSet.base_filters[_name]
    if not getattr(_filter.queryset, "scoped", False):
        _filter.queryset = _people_in_scope(_filter.queryset)


class ScopedPagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count: only the pages the user may see under their explorable root."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        root = get_site_for_user(self.request.user)["root_page"]
        if root is not None:
            pages = Page.objects.descendant_of(root, inclusive=True).exclude(depth=1)
            context["total_pages"] = admin_scope.restrict_for_request(pages, self.request).count()
        return context


@hooks.register("construct_homepage_summary_items", order=100)  # after Wagtail adds its own item
def scope_pages_summary(request, items):
    if request.user.is_superuser:
        return
    for index, item in enumerate(items):
        if type(item) is PagesSummaryItem:
            items[index] = ScopedPagesSummaryItem(request)


class ScopedPageIndexView(IndexView):
    """A flat page listing (PageListingViewSet) that keeps to the admin scope whatever the settings say."""

    def get_base_queryset(self):
        return admin_scope.restrict_for_request(super().get_base_queryset(), self.request)
