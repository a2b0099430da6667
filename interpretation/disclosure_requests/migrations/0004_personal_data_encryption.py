"""Encrypt the applicants' identifiers already stored, and key the id number's digest for lookups; check uploads.

The columns become `text` holding vault ciphertext (cms.foundation.encrypted). Reversible: going back decrypts the
rows in place (with the keys configured at that time) before the columns return to their old types. Values are
read and written raw (Cast/Value), past the fields' own encryption, so that a partly run migration resumes.
"""

import cms.foundation.encrypted
import interpretation.disclosure_requests.uploads
from django.db import migrations, models
from django.db.models import TextField, Value
from django.db.models.functions import Cast

FIELDS = ("id_number", "phone", "email", "address", "postcode")


def _raw_rows(InformationRequest):
    annotated = InformationRequest.objects.annotate(**{f"raw_{name}": Cast(name, TextField()) for name in FIELDS})
    return annotated.values_list("pk", *(f"raw_{name}" for name in FIELDS)).iterator()


def _is_ciphertext(value: str) -> bool:
    from cms.foundation import vault

    if not value.isascii():  # a Chinese address is clear text; ciphertext is base64
        return False
    try:
        vault.decrypt(value)
    except vault.UndecryptableSecret:
        return False
    return True


def encrypt_existing(apps, schema_editor):
    from cms.foundation import vault

    InformationRequest = apps.get_model("disclosure_requests", "InformationRequest")
    for pk, *stored in _raw_rows(InformationRequest):
        plain = dict(zip(FIELDS, stored, strict=True))
        values = {
            name: Value(vault.encrypt(value), TextField())
            for name, value in plain.items()
            if value and not _is_ciphertext(value)
        }
        if not values:
            continue
        number = plain["id_number"] if "id_number" in values else vault.decrypt(plain["id_number"] or "")
        values["id_number_digest"] = vault.keyed_digest(number.strip().upper(), "disclosure_requests.id_number")
        InformationRequest.objects.filter(pk=pk).update(**values)


def decrypt_existing(apps, schema_editor):
    from cms.foundation import vault

    InformationRequest = apps.get_model("disclosure_requests", "InformationRequest")
    for pk, *stored in _raw_rows(InformationRequest):
        values = {
            name: Value(vault.decrypt(value), TextField())
            for name, value in zip(FIELDS, stored, strict=True)
            if value and _is_ciphertext(value)
        }
        if values:
            InformationRequest.objects.filter(pk=pk).update(**values)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure_requests", "0003_annual_report_tables"),
    ]

    operations = [
        migrations.AlterField(
            model_name="informationrequest",
            name="id_number",
            field=cms.foundation.encrypted.EncryptedCharField(blank=True, max_length=40, verbose_name="证件号码"),
        ),
        migrations.AlterField(
            model_name="informationrequest",
            name="phone",
            field=cms.foundation.encrypted.EncryptedCharField(blank=True, max_length=40, verbose_name="联系电话"),
        ),
        migrations.AlterField(
            model_name="informationrequest",
            name="email",
            field=cms.foundation.encrypted.EncryptedEmailField(blank=True, max_length=254, verbose_name="电子邮箱"),
        ),
        migrations.AlterField(
            model_name="informationrequest",
            name="address",
            field=cms.foundation.encrypted.EncryptedCharField(blank=True, max_length=200, verbose_name="通信地址"),
        ),
        migrations.AlterField(
            model_name="informationrequest",
            name="postcode",
            field=cms.foundation.encrypted.EncryptedCharField(blank=True, max_length=10, verbose_name="邮政编码"),
        ),
        migrations.AddField(
            model_name="informationrequest",
            name="id_number_digest",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing, elidable=False),
        migrations.AlterField(
            model_name="disclosedfile",
            name="file",
            field=models.FileField(
                upload_to="disclosure_requests/%Y/%m/",
                validators=[interpretation.disclosure_requests.uploads.validate_upload],
                verbose_name="文件",
            ),
        ),
    ]
