"""从 Word 导入: a drafter uploads the policy's and the interpretation's .docx and gets pre-filled drafts to check.

Both files are converted before anything is written, and the pages and images are created in one transaction:
a bad file re-renders the form with the reason and leaves nothing behind.
"""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from interpretation.docx_import import MAX_DOCX_BYTES, DocxImportError, convert_docx, existing_policy, import_policy
from interpretation.models import DepartmentSectionPage

logger = logging.getLogger(__name__)

DOCX_ACCEPT = ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def addable_sections(user):
    """The department sections where this user may add a policy (谁起草: normally only their own)."""
    return [
        section
        for section in DepartmentSectionPage.objects.select_related("department").order_by("path")
        if section.permissions_for_user(user).can_add_subpage()
    ]


class WordImportForm(forms.Form):
    section = forms.ModelChoiceField(
        label="部门栏目",
        queryset=DepartmentSectionPage.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "您无权在所选栏目中添加政策文件,请选择本部门的栏目。"},
    )
    policy_file = forms.FileField(
        label="政策文件(.docx)",
        help_text="正文的标题、列表、表格和图片会被转换;标题和文号自动预填,请在保存前核对。",
        widget=forms.FileInput(attrs={"accept": DOCX_ACCEPT}),
    )
    interpretation_file = forms.FileField(
        label="解读材料(.docx,可选)",
        required=False,
        help_text="上传后作为本文件的文字解读草稿。",
        widget=forms.FileInput(attrs={"accept": DOCX_ACCEPT}),
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = DepartmentSectionPage.objects.filter(pk__in=[s.pk for s in sections])
        self.converted = {}

    def _convert(self, name):
        upload = self.cleaned_data.get(name)
        if not upload:
            return upload
        if upload.size > MAX_DOCX_BYTES:
            raise ValidationError(f"“{upload.name}”超过 20 MB,请压缩图片后再上传。")
        try:
            self.converted[name] = convert_docx(upload.read(), filename=upload.name)
        except DocxImportError as exc:
            logger.warning("Word import refused: %s", exc)
            raise ValidationError(exc.user_message) from exc
        return upload

    def clean_policy_file(self):
        return self._convert("policy_file")

    def clean_interpretation_file(self):
        return self._convert("interpretation_file")


def word_import(request):
    sections = addable_sections(request.user)
    if not sections:
        raise PermissionDenied
    initial = {"section": request.GET.get("section")} if request.GET.get("section") else {}
    form = WordImportForm(request.POST or None, request.FILES or None, sections=sections, initial=initial)
    if request.method == "POST" and form.is_valid():
        section = form.cleaned_data["section"]
        if not section.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        policy_doc = form.converted["policy_file"]
        interpretation_doc = form.converted.get("interpretation_file")
        duplicate = existing_policy(section, policy_doc)
        try:
            with transaction.atomic():
                policy, material = import_policy(section, policy_doc, interpretation_doc, user=request.user)
        except Exception:
            logger.exception("Word import failed for %s", form.cleaned_data["policy_file"].name)
            form.add_error(None, "导入时发生错误,没有创建任何内容。请重试;如仍失败,请联系管理员。")
        else:
            _report(request, policy_doc, interpretation_doc, material, duplicate)
            return redirect("wagtailadmin_pages:edit", policy.pk)
    return TemplateResponse(
        request,
        "interpretation/admin/word_import.html",
        {"form": form, "page_title": "从 Word 导入", "max_megabytes": MAX_DOCX_BYTES // (1024 * 1024)},
    )


def _report(request, policy_doc, interpretation_doc, material, duplicate):
    """Tell the drafter what was pre-filled and what to check; the draft is never published by the import."""
    prefilled = ["正文"]
    if policy_doc.title_detected:
        prefilled.insert(0, "标题")
    if policy_doc.document_number:
        prefilled.insert(1, f"文号 {policy_doc.document_number}")
    if policy_doc.images:
        prefilled.append(f"{len(policy_doc.images)} 张图片")
    text = f"已从 Word 导入草稿“{policy_doc.title}”,预填了{'、'.join(prefilled)}"
    if material is not None:
        text += f";并创建了文字解读草稿“{material.title}”"
    messages.success(request, text + "。请核对后保存,尚未发布。")
    if duplicate is not None:
        messages.warning(
            request, f"本栏目已有同名或同文号的文件“{duplicate.get_admin_display_title()}”,请确认不是重复导入。"
        )
    for label, doc in (("政策文件", policy_doc), ("解读材料", interpretation_doc)):
        for message in doc.messages if doc else []:
            messages.warning(request, f"{label}:{message}")
