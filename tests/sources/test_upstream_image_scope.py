"""Only the watcher's drafts keep an image hotlinked from upstream: a page written by editors (a policy body, a
material, an event's transcript) drops it on save, as Wagtail always did, and keeps every default editor feature."""

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import features

from channels.sources.rich_text import DRAFT_FEATURES, UPSTREAM_IMAGE, WAGTAIL_DEFAULT_FEATURES, image_tag
from channels.watcher.models import RepublicationPage
from interpretation.events.models.pages import EventPage
from interpretation.models.materials import TextMaterialPage
from interpretation.models.policy import PolicyDocumentPage

HOTLINKED = image_tag("https://www.other-host.example/upload/chart.png", "图表")
BODY = f'<p>一、总体要求</p>{HOTLINKED}<p>二、<b>主要任务</b>,详见<a href="https://www.gov.cn/zc/1">原文</a>。</p>'

EDITORS_FIELDS = [
    (PolicyDocumentPage, "body"),
    (TextMaterialPage, "body"),
    (EventPage, "transcript"),
]


def saved_through_editor(model, field_name: str, html: str) -> str:
    """``html`` read into the field's editor and written back, with the field's features (as its form does: Wagtail's
    defaults when it lists none)."""
    field = model._meta.get_field(field_name)
    converter = ContentstateConverter(features=field.features or features.get_default_features())
    return converter.to_database_format(converter.from_database_format(html))


@pytest.mark.parametrize(("model", "field_name"), EDITORS_FIELDS)
def test_a_page_written_by_editors_drops_a_hotlinked_image(model, field_name):
    stored = saved_through_editor(model, field_name, BODY)

    assert "<img" not in stored
    assert "一、总体要求" in stored and "<b>主要任务</b>" in stored and 'href="https://www.gov.cn/zc/1"' in stored


def test_the_watchers_draft_keeps_the_hotlinked_image():
    stored = saved_through_editor(RepublicationPage, "body", BODY)

    assert HOTLINKED in stored
    assert stored.index("一、总体要求") < stored.index("<img") < stored.index("主要任务")


@pytest.mark.parametrize(("model", "field_name"), [*EDITORS_FIELDS, (RepublicationPage, "body")])
def test_each_edit_form_uses_its_fields_features(model, field_name):
    converter = model._meta.get_field(field_name).formfield().widget.converter
    stored = converter.to_database_format(converter.from_database_format(BODY))

    assert (HOTLINKED in stored) is (model is RepublicationPage)


def test_upstream_images_are_no_default_feature_and_drafts_keep_every_default():
    defaults = features.get_default_features()

    assert UPSTREAM_IMAGE not in defaults
    assert list(WAGTAIL_DEFAULT_FEATURES) == defaults  # a default added (or dropped) by an upgrade is noticed here
    assert DRAFT_FEATURES == [*defaults, UPSTREAM_IMAGE]  # after "image", so the upstream writer is the one used
    assert features.get_editor_plugin("draftail", UPSTREAM_IMAGE) is not None
