"""Stored upstream bodies rebuilt into the editor's form, so that the first poll after deploying raises no change flag.

Bodies stored before the rich-text change are sanitised HTML (``sanitize_html``); the intake now stores
``rich_text.clean_body``: the same sanitised HTML rebuilt by ``to_editor_html``. Without this migration the first
poll compares a new-form body with an old-form one and flags every drafted policy "上游原文已变更 (正文)".

``to_editor_html`` is pure and stable (converting a new-form body gives it back), so running it over every stored
body is safe. The fingerprints are the intake's own (``content_fingerprint``, ``listing_fingerprint``) over the
record's fields: a stored hash is replaced only when the same fields with the old body reproduce it, so a hash the
record's fields cannot explain (a truncated title, a listing that differs from the detail page) is left as it is
(the next poll then compares field by field, and finds the converted body unchanged).
"""

from datetime import UTC
from zoneinfo import ZoneInfo

from django.db import migrations

BATCH = 500
CHINA_TZ = ZoneInfo("Asia/Shanghai")  # how the parsers date an item without a zone (channels.sources.dates)


def _items(record, body_html):
    """The items the intake may have fingerprinted for ``record``: its published time in the zone the parser gave
    (China, else UTC) and its 文号 as given (None when the listing had none) — all with ``body_html``."""
    from channels.sources.items import Attachment, UpstreamItem

    attachments = tuple(Attachment(url=a.get("url", ""), title=a.get("title", "")) for a in record.attachments or [])
    zones = (CHINA_TZ, UTC) if record.published else (None,)
    numbers = (record.document_number,) if record.document_number else (None, "")
    for zone in zones:
        for number in numbers:
            yield UpstreamItem(
                guid=record.guid,
                url=record.url,
                title=record.title,
                published=record.published.astimezone(zone) if zone else None,
                summary=record.summary,
                document_number=number,
                body_html=body_html,
                attachments=attachments,
            )


def _refingerprint(stored: str, fingerprint, record, old_body: str, new_body: str) -> str:
    """``stored`` recomputed with the new body, when the record's fields with the old body reproduce it."""
    for old, new in zip(_items(record, old_body or None), _items(record, new_body or None), strict=True):
        if fingerprint(old) == stored:
            return fingerprint(new)
    return stored


def convert_bodies(apps, schema_editor):
    from channels.sources.rich_text import to_editor_html
    from channels.watcher.intake import content_fingerprint, listing_fingerprint

    record_model = apps.get_model("watcher", "UpstreamRecord")
    with_body = record_model.objects.exclude(body_html="").order_by("pk")
    last_pk = 0
    while batch := list(with_body.filter(pk__gt=last_pk)[:BATCH]):  # by primary key: no cursor open while writing
        last_pk = batch[-1].pk
        changed = []
        for record in batch:
            old_body = record.body_html
            new_body = to_editor_html(old_body)
            if new_body == old_body:
                continue  # already in the editor's form
            record.body_html = new_body
            record.content_hash = _refingerprint(record.content_hash, content_fingerprint, record, old_body, new_body)
            record.listing_hash = _refingerprint(record.listing_hash, listing_fingerprint, record, old_body, new_body)
            changed.append(record)
        record_model.objects.bulk_update(changed, ["body_html", "content_hash", "listing_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("watcher", "0008_hanweb_source_kind"),
    ]

    operations = [
        migrations.RunPython(convert_bodies, migrations.RunPython.noop, elidable=True),
    ]
