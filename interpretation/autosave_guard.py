"""A create form that autosave already saved is never saved a second time as a new page.

Wagtail 8's autosave POSTs the create form in the background; its first save creates the page and the browser
then points the form at the new page's edit view. A 保存草稿 or 提交审核 that still reaches the create view (the
autosave still in flight, or its answer lost) would make a second page of the same form: Wagtail refused it with
"The slug '…' is already in use". The create view remembers, for this session and this form, the page its
autosave made, and sends such a submission on to that page's edit view with a 307 (the browser re-posts the
same form there), so the editor's action applies to the page they were writing.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseRedirect
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page

SESSION_KEY = "interpretation.autosaved_creations"


def _expects_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _form_key(parent_page, page_class) -> str:
    """The create form: this parent, this page type (one open create form of each per session is the rule)."""
    content_type = ContentType.objects.get_for_model(page_class)
    return f"{parent_page.pk}:{content_type.pk}"


def _remembered(request) -> dict:
    return dict(request.session.get(SESSION_KEY, {}))


def _autosaved_draft(parent_page, page_id):
    """The page autosave made, while it is still that form's never-published draft under the same parent."""
    page = Page.objects.filter(pk=page_id, first_published_at__isnull=True, live=False).first()
    return page if page is not None and page.get_parent().pk == parent_page.pk else None


@hooks.register("before_create_page")
def submit_to_the_autosaved_page(request, parent_page, page_class):
    remembered = _remembered(request)
    key = _form_key(parent_page, page_class)
    if request.method != "POST":
        if remembered.pop(key, None) is not None:  # a fresh create form: it is a new page
            request.session[SESSION_KEY] = remembered
        return None
    if _expects_json(request) or key not in remembered:
        return None
    page = _autosaved_draft(parent_page, remembered.pop(key))
    request.session[SESSION_KEY] = remembered
    if page is None:
        return None
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    return HttpResponseRedirect(url, status=307)


@hooks.register("after_create_page")
def remember_the_autosaved_page(request, page):
    """Autosave's creation is remembered for the form; the form's own submission ends the memory."""
    remembered = _remembered(request)
    key = _form_key(page.get_parent(), page.specific_class)
    if _expects_json(request):
        remembered[key] = page.pk
    else:
        remembered.pop(key, None)
    request.session[SESSION_KEY] = remembered
