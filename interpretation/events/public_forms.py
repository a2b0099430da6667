"""The public question form (网民提问): short, plain text, with a honeypot field bots fill in, and a captcha once a
reader has asked often (interpretation.events.throttle decides when)."""

import re

from captcha.fields import CaptchaField
from captcha.helpers import captcha_image_url
from captcha.models import CaptchaStore
from django import forms
from django.utils.translation import gettext_lazy as _

from interpretation.events.models.live import NICKNAME_MAX_LENGTH, QUESTION_MAX_LENGTH

HONEYPOT_FIELD = "website"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")


def _plain(value: str) -> str:
    return _CONTROL.sub("", value or "").strip()


class QuestionForm(forms.Form):
    nickname = forms.CharField(
        label=_("昵称(可不填)"),
        required=False,
        max_length=NICKNAME_MAX_LENGTH,
        error_messages={"max_length": _("昵称不能超过%(limit_value)d个字。")},
    )
    text = forms.CharField(
        label=_("您的问题"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": QUESTION_MAX_LENGTH}),
        error_messages={
            "required": _("请填写您的问题。"),
            "max_length": _("问题不能超过%(limit_value)d个字(当前%(show_value)d字)。"),
        },
    )
    website = forms.CharField(
        label=_("网址(请勿填写)"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_nickname(self):
        return _plain(self.cleaned_data.get("nickname", ""))

    def clean_text(self):
        text = _plain(self.cleaned_data.get("text", ""))
        if not text:
            raise forms.ValidationError(_("请填写您的问题。"))
        if len(text) < 4:
            raise forms.ValidationError(_("问题太短,请至少写4个字。"))
        if re.search(r"https?://|www\.", text, re.IGNORECASE):
            raise forms.ValidationError(_("问题中请不要包含网址。"))
        return text

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return str(_("提交内容有误,请检查后重试。"))


class ChallengedQuestionForm(QuestionForm):
    """The same form with django-simple-captcha's answer: each captcha may be tried once, right or wrong."""

    captcha = CaptchaField(
        label=_("验证码"),
        error_messages={
            "required": _("提问较为频繁,请输入图中的验证码后再提交。"),
            "invalid": _("验证码不正确,请看新的图片重新输入。"),
        },
    )


def new_challenge() -> dict[str, str]:
    """A fresh captcha for the form: the key goes back in field captcha_0, the reader's answer in captcha_1."""
    key = CaptchaStore.generate_key()
    return {"key": key, "image_url": captcha_image_url(key)}
