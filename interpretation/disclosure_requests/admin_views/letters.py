"""告知书 downloads, for the handling office and those who may read the applicant's details."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from interpretation.disclosure_requests import letters, privacy
from security import audit

from . import case_for

KINDS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", letters.as_docx),
    "pdf": ("application/pdf", letters.as_pdf),
}


def letter(request, pk: int, kind: str):
    if kind not in KINDS:
        raise Http404
    application = case_for(request, pk)
    if not privacy.may_see_personal_data(request.user, application):
        raise PermissionDenied
    content_type, render = KINDS[kind]
    try:
        data = render(application)
    except letters.LetterUnavailable as unavailable:
        messages.error(request, str(unavailable))
        return redirect(reverse("disclosure_requests_admin:case", args=(application.pk,)))
    stem = letters.letter_text(application).filename_stem
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stem)}.{kind}"
    response["Cache-Control"] = "private, no-store"
    audit.record("disclosure_request.letter_download", request=request, target=application, detail={"kind": kind})
    return response
