"""Room for the encrypted signing secret and the pull token's digest (0005 fills them, 0006 drops the clear ones).

The clear columns lose their unique constraint and callable defaults first, so that going back (0006 re-adding
them empty) works on a table with rows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_disclosing_body_required")]

    operations = [
        migrations.AlterField(
            model_name="presspartner",
            name="pull_token",
            field=models.CharField(blank=True, default="", max_length=80, verbose_name="获取令牌"),
        ),
        migrations.AlterField(
            model_name="presspartner",
            name="webhook_secret",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="签名密钥"),
        ),
        migrations.AddField(
            model_name="presspartner",
            name="webhook_secret_ciphertext",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="签名密钥(已加密)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="presspartner",
            name="webhook_secret_set_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="签名密钥生成时间"),
        ),
        migrations.AddField(
            model_name="presspartner",
            name="pull_token_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64, verbose_name="获取令牌摘要"),
        ),
        migrations.AddField(
            model_name="presspartner",
            name="pull_token_hint",
            field=models.CharField(blank=True, editable=False, max_length=4, verbose_name="获取令牌末四位", default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="presspartner",
            name="pull_token_set_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="获取令牌生成时间"),
        ),
    ]
