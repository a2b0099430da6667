"""The application form (条例第二十九条), shared by the portal and by staff entering paper applications.

Every refusal is in Chinese and names the field; a refused form is shown again with everything typed kept.
"""

from __future__ import annotations

import re

from django import forms

from .choices import (
    CONFIRMED_CHANNELS,
    RECEIVED_DATE_RULE,
    ApplicantKind,
    Channel,
    DeliveryMethod,
    IdDocumentType,
)
from .models import InformationRequest
from .validators import valid_credit_code, valid_phone, valid_resident_id

HONEYPOT_FIELD = "homepage"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")

APPLICATION_FIELDS = [
    "applicant_kind",
    "organization_type",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "title",
    "document_number",
    "description",
    "purpose",
    "information_form",
    "delivery_method",
]

REQUIRED_MESSAGES = {
    "applicant_kind": "请选择申请人类型。",
    "applicant_name": "请填写申请人姓名或名称。",
    "id_type": "请选择证件类型。",
    "id_number": "请填写证件号码。",
    "title": "请填写所需政府信息的名称。",
    "information_form": "请选择提供形式。",
    "delivery_method": "请选择获取方式。",
}


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = InformationRequest
        fields = APPLICATION_FIELDS
        widgets = {
            "applicant_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in APPLICATION_FIELDS:
                continue
            field.error_messages["required"] = REQUIRED_MESSAGES.get(name, f"请填写{field.label}。")
            field.error_messages["invalid_choice"] = f"请从列表中选择{field.label}。"
            field.error_messages["max_length"] = f"{field.label}不能超过%(limit_value)d个字。"
            if isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not field.required:
                field.choices = [("", "请选择"), *[c for c in field.choices if c[0]]]
        self.fields["id_number"].required = True
        self.fields["email"].error_messages["invalid"] = "请填写有效的电子邮箱地址。"
        self.fields["applicant_kind"].choices = ApplicantKind.choices

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = _CONTROL.sub("", value).strip()
        kind, id_type, number = data.get("applicant_kind"), data.get("id_type"), data.get("id_number", "")
        if kind == ApplicantKind.ORGANIZATION:
            if id_type and id_type != IdDocumentType.CREDIT_CODE:
                self.add_error("id_type", "法人或者其他组织请选择“统一社会信用代码”。")
            if not data.get("contact_person"):
                self.add_error("contact_person", "法人或者其他组织请填写联系人。")
        elif kind == ApplicantKind.CITIZEN and id_type == IdDocumentType.CREDIT_CODE:
            self.add_error("id_type", "公民请选择个人身份证件。")
        if number and id_type == IdDocumentType.RESIDENT_ID and not valid_resident_id(number):
            self.add_error("id_number", "居民身份证号码有误,请核对(18位,最后一位可为X)。")
        if number and id_type == IdDocumentType.CREDIT_CODE and not valid_credit_code(number):
            self.add_error("id_number", "统一社会信用代码有误,请核对(18位)。")
        if number:
            data["id_number"] = number.upper()
        phone = data.get("phone", "")
        if phone and not valid_phone(phone):
            self.add_error("phone", "请填写有效的手机号码或固定电话(如 0555-5312000)。")
        if not (phone or data.get("email") or data.get("address")):
            self.add_error("phone", "请至少填写一种联系方式(电话、电子邮箱或通信地址)。")
        method = data.get("delivery_method")
        if method == DeliveryMethod.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件获取的,请填写电子邮箱。")
        if method == DeliveryMethod.MAIL and not data.get("address"):
            self.add_error("address", "选择邮寄获取的,请填写通信地址。")
        postcode = data.get("postcode", "")
        if postcode and not re.fullmatch(r"\d{6}", postcode):
            self.add_error("postcode", "邮政编码为6位数字。")
        if not (data.get("title") or "").strip() and "title" not in self.errors:
            self.add_error("title", REQUIRED_MESSAGES["title"])
        return data

    def application_fields(self) -> dict:
        return {name: self.cleaned_data.get(name, "") or "" for name in APPLICATION_FIELDS}


class PublicApplicationForm(ApplicationForm):
    """The portal's form, with a field only robots fill in and a statement the applicant confirms."""

    homepage = forms.CharField(label="网址(请勿填写)", required=False)
    truthful = forms.BooleanField(
        label="我承诺所填信息真实有效",
        error_messages={"required": "请确认所填信息真实有效。"},
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


class StaffApplicationForm(ApplicationForm):
    """A paper, letter, fax or e-mail application typed in by the handling office, with its §31 received date."""

    channel = forms.ChoiceField(
        label="申请方式",
        choices=[c for c in Channel.choices if c[0] != Channel.PORTAL],
        error_messages={"required": "请选择申请方式。"},
    )
    received_on = forms.DateField(
        label="收到申请之日",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="; ".join(
            f"{Channel(c).label}:{rule}" for c, rule in RECEIVED_DATE_RULE.items() if c != Channel.PORTAL
        ),
        error_messages={"invalid": "请填写有效的日期。"},
    )

    field_order = ["channel", "received_on", *APPLICATION_FIELDS]

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        if channel and channel not in CONFIRMED_CHANNELS and not data.get("received_on"):
            self.add_error("received_on", f"请填写收到申请之日:{RECEIVED_DATE_RULE[channel]}。")
        return data


class LookupForm(forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=30,
        error_messages={"required": "请填写查询码。", "max_length": "查询码有误,请核对。"},
    )
