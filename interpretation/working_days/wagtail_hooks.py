"""Admin screens for the working-day calendar, and a dashboard reminder to enter next year's notice."""

import django_filters
from django.core.exceptions import ValidationError
from django.urls import reverse
from laces.components import Component
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from bodies import scope

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


class WorkingDayOverrideForm(WagtailAdminModelForm):
    """The 公开主体 offered are the editor's own body and those below it; their own body comes first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["disclosing_body"]
        field.queryset = scope.bodies(self.for_user)
        field.empty_label = None
        if not self.instance.pk:
            self.initial.setdefault("disclosing_body", getattr(scope.acting_body(self.for_user), "pk", None))

    def clean_disclosing_body(self):
        body = self.cleaned_data["disclosing_body"]
        if not scope.may_act_for(self.for_user, body):
            raise ValidationError("只能为本主体或下级主体录入节假日调整。")
        return body


class _InScope:
    """Only overrides of bodies in the editor's scope can be listed, opened, changed or deleted."""

    def get_queryset(self):
        return scope.restrict(super().get_queryset(), self.request.user)


class OverrideIndexView(_InScope, IndexView):
    pass


class OverrideEditView(_InScope, EditView):
    pass


class OverrideDeleteView(_InScope, DeleteView):
    pass


class WorkingDayOverrideViewSet(SnippetViewSet):
    model = WorkingDayOverride
    icon = "date"
    menu_label = "节假日调整"
    list_display = ["date", "weekday", "kind", "name", "disclosing_body", "note"]
    filterset_class = WorkingDayOverrideFilterSet
    ordering = ["date"]
    list_per_page = 50
    copy_view_enabled = False
    index_view_class = OverrideIndexView
    edit_view_class = OverrideEditView
    delete_view_class = OverrideDeleteView
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ("disclosing_body", "date", "kind", "name", "note")],
        base_form_class=WorkingDayOverrideForm,
    )


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
