"""Delivery.page is required and replaces Delivery.policy; a row still names exactly one content version."""

import django.db.models.deletion
from django.db import migrations, models


def restore_policy(apps, schema_editor):
    """Going back: a policy row names its policy again (its page)."""
    Delivery = apps.get_model("delivery_channels", "Delivery")
    Delivery.objects.filter(release__isnull=False).update(policy_id=models.F("page_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("delivery_channels", "0003_delivery_page"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="delivery", name="delivery_exactly_one_subject"),
        migrations.RunPython(migrations.RunPython.noop, restore_policy, elidable=False),
        migrations.RemoveField(model_name="delivery", name="policy"),
        migrations.AlterField(
            model_name="delivery",
            name="page",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="deliveries",
                to="wagtailcore.page",
                verbose_name="页面",
                help_text="所分发的页面:政策文件、转载或活动",
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(release__isnull=False, republication_release__isnull=True, event_release__isnull=True),
                    models.Q(release__isnull=True, republication_release__isnull=False, event_release__isnull=True),
                    models.Q(release__isnull=True, republication_release__isnull=True, event_release__isnull=False),
                    _connector="OR",
                ),
                name="delivery_exactly_one_subject",
            ),
        ),
    ]
