"""Press kit (新闻资料) under embargo: only this app serves it, and only once the embargo has passed.

Wagtail serves every document at /documents/<id>/ unless its folder (collection) is restricted, so a
press kit under embargo must sit in a restricted folder; the event page form refuses it otherwise.
"""

from django.utils.translation import gettext as _
from wagtail.models import Collection, CollectionViewRestriction

PRESS_KIT_COLLECTION = "新闻资料(禁发)"


def press_kit_collection() -> Collection:
    """The restricted folder for press kits (login required at /documents/), created when first needed."""
    collection = Collection.objects.filter(name=PRESS_KIT_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PRESS_KIT_COLLECTION)
    if not collection.get_view_restrictions().exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def is_held_back(document) -> bool:
    """True when Wagtail's own document URL does not serve this file to the public."""
    return document.collection.get_view_restrictions().exists()


def embargo_message(event) -> str:
    from django.utils import timezone
    from django.utils.formats import date_format

    when = date_format(timezone.localtime(event.press_kit_embargo_until), "Y年n月j日 H:i")
    return _("新闻资料处于禁发期,将于 %(when)s 解禁后提供。") % {"when": when}
