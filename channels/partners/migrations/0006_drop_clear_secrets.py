"""The clear signing secret and pull token go; the digest becomes the token's unique key."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_encrypt_secrets_hash_tokens")]

    operations = [
        migrations.RemoveField(model_name="presspartner", name="webhook_secret"),
        migrations.RemoveField(model_name="presspartner", name="pull_token"),
        migrations.AlterField(
            model_name="presspartner",
            name="pull_token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True, verbose_name="获取令牌摘要"),
        ),
    ]
