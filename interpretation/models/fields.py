"""A multiple-choice field stored as a JSON list, so it works the same on SQLite and PostgreSQL."""

from django import forms
from django.db import models


class MultipleChoiceJSONField(models.JSONField):
    """A list of choice values, edited as checkboxes."""

    def __init__(self, *args, choices_enum=None, **kwargs):
        self.choices_enum = choices_enum
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choices_enum.choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            help_text=self.help_text,
        )

    def labels(self, values) -> list[str]:
        lookup = dict(self.choices_enum.choices)
        return [str(lookup.get(value, value)) for value in values or []]
