"""Labels only: 已废止 and 已失效 (the portal's wording) and the link to the newer policy named in Chinese.

The stored values (repealed, expired, superseded_by) keep their meaning: the older policy's validity still says
whether the newer one amends (已修改), repeals (已废止) or replaces (已失效) it, so no data changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interpretation", "0008_chinese_field_names"),
    ]

    operations = [
        migrations.AlterField(
            model_name="policydocumentpage",
            name="superseded_by",
            field=models.ForeignKey(
                blank=True,
                help_text="有效性为已修改、已废止或已失效时选择新文件(须已发布且主动公开):有效性为“已修改”即新文件修改本文件,“已废止”即新文件废止本文件。本文件页面显示“以新文件为准”,新文件页面显示“本文件修改/废止《本文件》”。",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="supersedes",
                to="interpretation.policydocumentpage",
                verbose_name="修改或废止本文件的新文件",
            ),
        ),
        migrations.AlterField(
            model_name="policydocumentpage",
            name="validity",
            field=models.CharField(
                choices=[
                    ("valid", "有效"),
                    ("amended", "已修改"),
                    ("repealed", "已废止"),
                    ("expired", "已失效"),
                    ("not_yet_effective", "尚未生效"),
                ],
                default="valid",
                max_length=20,
                verbose_name="有效性",
            ),
        ),
    ]
