"""政府信息公开申请: one application, its applicant (personal data) and what is sought (条例第二十九条).

The applicant's identifiers are encrypted at rest (cms.foundation.encrypted); the id number also keeps a keyed
digest so that one applicant's applications can be counted (信息处理费 按件) without a clear column.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cms.foundation import vault
from cms.foundation.encrypted import EncryptedCharField, EncryptedEmailField
from interpretation.disclosure_requests.choices import (
    ApplicantKind,
    Channel,
    DeliveryMethod,
    IdDocumentType,
    InformationForm,
    OrganizationType,
    Status,
)

#: The fields that identify the applicant: masked or hidden outside the handling office, blanked after retention.
PERSONAL_FIELDS = ("id_number", "phone", "email", "address", "postcode")
#: The purpose the id number's keyed digest is derived for (vault.keyed_digest).
ID_DIGEST_PURPOSE = "disclosure_requests.id_number"


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper()


class InformationRequestQuerySet(models.QuerySet["InformationRequest"]):
    def open(self) -> InformationRequestQuerySet:
        return self.filter(status__in=(Status.SUBMITTED, Status.PROCESSING, Status.AMENDMENT))

    def running(self) -> InformationRequestQuerySet:
        """Cases whose reply clock runs (received, not waiting for a 补正, not closed)."""
        return self.filter(status=Status.PROCESSING)

    def closed(self) -> InformationRequestQuerySet:
        return self.exclude(status__in=(Status.SUBMITTED, Status.PROCESSING, Status.AMENDMENT))

    def with_id_number(self, number: str) -> InformationRequestQuerySet:
        """The applications of the applicant with this id number (by keyed digest: the number itself is encrypted)."""
        digests = vault.keyed_digests(normalize_id_number(number), ID_DIGEST_PURPOSE)
        return self.filter(id_number_digest__in=digests) if digests else self.none()


class InformationRequest(models.Model):
    #: Columns holding cms.foundation.vault ciphertext (manage.py rotate_secrets re-encrypts them).
    ENCRYPTED_FIELDS = PERSONAL_FIELDS

    disclosing_body = models.ForeignKey(
        "bodies.DisclosingBody", verbose_name="公开主体", on_delete=models.PROTECT, related_name="information_requests"
    )
    number = models.CharField("申请编号", max_length=20, editable=False)
    code_digest = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    received_on = models.DateField(
        "收到申请之日",
        null=True,
        blank=True,
        help_text="按条例第三十一条确定;网上、传真、电子邮件申请以双方确认之日为准。",
    )
    # The applicant (条例第二十九条第二款第一项).
    applicant_kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    organization_type = models.CharField(
        "组织类别", max_length=20, choices=OrganizationType.choices, blank=True, help_text="法人或者其他组织填写"
    )
    applicant_name = models.CharField("姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdDocumentType.choices)
    id_number = EncryptedCharField("证件号码", max_length=40, blank=True)
    id_number_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    contact_person = models.CharField("联系人", max_length=40, blank=True, help_text="法人或者其他组织填写")
    phone = EncryptedCharField("联系电话", max_length=40, blank=True)
    email = EncryptedEmailField("电子邮箱", blank=True)
    address = EncryptedCharField("通信地址", max_length=200, blank=True)
    postcode = EncryptedCharField("邮政编码", max_length=10, blank=True)
    # What is sought (第二项) and in which form (第三项).
    title = models.CharField("所需信息名称", max_length=200)
    document_number = models.CharField("文号", max_length=60, blank=True)
    description = models.TextField("所需信息的其他特征性描述", blank=True)
    purpose = models.TextField("用途(选填)", blank=True)
    information_form = models.CharField("提供形式", max_length=20, choices=InformationForm.choices)
    delivery_method = models.CharField("获取方式", max_length=20, choices=DeliveryMethod.choices)
    # Handling.
    department = models.ForeignKey(
        "interpretation.DraftingDepartment",
        verbose_name="承办部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="information_requests",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    personal_data_purged_on = models.DateField("个人信息删除日期", null=True, blank=True, editable=False)
    offered_for_proactive = models.BooleanField("已提请主动公开", default=False)

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["disclosing_body", "number"], name="unique_request_number_per_body")
        ]
        permissions = [("view_personal_data", "查看申请人个人信息(审计管理员)")]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        for name, value in self.lookup_digests().items():
            setattr(self, name, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "id_number_digest"}
        super().save(*args, **kwargs)

    def lookup_digests(self) -> dict[str, str]:
        """The keyed digest columns, under the first key (save and rotate_secrets keep them current)."""
        return {"id_number_digest": vault.keyed_digest(normalize_id_number(self.id_number), ID_DIGEST_PURPOSE)}

    @property
    def is_open(self) -> bool:
        return self.status in (Status.SUBMITTED, Status.PROCESSING, Status.AMENDMENT)

    @property
    def sought(self) -> str:
        """The information sought in one line, as the letter and listings quote it."""
        return f"{self.title}({self.document_number})" if self.document_number else self.title
