"""Admin screens for the working-day calendar, and a dashboard reminder to enter next year's notice."""

import django_filters
from django.urls import reverse
from laces.components import Component
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .calendar import uncovered_years
from .models import CoveredYear, WorkingDayOverride


def _override_years():
    """The years that already have entries, newest first, for the year filter."""
    dates = WorkingDayOverride.objects.dates("date", "year", order="DESC")
    return [(d.year, f"{d.year}年") for d in dates]


class WorkingDayOverrideFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label="年份", field_name="date", lookup_expr="year", choices=_override_years, empty_label="全部"
    )
    kind = django_filters.ChoiceFilter(label="类型", choices=WorkingDayOverride.Kind.choices, empty_label="全部")

    class Meta:
        model = WorkingDayOverride
        fields = ["year", "kind"]


class WorkingDayOverrideViewSet(SnippetViewSet):
    model = WorkingDayOverride
    icon = "date"
    menu_label = "节假日调整"
    list_display = ["date", "weekday", "kind", "name", "note"]
    filterset_class = WorkingDayOverrideFilterSet
    ordering = ["date"]
    list_per_page = 50
    copy_view_enabled = False
    form_fields = ["date", "kind", "name", "note"]


class CoveredYearViewSet(SnippetViewSet):
    model = CoveredYear
    icon = "tick-inverse"
    menu_label = "已录入年份"
    list_display = ["year", "note"]
    ordering = ["-year"]
    copy_view_enabled = False
    form_fields = ["year", "note"]


class WorkingDaysGroup(SnippetViewSetGroup):
    items = (WorkingDayOverrideViewSet, CoveredYearViewSet)
    menu_label = "工作日历"
    menu_icon = "date"
    menu_order = 700


working_days_group = WorkingDaysGroup()
register_snippet(working_days_group)


class UncoveredYearsPanel(Component):
    """Tells the editors that deadlines in a year nobody has entered are only a Monday-Friday guess."""

    template_name = "working_days/dashboard_panel.html"
    order = 90

    def __init__(self, request, years):
        self.request = request
        self.years = years

    def get_context_data(self, parent_context=None):
        override_viewset, covered_viewset = working_days_group.registerables
        user = self.request.user
        can_edit = user.has_perm("working_days.add_workingdayoverride") and user.has_perm(
            "working_days.add_coveredyear"
        )
        return {
            "years": self.years,
            "overrides_url": reverse(override_viewset.get_url_name("list")) if can_edit else "",
            "covered_years_url": reverse(covered_viewset.get_url_name("list")) if can_edit else "",
        }


@hooks.register("construct_homepage_panels")
def add_uncovered_years_panel(request, panels):
    years = uncovered_years()
    if years:
        panels.append(UncoveredYearsPanel(request, years))
