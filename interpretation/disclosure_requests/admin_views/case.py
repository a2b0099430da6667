"""One case: everything recorded, the clock, and the actions its state allows (each through `lifecycle`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from interpretation.disclosure_requests import admin_forms, catalogue, clock, fees, lifecycle, privacy, queries
from interpretation.disclosure_requests.choices import RECEIVED_DATE_RULE, RELEASED_TYPES, Status
from interpretation.disclosure_requests.models import DisclosedFile, RequestOffice
from interpretation.disclosure_requests.models.request import PERSONAL_FIELDS
from security import audit

from . import case_for

#: action name -> (form class, label, statuses it applies to, whether the assigned department may take it)
ACTIONS = {
    "confirm": (admin_forms.ConfirmReceiptForm, "确认收到申请", (Status.SUBMITTED,), False),
    "assign": (admin_forms.AssignForm, "交办", (Status.SUBMITTED, Status.PROCESSING, Status.AMENDMENT), False),
    "note": (admin_forms.NoteForm, "记录检索、会商情况", (Status.PROCESSING, Status.AMENDMENT, Status.SUBMITTED), True),
    "amendment": (admin_forms.AmendmentForm, "告知补正", (Status.PROCESSING,), False),
    "amended": (admin_forms.AmendmentCompletedForm, "收到补正申请", (Status.AMENDMENT,), False),
    "extend": (admin_forms.ExtensionForm, "延长答复期限", (Status.PROCESSING,), False),
    "consult": (admin_forms.ConsultationForm, "征求意见", (Status.PROCESSING,), False),
    "opinion": (admin_forms.OpinionForm, "记录收到的意见", (Status.PROCESSING,), False),
    "reply": (admin_forms.ReplyForm, "答复", (Status.PROCESSING,), False),
    "deliver": (admin_forms.DeliveryForm, "记录送达", (Status.REPLIED,), False),
    "catalogue": (admin_forms.CatalogueTitleForm, "修改目录名称", (Status.REPLIED,), False),
    "attach": (admin_forms.DisclosedFileForm, "上传提供的信息", (Status.REPLIED,), False),
    "withdraw": (
        admin_forms.WithdrawForm,
        "申请人撤回",
        (Status.SUBMITTED, Status.PROCESSING, Status.AMENDMENT),
        False,
    ),
}


def _form(action: str, application, data=None, files=None):
    form_class = ACTIONS[action][0]
    if form_class is admin_forms.AssignForm:
        return form_class(data, application=application, initial={"department": application.department_id})
    if form_class is admin_forms.ExtensionForm:
        office = RequestOffice.objects.filter(disclosing_body=application.disclosing_body).first()
        return form_class(data, initial={"approved_by": office.head_name if office else ""})
    if form_class is admin_forms.DisclosedFileForm:
        return form_class(data, files)
    if form_class is admin_forms.ReplyForm:
        return _reply_form(application, data)
    if form_class is admin_forms.CatalogueTitleForm:
        return form_class(data, initial={"catalogue_title": application.reply.catalogue_title})
    return form_class(data)


def _reply_form(application, data):
    """The reply form, with the 信息处理费 the rule suggests when the office charges (按件, 国办函〔2020〕109号), and
    the 目录名称 taken from the information sought (the handler removes anything personal before it goes public)."""
    office = RequestOffice.objects.filter(disclosing_body=application.disclosing_body).first()
    title = application.sought[:200]
    if office is None or not office.fees_enabled:
        form = admin_forms.ReplyForm(data, initial={"fee": 0, "catalogue_title": title})
        form.fields["fee"].help_text = "本机关未启用信息处理费"
        return form
    nth = fees.nth_this_month(application)
    suggested = fees.fee_by_count(nth)
    form = admin_forms.ReplyForm(data, initial={"fee": suggested, "catalogue_title": title})
    form.fields["fee"].help_text = f"该申请人本月第{nth}件申请,按件计收应为{suggested}元;按量计收的请按页数计算。"
    return form


def _available(request, application) -> list[str]:
    handler = privacy.may_handle(request.user, application)
    noter = privacy.may_note(request.user, application)
    found = []
    for name, (_form_class, _label, statuses, department_may) in ACTIONS.items():
        if application.status not in statuses or not (handler or (department_may and noter)):
            continue
        if name == "extend" and clock._has_extension(application):
            continue
        if name == "offer" and not lifecycle.may_offer_for_proactive(application):
            continue
        if name == "catalogue" and getattr(application, "reply", None) is None:
            continue
        if name == "catalogue" and application.reply.reply_type not in RELEASED_TYPES:
            continue
        if name == "opinion" and not application.consultations.filter(answered_on__isnull=True).exists():
            continue
        if (
            name == "amendment"
            and application.amendments.filter(completed_on__isnull=True, lapsed_on__isnull=True).exists()
        ):
            continue
        found.append(name)
    return found


def detail(request, pk: int, forms_override: dict | None = None, status: int = 200):
    application = case_for(request, pk)
    show_personal = privacy.may_see_personal_data(request.user, application)
    if show_personal:
        audit.record("disclosure_request.view_personal_data", request=request, target=application)
    personal = {
        name: getattr(application, name) if show_personal else privacy.mask(getattr(application, name))
        for name in PERSONAL_FIELDS
    }
    applicant_name = application.applicant_name
    if not show_personal and application.applicant_kind == "citizen":
        applicant_name = privacy.mask_name(applicant_name)
    names = _available(request, application)
    forms_override = forms_override or {}
    actions = [
        {"name": n, "label": ACTIONS[n][1], "form": forms_override.get(n) or _form(n, application)} for n in names
    ]
    reply = getattr(application, "reply", None)
    return TemplateResponse(
        request,
        "disclosure_requests/admin/case.html",
        {
            "page_title": f"申请 {application.number}",
            "application": application,
            "clock": clock.compute(application),
            "notice_by": clock.amendment_notice_deadline(application),
            "show_personal": show_personal,
            "personal": personal,
            "applicant_name": applicant_name,
            "actions": actions,
            "open_consultations": application.consultations.filter(answered_on__isnull=True),
            "reply": reply,
            "files": list(reply.files.all()) if reply else [],
            "may_handle": privacy.may_handle(request.user, application),
            "received_rule": RECEIVED_DATE_RULE.get(application.channel, ""),
            "due_soon_days": queries.DUE_SOON_DAYS,
        },
        status=status,
    )


@require_POST
def act(request, pk: int, action: str):
    application = case_for(request, pk)
    if action not in _available(request, application):
        raise PermissionDenied
    form = _form(action, application, request.POST, request.FILES)
    if form.is_valid():
        try:
            _apply(request, application, action, form.cleaned_data, form)
        except lifecycle.Refused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
        else:
            messages.success(request, f"已{ACTIONS[action][1]}。")
            return redirect(reverse("disclosure_requests_admin:case", args=(application.pk,)) + f"#{action}")
    return detail(request, pk, forms_override={action: form}, status=400)


def _apply(request, application, action: str, data: dict, form) -> None:
    user = request.user
    if action == "confirm":
        lifecycle.confirm_receipt(application, data["received_on"], user)
    elif action == "assign":
        lifecycle.assign(application, data["department"], data["handler"], user)
    elif action == "note":
        lifecycle.note(application, data["kind"], data["text"], user)
    elif action == "amendment":
        lifecycle.request_amendment(
            application, issued_on=data["issued_on"], items=data["items"], period_days=data["period_days"], user=user
        )
    elif action == "amended":
        lifecycle.complete_amendment(
            application, completed_on=data["completed_on"], note_text=data["note_text"], user=user
        )
    elif action == "extend":
        lifecycle.extend(application, user=user, **data)
    elif action == "consult":
        lifecycle.start_consultation(application, user=user, **data)
    elif action == "opinion":
        consultation = application.consultations.filter(pk=data["consultation"]).first()
        if consultation is None:
            raise lifecycle.Refused("没有这条征求意见记录。")
        lifecycle.record_opinion(consultation, answered_on=data["answered_on"], opinion=data["opinion"], user=user)
    elif action == "reply":
        lifecycle.reply(application, data=data, user=user)
    elif action == "deliver":
        lifecycle.record_delivery(
            application.reply,
            delivered_on=data["delivered_on"],
            method=data["method"],
            note_text=data["note_text"],
            user=user,
        )
    elif action == "catalogue":
        catalogue.rename_released(application.reply, data["catalogue_title"], user)
    elif action == "attach":
        try:
            DisclosedFile.objects.create(reply=application.reply, title=data["title"], file=data["file"])
        except ValidationError as invalid:  # the model's own check (uploads.validate_upload) has the last word
            raise lifecycle.Refused(invalid.messages[0], "file") from None
        audit.record("disclosure_request.attach_file", actor=user, target=application)
    elif action == "offer":
        lifecycle.offer_for_proactive(application, user)
    elif action == "withdraw":
        lifecycle.withdraw(application, on=data["on"], user=user)


def disclosed_file(request, pk: int, file_id: int):
    """A file given to the applicant: for the handling office and auditors only, never cached."""
    application = case_for(request, pk)
    if not privacy.may_see_personal_data(request.user, application):
        raise PermissionDenied
    item = get_object_or_404(DisclosedFile, pk=file_id, reply__request=application)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    return response
