"""Admin wiring for events: the listing by date, per-event screens, dashboard reminders, log labels."""

import django_filters
from django.db.models import Case, F, IntegerField, When
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from interpretation.events import admin_urls, audit
from interpretation.events.choices import EventKind, EventState
from interpretation.events.models import EventPage
from interpretation.events.queries import events_needing_attention


@hooks.register("register_log_actions")
def register_event_log_actions(actions):
    audit.register(actions)


@hooks.register("register_admin_urls")
def register_event_admin_urls():
    return [path("event/", include(admin_urls, namespace="events_admin"))]


class EventFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("活动类型"), choices=EventKind.choices)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=EventState.choices)
    date_confirmed = django_filters.ChoiceFilter(label=_("时间"), choices=[(True, _("已确定")), (False, _("暂定"))])

    class Meta:
        model = EventPage
        fields: list[str] = []


class EventIndexView(IndexView):
    """Upcoming events first (soonest at the top), then past ones, most recent first."""

    default_ordering = "upcoming"

    def get_valid_orderings(self):
        return [*super().get_valid_orderings(), "upcoming"]

    def order_queryset(self, queryset):
        if self.ordering != "upcoming" or self.is_searching:
            return super().order_queryset(queryset)
        now = timezone.now()
        return queryset.annotate(
            is_past=Case(When(end__lt=now, then=1), default=0, output_field=IntegerField()),
            upcoming_start=Case(When(end__gte=now, then=F("start"))),
        ).order_by("is_past", F("upcoming_start").asc(nulls_last=True), "-start")


class EventListingViewSet(PageListingViewSet):
    model = EventPage
    name = "event_listing"
    icon = "date"
    menu_label = _("发布会与访谈")
    menu_order = 155
    add_to_admin_menu = True
    index_view_class = EventIndexView
    filterset_class = EventFilterSet
    columns = [
        PageTitleColumn("title", label=_("标题"), sort_key="title", classname="title"),
        Column("kind", label=_("类型"), accessor="get_kind_display", sort_key="kind", width="10%"),
        Column("start", label=_("时间"), accessor="schedule_display", sort_key="start", width="20%"),
        Column("state", label=_("状态"), accessor="status_display", sort_key="state", width="12%"),
        Column("responsible", label=_("责任部门/责任人"), accessor="responsible_display", width="16%"),
        PageStatusColumn("status", label=_("发布"), sort_key="live", width="10%"),
    ]


@hooks.register("register_admin_viewset")
def register_event_listing():
    return EventListingViewSet()


@hooks.register("register_page_header_buttons")
def event_header_buttons(page, user, view_name, next_url=None):
    if page.specific_class is not EventPage:
        return
    yield MenuItem(_("日程与状态"), reverse("events_admin:schedule", args=(page.pk,)), "date", priority=11)
    if page.specific_deferred.is_interactive:
        yield MenuItem(_("直播间与网民提问"), reverse("events_admin:live", args=(page.pk,)), "radio-full", priority=12)
    yield MenuItem(_("回顾转问答解读"), reverse("events_admin:record", args=(page.pk,)), "doc-full", priority=13)


class UpcomingEventsPanel(Component):
    """Dashboard: events starting within 48 hours or running now, who is responsible, what awaits moderation."""

    name = "upcoming_events"
    order = 80
    template_name = "events/admin/dashboard_panel.html"

    def __init__(self, events):
        self.events = events

    def get_context_data(self, parent_context):
        now = timezone.now()
        return {
            "items": [
                {
                    "event": event,
                    "starts_in_hours": max(0, int((event.start - now).total_seconds() // 3600)),
                    "schedule_url": reverse("events_admin:schedule", args=(event.pk,)),
                    "live_url": reverse("events_admin:live", args=(event.pk,)) if event.is_interactive else "",
                }
                for event in self.events
            ]
        }


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    events = list(events_needing_attention()[:20])
    if events:
        panels.append(UpcomingEventsPanel(events))
