"""The partner form: the 公开主体 it serves (one of the bodies in the editor's scope, their own by default), and
document types as checkboxes (stored as a JSON list of DocumentType values)."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from bodies import scope
from interpretation.choices import DocumentType


class PressPartnerForm(WagtailAdminModelForm):
    document_types = forms.MultipleChoiceField(
        label="文件类型",
        choices=DocumentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="只接收这些类型的文件;不选则接收全部类型",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("disclosing_body")
        if field is not None and self.for_user is not None:
            field.queryset = scope.bodies(self.for_user)
            field.empty_label = None
            if self.instance.pk is None and not self.initial.get("disclosing_body"):
                own = scope.body_of(self.for_user)
                if own is not None:
                    self.initial["disclosing_body"] = own.pk

    def clean_disclosing_body(self):
        body = self.cleaned_data.get("disclosing_body")
        if body is not None and self.for_user is not None and not scope.may_act_for(self.for_user, body):
            raise forms.ValidationError("只能为本主体及下级主体添加合作媒体。")
        return body
