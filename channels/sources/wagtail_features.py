"""The "upstream-image" rich-text feature: images hotlinked from an upstream page survive the editor.

Wagtail's editor only knows images from its own library (``<embed embedtype="image" id=…>``); an
``<img src>`` in a stored body is silently dropped on the first save. Upstream bodies keep their
images as ``<img src alt/>`` (``rich_text.image_tag``): this feature reads them as the editor's
IMAGE entity (shown with its ``src``, no library id) and writes an IMAGE entity without an id back
as ``<img>``; entities with an id are written exactly as Wagtail does. The feature is not one of the
default features: only the watcher's drafts list it (``rich_text.DRAFT_FEATURES``, after Wagtail's own
"image", so its writer is the one used), so a page written by editors still drops hotlinked images. In
the editor it adds nothing (the IMAGE entity type, its display and its chooser, are the "image" feature's).
"""

from __future__ import annotations

from draftjs_exporter.dom import DOM
from wagtail import hooks
from wagtail.admin.rich_text.converters.contentstate_models import Entity
from wagtail.admin.rich_text.converters.html_to_contentstate import AtomicBlockEntityElementHandler
from wagtail.admin.rich_text.editors.draftail.features import Feature
from wagtail.images.rich_text.contentstate import image_entity

from .rich_text import UPSTREAM_IMAGE

FEATURE = UPSTREAM_IMAGE


class UpstreamImageHandler(AtomicBlockEntityElementHandler):
    def create_entity(self, name, attrs, state, contentstate):
        return Entity("IMAGE", "IMMUTABLE", {"id": None, "src": attrs.get("src") or "", "alt": attrs.get("alt") or ""})


class ConverterOnly(Feature):
    """Nothing to add to the editor's toolbar or entity types: the IMAGE entity is Wagtail's "image" feature's."""

    def construct_options(self, options) -> None:
        pass


def upstream_or_library_image(props):
    if props.get("id") is not None:
        return image_entity(props)
    return DOM.create_element("img", {"alt": props.get("alt") or "", "src": props.get("src") or ""})


def register(features) -> None:
    features.register_converter_rule(
        "contentstate",
        FEATURE,
        {
            "from_database_format": {"img[src]": UpstreamImageHandler()},
            "to_database_format": {"entity_decorators": {"IMAGE": upstream_or_library_image}},
        },
    )
    features.register_editor_plugin("draftail", FEATURE, ConverterOnly())


hooks.register("register_rich_text_features", register, order=100)
