"""Values in admin listings and inspect views as an editor reads them: Beijing time as 2026-12-06 15:30, 是/否,
and — for nothing (Wagtail's generic views print Python's True/None, and its inspect view prints UTC)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.fields import register_display_class
from wagtail.admin.ui.tables import Column

EMPTY = "—"
DATETIME = "%Y-%m-%d %H:%M"
DATE = "%Y-%m-%d"


def readable(value) -> str | object:
    """是/否 for booleans, Beijing time for datetimes, — for None; anything else unchanged."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime(DATETIME)
    if isinstance(value, dt.date):
        return value.strftime(DATE)
    return value


class ReadableColumn(Column):
    """A listing column through ``readable``: for boolean, nullable and datetime fields."""

    def get_value(self, instance):
        return readable(super().get_value(instance))


class ReadableDisplay(Component):
    """An inspect view's value through ``readable``."""

    def __init__(self, value):
        self.value = value

    def render_html(self, parent_context=None):
        return format_html("{}", readable(self.value))


class ReadableInspectMixin:
    """For InspectView subclasses: — instead of None for empty foreign keys and numbers."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return EMPTY if value is None or value == "" else value


def register() -> None:
    """Every inspect view: datetimes, dates and booleans as an editor reads them, and an empty link or number as —
    (called once, at start-up)."""
    for field_class in (
        models.DateTimeField,
        models.DateField,
        models.BooleanField,
        models.ForeignKey,
        models.IntegerField,
        models.DecimalField,
        models.FloatField,
    ):
        register_display_class(field_class, display_class=ReadableDisplay)
