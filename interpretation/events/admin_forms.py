"""Forms of the event admin screens: life-cycle actions, live entries, answers and the Q&A conversion."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images.widgets import AdminImageChooser

from interpretation.events.choices import QuestionStatus
from interpretation.events.lifecycle import REASON_MAX_LENGTH
from interpretation.events.models import LiveEntry


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("理由"), required=False, max_length=REASON_MAX_LENGTH, widget=forms.Textarea)


class LiveEntryForm(forms.ModelForm):
    class Meta:
        model = LiveEntry
        fields = ["speaker", "text", "image", "image_alt"]
        widgets = {"image": AdminImageChooser, "text": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("请为图片填写替代文本,供读屏软件朗读。"))
        return cleaned


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("回答"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    answered_by = forms.CharField(label=_("回答人"), max_length=80, required=False)


class QAMaterialForm(forms.Form):
    policy = forms.ModelChoiceField(label=_("政策文件"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("问答解读标题"), max_length=255, required=False)
    questions = forms.ModelMultipleChoiceField(
        label=_("选择问答"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个已回答的问题。")},
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = event.policies.all().order_by("title")
        self.fields["questions"].queryset = event.questions.filter(status=QuestionStatus.APPROVED).exclude(answer="")
        self.fields["questions"].label_from_instance = lambda question: (
            f"问:{question.text} —— 答:{question.answer[:60]}"
            + (f"(已转入《{question.qa_material.title}》)" if question.qa_material_id else "")
        )
