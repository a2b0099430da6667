"""The partner form: document types as checkboxes (stored as a JSON list of DocumentType values)."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from interpretation.choices import DocumentType


class PressPartnerForm(WagtailAdminModelForm):
    document_types = forms.MultipleChoiceField(
        label="文件类型",
        choices=DocumentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="只接收这些类型的文件;不选则接收全部类型",
    )
