"""回顾: turn chosen questions and answers into a draft Q&A interpretation under a linked policy."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from interpretation.events import qa_material
from interpretation.events.admin_forms import QAMaterialForm
from interpretation.events.admin_views import event_for
from interpretation.events.lifecycle import TransitionRefused


def record(request, event_id):
    event = event_for(request, event_id, live_room=True)
    form = QAMaterialForm(request.POST or None, event=event)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                material = qa_material.create_qa_material(
                    event,
                    form.cleaned_data["policy"],
                    form.cleaned_data["questions"],
                    request.user,
                    title=form.cleaned_data["title"],
                )
            except TransitionRefused as refusal:
                form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
            except PermissionDenied as denied:
                form.add_error("policy", str(denied) or _("您无权在该政策文件下添加解读材料。"))
            else:
                messages.success(
                    request,
                    _("已生成问答解读草稿《%(title)s》:请检查后提交审核,审签通过后作为追加解读发布。")
                    % {"title": material.title},
                )
                return redirect(reverse("wagtailadmin_pages:edit", args=(material.pk,)))
        status = 400
    return TemplateResponse(
        request,
        "events/admin/record.html",
        {
            "event": event,
            "form": form,
            "edit_url": reverse("wagtailadmin_pages:edit", args=(event.pk,)),
            "page_title": _("回顾与问答解读:%(title)s") % {"title": event.title},
        },
        status=status,
    )
