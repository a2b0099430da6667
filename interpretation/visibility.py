"""Who may fetch a file: one rule for documents, images and renditions, decided at request time.

A file is public while at least one thing using it is public; it follows its owner, so it becomes public when
the owner is published and private again the moment the owner is unpublished, with nothing to keep in sync.
Uses come from Wagtail's reference index, which records a ParentalKey child's reference (an attachment, a
图解 image, a press kit item) under the page itself, with the child relation as the start of `model_path`.
A private file is shown only to those who may edit a page using it; an unused one to those who may choose
or change it in the library (their own uploads).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from interpretation.choices import DisclosureAttribute
from interpretation.models.policy import PolicyDocumentPage

#: The reference index's model_path of an event's press kit: public only once its embargo has passed.
PRESS_KIT_PATH = "press_kit."
#: Models outside the reference index that use images: (app label, model, image field, page field).
UNINDEXED_IMAGE_USES = (("events", "LiveEntry", "image", "event"),)


@dataclass(frozen=True)
class Use:
    """One use of a file: on a page (as a press kit item or otherwise), or by a non-page object."""

    page: Page | None
    press_kit: bool = False


@dataclass(frozen=True)
class Access:
    allowed: bool
    public: bool


# -- pages ---------------------------------------------------------------------------------------------


def publicly_visible_q():
    """The condition on a Page row that publicly_visible_pages() filters by: live (so not expired), not behind a
    view restriction, and no policy outside public_policies() (live and 主动公开), nor a material of one.

    As a condition, not a set, it is evaluated only on the rows a listing looks at: an explorer of one section
    of a county's 50,000 policies checks that section's pages, not every public page.
    """
    from django.db.models import CharField
    from django.db.models.functions import Length, Substr
    from django.db.models.lookups import In

    # Not in public_policies(): not 主动公开, or not live (a view restriction is private_q()'s job, and it covers
    # the materials below). Two sets, each read from its own partial index (interpretation migration 0007): the
    # few withheld and the few unpublished policies, never a join of every policy with its page.
    withheld = PolicyDocumentPage.objects.filter(~Q(disclosure_attribute=DisclosureAttribute.PROACTIVE))
    unpublished = PolicyDocumentPage.objects.filter(live=False)
    # Materials are a policy's children and have no children of their own (MaterialPage.subpage_types): a row is
    # hidden when its parent's path is a hidden policy's. (A live row is never an unpublished policy itself.)
    parent_path = Substr("path", 1, Length("path") - Page.steplen, output_field=CharField())
    return (
        Q(live=True)
        & ~Page.objects.all().private_q()
        & ~Q(pk__in=withheld.values("pk"))
        & ~Q(In(parent_path, withheld.values("path")))
        & ~Q(In(parent_path, unpublished.values("path")))
    )


def publicly_visible_pages():
    """Pages anyone may read on the site, as one queryset (see publicly_visible_q)."""
    return Page.objects.filter(publicly_visible_q())


def is_publicly_visible(page) -> bool:
    """The one rule (publicly_visible_pages) asked of one page."""
    return publicly_visible_pages().filter(pk=page.pk).exists()


def user_may_edit(user, page) -> bool:
    """May edit the page, or reviews it on its current workflow task (审签, 公开属性审核)."""
    if user is None or not (user.is_authenticated and user.is_active):
        return False
    if page.permissions_for_user(user).can_edit():
        return True
    task = page.current_workflow_task
    return task is not None and task.specific.user_can_access_editor(page, user)


def press_kit_is_public(event) -> bool:
    return is_publicly_visible(event) and event.press_kit_released()


def user_may_get_press_kit(user, event) -> Access:
    """The event's editors get the press kit before its embargo (to check it); everyone else after it."""
    if press_kit_is_public(event):
        return Access(allowed=True, public=True)
    return Access(allowed=user_may_edit(user, event), public=False)


# -- files ---------------------------------------------------------------------------------------------


def uses_of(obj) -> list[Use]:
    """Every recorded use of a document or image; a page that uses it twice in different ways counts twice."""
    page_type = ContentType.objects.get_for_model(Page)
    paths: dict[int, set[str]] = {}
    non_page = False
    for type_id, object_id, model_path in ReferenceIndex.get_references_to(obj).values_list(
        "base_content_type_id", "object_id", "model_path"
    ):
        if type_id == page_type.pk:
            paths.setdefault(int(object_id), set()).add(model_path)
        else:
            non_page = True  # a snippet or a site setting: shown wherever it is used, so public
    uses = [Use(None)] if non_page else []
    if _is_image(obj):
        for page_id in _unindexed_image_pages(obj):
            paths.setdefault(page_id, set()).add("")
    for page in Page.objects.filter(pk__in=paths).specific():
        kinds = {path.startswith(PRESS_KIT_PATH) for path in paths[page.pk]}
        uses.extend(Use(page, press_kit=kind) for kind in sorted(kinds))
    return uses


def _is_image(obj) -> bool:
    from wagtail.images import get_image_model

    return isinstance(obj, get_image_model())


def _is_document(obj) -> bool:
    from wagtail.documents import get_document_model

    return isinstance(obj, get_document_model())


def _unindexed_image_pages(image) -> set[int]:
    pages = set()
    for app_label, model_name, image_field, page_field in UNINDEXED_IMAGE_USES:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        pages.update(model.objects.filter(**{image_field: image}).values_list(f"{page_field}_id", flat=True))
    return pages


def _use_is_public(use: Use, seen: dict[int, bool]) -> bool:
    if use.page is None:
        return True
    if use.page.pk not in seen:
        seen[use.page.pk] = is_publicly_visible(use.page)
    if not seen[use.page.pk]:
        return False
    return not use.press_kit or use.page.press_kit_released()


def _in_restricted_folder(obj) -> bool:
    """Wagtail's folder privacy only adds to this rule: a document in a private folder is never public."""
    return _is_document(obj) and obj.collection.get_view_restrictions().exists()


def access_to(user, obj) -> Access:
    """Whether `user` (anonymous too) may fetch this document or image, and whether it is public."""
    uses = uses_of(obj)
    seen: dict[int, bool] = {}
    if not _in_restricted_folder(obj) and any(_use_is_public(use, seen) for use in uses):
        return Access(allowed=True, public=True)
    if user is None or not (user.is_authenticated and user.is_active):
        return Access(allowed=False, public=False)
    pages = {use.page.pk: use.page for use in uses if use.page is not None}
    if pages:
        return Access(allowed=any(user_may_edit(user, page) for page in pages.values()), public=False)
    policy = policy_registry.get_by_type(type(obj))
    allowed = policy.user_has_any_permission_for_instance(user, ["change", "choose"], obj)
    return Access(allowed=allowed, public=False)


def document_is_public(document) -> bool:
    return access_to(None, document).public


def image_is_public(image) -> bool:
    return access_to(None, image).public


def user_may_see_document(user, document) -> bool:
    return access_to(user, document).allowed


def user_may_see_image(user, image) -> bool:
    return access_to(user, image).allowed
