"""Every ledger row points at the page it delivers (Delivery.page), filled in here from its content version:
a policy release's policy, a republication release's page, an event release's event."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill_page(apps, schema_editor):
    Delivery = apps.get_model("delivery_channels", "Delivery")
    versions = {
        "release": (apps.get_model("interpretation", "BundleRelease"), "policy_id"),
        "republication_release": (apps.get_model("watcher", "RepublicationRelease"), "page_id"),
        "event_release": (apps.get_model("events", "EventRelease"), "event_id"),
    }
    for field, (model, page_field) in versions.items():
        page_of_version = model.objects.filter(pk=OuterRef(f"{field}_id")).values(page_field)[:1]
        Delivery.objects.filter(**{f"{field}__isnull": False}).update(page_id=Subquery(page_of_version))
    missing = list(Delivery.objects.filter(page__isnull=True).values_list("pk", flat=True)[:10])
    if missing:
        raise RuntimeError(f"deliveries without a page after the backfill (first ids: {missing})")


class Migration(migrations.Migration):
    dependencies = [
        ("delivery_channels", "0002_delivery_subjects"),
        ("events", "0002_press_kit_phase"),
        ("interpretation", "0002_search_text"),
        ("wagtailcore", "0098_apitoken"),
        ("watcher", "0002_ignore_older_default"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="page",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="deliveries",
                to="wagtailcore.page",
                verbose_name="页面",
                help_text="所分发的页面:政策文件、转载或活动",
            ),
        ),
        migrations.RunPython(backfill_page, migrations.RunPython.noop, elidable=False),
    ]
