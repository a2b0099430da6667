"""Admin wiring for policies and their interpretation: menus, listings, dashboard and audit labels."""

import django_filters
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from interpretation import admin_scope, audit, autosave_guard, three_sync  # noqa: F401 - autosave_guard: hooks
from interpretation.admin_scope_hooks import ScopedPageIndexView
from interpretation.choices import DisclosureAttribute, Validity
from interpretation.models import BundleRelease, DraftingDepartment, PolicyDocumentPage, Topic
from interpretation.public import media
from interpretation.refusals import GuardedPublishBulkAction, RefusedSchedulePanel


@hooks.register("before_serve_document", order=-100)
def hold_back_non_public_documents(document, request):
    """First of the document hooks: a 404 for anyone interpretation.visibility does not let see the file."""

    return media.check_document(document, request)


@hooks.register("register_log_actions")
def register_three_sync_log_actions(actions):
    audit.register(actions)


class PolicyFilterSet(WagtailFilterSet):
    drafting_department = django_filters.ModelChoiceFilter(
        label=_("起草部门"), queryset=DraftingDepartment.objects.all()
    )
    live = django_filters.ChoiceFilter(label=_("状态"), choices=[(True, _("已发布")), (False, _("草稿"))])
    validity = django_filters.ChoiceFilter(label=_("有效性"), choices=Validity.choices)
    disclosure_attribute = django_filters.ChoiceFilter(label=_("公开属性"), choices=DisclosureAttribute.choices)

    class Meta:
        model = PolicyDocumentPage
        fields: list[str] = []


class PolicyListingViewSet(PageListingViewSet):
    model = PolicyDocumentPage
    name = "policies"
    icon = "doc-full"
    menu_label = _("政策文件")
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = PolicyFilterSet
    index_view_class = ScopedPageIndexView

    @cached_property
    def menu_item_class(self):
        """政策文件 in the menu for those who hold a page right (the listing sends anyone else back to the dashboard:
        a body administrator manages people, partners and accounts, not documents)."""

        def is_shown(_item, request):
            return user_has_any_page_permission(request.user)

        return type("PolicyListingMenuItem", (MenuItem,), {"is_shown": is_shown})


@hooks.register("register_admin_viewset")
def register_policy_listing():
    return PolicyListingViewSet()


class SectionExplorerView(ExplorableIndexView):
    """A department section in the page explorer: 25 documents a page (Wagtail's 50 rows, each with its menu of
    actions, made an editor's most-used screen twice as slow to draw as it needs to be on a county platform)."""

    paginate_by = 25


class PolicyPageViewSet(PageViewSet):
    """Wagtail's page views for policies; the explorer of their only parent type (部门栏目) uses its listing."""

    model = PolicyDocumentPage
    index_view_class = SectionExplorerView


@hooks.register("register_admin_viewset")
def register_policy_pages():
    return PolicyPageViewSet("policy_pages")


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name"]


class DepartmentViewSet(SnippetViewSet):
    model = DraftingDepartment
    icon = "group"
    list_display = ["name", "first_interpreter", "editors", "leaders"]


class BundleReleaseViewSet(SnippetViewSet):
    model = BundleRelease
    icon = "resubmit"
    list_display = ["policy", "kind", "released_by_name", "released_at"]
    list_filter = ["kind"]
    inspect_view_enabled = True


class InterpretationSettingsGroup(SnippetViewSetGroup):
    items = (TopicViewSet, DepartmentViewSet, BundleReleaseViewSet)
    menu_icon = "cog"
    menu_label = _("政策解读设置")
    menu_order = 160


register_snippet(InterpretationSettingsGroup)


class OverdueInterpretationPanel(Component):
    """Dashboard: policies released without interpretation, due or overdue first."""

    name = "overdue_interpretation"
    order = 90
    template_name = "interpretation/admin/overdue_panel.html"

    def __init__(self, policies):
        self.policies = policies

    def get_context_data(self, parent_context):
        from django.utils import timezone

        now = timezone.now()
        items = [
            {
                "policy": policy,
                "overdue": policy.interpretation_due_at < now,
                "released_by": three_sync.display_name(policy.override_by),
                "edit_url": reverse("wagtailadmin_pages:edit", args=(policy.pk,)),
            }
            for policy in self.policies
        ]
        return {"items": items}


@hooks.register("construct_homepage_panels")
def add_overdue_interpretation_panel(request, panels):
    # Only policies the user may see: a policy withheld after release keeps its title inside its department.
    policies = list(
        admin_scope.restrict_for_request(three_sync.pending_overrides().select_related("override_by"), request)[:20]
    )
    if policies:
        panels.append(OverdueInterpretationPanel(policies))


@hooks.register("construct_homepage_panels")
def add_refused_schedules_panel(request, panels):
    entries = three_sync.refused_schedules()
    if entries:
        panels.append(RefusedSchedulePanel(entries))


@hooks.register("register_body_groups")
def department_groups():
    """A department's editors and leaders belong to its body: only that body's administrators hand them out."""
    rows = DraftingDepartment.objects.values_list("editors_id", "leaders_id", "disclosing_body_id")
    return [(group, body) for editors, leaders, body in rows for group in (editors, leaders) if group]


# Registered after Wagtail's own publish action (order), so it replaces it for every page type.
hooks.register("register_bulk_action", GuardedPublishBulkAction, order=100)


from interpretation import import_hooks, review_hooks  # noqa: E402, F401
