"""Press kit (新闻资料) under embargo: held back by interpretation.visibility until the embargo has passed.

Before the embargo only the event's editors can fetch a press kit file, at /documents/<id>/ as at
/events/<id>/press-kit/<item>/; afterwards everyone can, as long as the event is public. The folder below is
only where the demo and editors keep press kits: it no longer needs (or gets) a view restriction.
"""

from django.utils.translation import gettext as _
from wagtail.models import Collection

PRESS_KIT_COLLECTION = "新闻资料(禁发)"


def press_kit_collection() -> Collection:
    """The library folder for press kits, created when first needed."""
    collection = Collection.objects.filter(name=PRESS_KIT_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PRESS_KIT_COLLECTION)
    return collection


def embargo_message(event) -> str:
    from django.utils import timezone
    from django.utils.formats import date_format

    when = date_format(timezone.localtime(event.press_kit_embargo_until), "Y年n月j日 H:i")
    return _("新闻资料处于禁发期,将于 %(when)s 解禁后提供。") % {"when": when}
