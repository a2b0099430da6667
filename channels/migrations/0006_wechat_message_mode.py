"""Each account's message mode (明文/兼容/安全模式). New accounts default to 安全模式; accounts entered before the
field existed keep answering the pushes they got so far: 兼容模式 takes both cleartext and encrypted pushes, and their
administrator switches to 安全模式 once WeChat's 服务器配置 says so."""

from django.db import migrations, models


def existing_accounts_compatible(apps, schema_editor):
    apps.get_model("delivery_channels", "WeChatAccount").objects.update(message_mode="compat")


class Migration(migrations.Migration):
    dependencies = [
        ("delivery_channels", "0005_wechat_accounts_and_county_offers"),
    ]

    operations = [
        migrations.AddField(
            model_name="wechataccount",
            name="message_mode",
            field=models.CharField(
                choices=[("plain", "明文模式"), ("compat", "兼容模式"), ("safe", "安全模式")],
                default="safe",
                help_text="与公众号后台“服务器配置”中的选择一致。安全模式只接受加密的回调,可防止伪造;兼容模式加密和明文都接受;未填写 EncodingAESKey 时按明文模式处理。",
                max_length=10,
                verbose_name="消息加解密方式",
            ),
        ),
        migrations.RunPython(existing_accounts_compatible, migrations.RunPython.noop),
    ]
