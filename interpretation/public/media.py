"""Uploaded files, served only through the application, never straight from MEDIA_ROOT.

`/media/<path>` answers only for the file of a known document, original image or rendition, and only to
whoever interpretation.visibility lets see it; anything else is a 404. The bytes come from a FileResponse,
or, when MEDIA_ACCEL_REDIRECT_LOCATION is set, from nginx through an internal location (X-Accel-Redirect),
so that the check stays in Python and the copying does not. Wagtail's own document view (/documents/<id>/)
is guarded by the `before_serve_document` hook below and uses the same X-Accel path as its sendfile backend.
"""

from __future__ import annotations

import mimetypes
import os
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.images import get_image_model
from wagtail.utils import sendfile_streaming_backend

from interpretation import visibility
from interpretation.public import cache_control

#: Folders Wagtail uploads to, each with the model whose file field holds the names inside it.
DOCUMENTS, ORIGINALS, RENDITIONS = "documents/", "original_images/", "images/"


def not_found(request):
    """The site's 404 page, never stored by any cache (the file may become public any minute)."""
    return cache_control.apply(page_not_found(request, Http404()), cache_control.PRIVATE)


def with_cache_policy(response, access: visibility.Access):
    """Public files: a few minutes in any cache; everything else: never stored."""
    return cache_control.apply(response, cache_control.FILE if access.public else cache_control.PRIVATE)


def _accel_location() -> str:
    return (getattr(settings, "MEDIA_ACCEL_REDIRECT_LOCATION", "") or "").rstrip("/")


def accel_response(name: str, content_type: str) -> HttpResponse:
    """An empty response telling nginx to send MEDIA_ROOT/<name> from its internal location."""
    response = HttpResponse(b"", content_type=content_type)
    response["X-Accel-Redirect"] = f"{_accel_location()}/{quote(name)}"
    return response


def file_response(request, field_file, *, disposition: str = ""):
    """The file's bytes (or nginx's X-Accel-Redirect to them); 404 when the file is missing from storage."""
    name = field_file.name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response: HttpResponseBase
    if _accel_location():
        if not field_file.storage.exists(name):
            return not_found(request)
        response = accel_response(name, content_type)
    else:
        try:
            handle = field_file.storage.open(name, "rb")
        except OSError:
            return not_found(request)
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = (
        disposition or content_disposition_header(False, os.path.basename(name)) or "inline"
    )
    response["Content-Security-Policy"] = "default-src 'none'"  # an opened file never runs anything
    return response


def attachment_disposition(filename: str) -> str:
    return content_disposition_header(True, filename) or "attachment"


def _owner_of(name: str):
    """The document or image a stored file name belongs to, and its file; (None, None) for anything else."""
    Document, Image = get_document_model(), get_image_model()
    Rendition = Image.get_rendition_model()
    lookups = [
        (DOCUMENTS, lambda: Document.objects.filter(file=name).first(), None),
        (ORIGINALS, lambda: Image.objects.filter(file=name).first(), None),
        (RENDITIONS, lambda: Rendition.objects.filter(file=name).select_related("image").first(), "image"),
    ]
    # The folder names the likely model; the others are asked too (a custom upload_to), never the disk.
    lookups.sort(key=lambda lookup: not name.startswith(lookup[0]))
    for _folder, find, owner_attr in lookups:
        found = find()
        if found is not None:
            return (getattr(found, owner_attr) if owner_attr else found), found.file
    return None, None


def _safe_name(path: str) -> str | None:
    if not path or path.startswith("/") or "\\" in path or "\x00" in path:
        return None
    if any(part in ("", ".", "..") for part in path.split("/")):
        return None
    return path


@require_safe
def serve_media(request, path):
    """A file under MEDIA_URL, if it is a known upload and the requester may see it."""
    name = _safe_name(path)
    owner, field_file = _owner_of(name) if name else (None, None)
    if owner is None:
        return not_found(request)
    access = visibility.access_to(request.user, owner)
    if not access.allowed:
        return not_found(request)
    disposition = ""
    if isinstance(owner, get_document_model()):  # as Wagtail's document view: PDFs inline, others downloaded
        disposition = content_disposition_header(owner.content_disposition != "inline", owner.filename)
    response = file_response(request, field_file, disposition=disposition)
    return with_cache_policy(response, access) if response.status_code == 200 else response


# -- Wagtail's document view -----------------------------------------------------------------------------


def check_document(document, request):
    """before_serve_document: a 404 unless the requester may see it; the decision is kept for the headers."""
    access = visibility.access_to(getattr(request, "user", None), document)
    request.document_access = access
    return None if access.allowed else not_found(request)


def serve_document(request, document_id, document_filename):
    """Wagtail's document view with our Cache-Control: public documents a few minutes, others never stored."""
    response = wagtail_serve_document(request, document_id, document_filename)
    access = getattr(request, "document_access", None)
    if response.status_code in (200, 304):
        return with_cache_policy(response, access or visibility.Access(allowed=True, public=False))
    return response


def sendfile(request, filename, **kwargs):
    """SENDFILE_BACKEND for Wagtail's document view: nginx sends the bytes when an internal location is set."""
    root = os.path.realpath(settings.MEDIA_ROOT)
    path = os.path.realpath(filename)
    if _accel_location() and path.startswith(root + os.sep):
        name = os.path.relpath(path, root).replace(os.sep, "/")
        return accel_response(name, kwargs.get("mimetype") or "application/octet-stream")
    return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
