"""A row that met its target's configuration error used to fail (失败) with the target, and re-enabling the target
reopened every failed row of class config. Such a row now waits with the target's other rows (ledger.runs), and
re-enabling resumes waiting rows only: the rows of a target paused today are moved to waiting, so that re-enabling
it sends them on as before. Failed config rows of a target no longer paused stay for a person's retry."""

from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone


def failed_rows_of_paused_targets_wait(apps, schema_editor):
    Delivery = apps.get_model("delivery_channels", "Delivery")
    ChannelTargetState = apps.get_model("delivery_channels", "ChannelTargetState")
    paused = ChannelTargetState.objects.filter(channel=OuterRef("channel"), target=OuterRef("target"), enabled=False)
    Delivery.objects.filter(Exists(paused), state="failed", last_error_class="config").update(
        state="retrying", next_attempt_at=timezone.now(), offered_at=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("delivery_channels", "0006_wechat_message_mode"),
    ]

    operations = [
        migrations.RunPython(failed_rows_of_paused_targets_wait, migrations.RunPython.noop),
    ]
