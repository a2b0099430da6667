"""The handling office's action forms: each maps onto one function of `lifecycle`, which has the last word."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from . import uploads
from .choices import MAX_EXTENSION_DAYS, ConsultationKind, DeliveryMethod, NoteKind, ReplyType, WithholdingGround
from .models import Reply

DATE = forms.DateInput(attrs={"type": "date"})


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        error_messages={"required": f"请填写{label}。", "invalid": "请填写有效的日期。"},
        **kwargs,
    )


class ConfirmReceiptForm(forms.Form):
    received_on = _date("收到申请之日", help_text="与申请人确认收到的日期(条例第三十一条)")


class AssignForm(forms.Form):
    department: forms.ModelChoiceField = forms.ModelChoiceField(
        label="承办部门", queryset=None, required=False, empty_label="(不交部门)"
    )
    handler: forms.ModelChoiceField = forms.ModelChoiceField(
        label="承办人", queryset=None, required=False, empty_label="(未指定)"
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        from interpretation.models import DraftingDepartment

        self.fields["department"].queryset = DraftingDepartment.objects.filter(
            disclosing_body=application.disclosing_body
        )
        self.fields["handler"].queryset = (
            get_user_model()
            .objects.filter(body_membership__body=application.disclosing_body, is_active=True)
            .order_by("username")
        )
        self.fields["handler"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=[c for c in NoteKind.choices if c[0] != NoteKind.ASSIGNMENT])
    text = forms.CharField(
        label="内容", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "请填写内容。"}
    )


class AmendmentForm(forms.Form):
    issued_on = _date("告知日期")
    items = forms.CharField(
        label="需要补正的事项",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="一次性告知全部需要补正的事项(条例第三十条)",
        error_messages={"required": "请写明需要补正的事项。"},
    )
    period_days = forms.IntegerField(label="补正期限(工作日)", min_value=1, max_value=60, required=False)


class AmendmentCompletedForm(forms.Form):
    completed_on = _date("收到补正申请之日", help_text="答复期限自这一天起重新计算")
    note_text = forms.CharField(label="补正内容", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(
        label="延长工作日数", min_value=1, max_value=MAX_EXTENSION_DAYS, initial=MAX_EXTENSION_DAYS
    )
    reason = forms.CharField(
        label="延长理由", widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "请填写延长理由。"}
    )
    approved_by = forms.CharField(label="同意延期的政府信息公开工作机构负责人", max_length=40)
    approved_on = _date("批准日期")
    notified_on = _date("告知申请人日期")
    notice_method = forms.ChoiceField(label="告知方式", choices=DeliveryMethod.choices)


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ConsultationKind.choices)
    party = forms.CharField(label="被征求意见方", max_length=100)
    served_on = _date("征求意见书送达日期", help_text="第三方自收到之日起15个工作日内提出意见(条例第三十二条)")


class OpinionForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    answered_on = _date("收到意见日期")
    opinion = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReplyForm(forms.ModelForm):
    class Meta:
        model = Reply
        fields = [
            "reply_type",
            "replied_on",
            "letter_number",
            "content",
            "proactive_url",
            "withholding_ground",
            "legal_basis",
            "other_body_name",
            "other_body_contact",
            "special_law",
            "catalogue_title",
            "fee",
        ]
        widgets = {
            "replied_on": DATE,
            "content": forms.Textarea(attrs={"rows": 4}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter_number"].required = False
        self.fields["letter_number"].help_text = "不填则自动编号"
        self.fields["reply_type"].choices = ReplyType.choices
        self.fields["withholding_ground"].choices = [("", "(不适用)"), *WithholdingGround.choices]
        self.fields["proactive_url"].error_messages["invalid"] = "请填写有效的网址。"
        self.fields["catalogue_title"].help_text = CATALOGUE_TITLE_HELP
        for field in self.fields.values():
            field.error_messages.setdefault("required", f"请填写{field.label}。")
            field.error_messages["required"] = f"请填写{field.label}。"


CATALOGUE_TITLE_HELP = (
    "予以公开、部分公开的信息以此名称列入依申请公开目录,在网站公开。"
    "请删去申请人姓名、证件号码、地址等个人信息;留空则不列入目录。"
)


class CatalogueTitleForm(forms.Form):
    catalogue_title = forms.CharField(
        label="目录名称", max_length=200, required=False, help_text=CATALOGUE_TITLE_HELP + "已编制的目录随之更新。"
    )


class DeliveryForm(forms.Form):
    delivered_on = _date("送达日期")
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    note_text = forms.CharField(
        label="送达说明", max_length=200, required=False, help_text="如:挂号信单号、电子邮件地址"
    )


class DisclosedFileForm(forms.Form):
    title = forms.CharField(label="文件名称", max_length=200)
    file = forms.FileField(
        label="文件",
        error_messages={"required": "请选择文件。"},
        validators=[uploads.validate_upload],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"允许的类型:{uploads.ALLOWED_TEXT};不超过 {uploads.max_upload_mb()} MB"


class WithdrawForm(forms.Form):
    on = _date("撤回日期")


class OfferForm(forms.Form):
    """§44: the same information disclosed to several applicants goes to the 主动公开 decision."""
