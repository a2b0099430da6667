"""What happens to an application: 补正, extension, consultations, notes, the reply and the files disclosed."""

from django.conf import settings
from django.db import models

from interpretation.disclosure_requests import uploads
from interpretation.disclosure_requests.choices import (
    ConsultationKind,
    DeliveryMethod,
    NoteKind,
    ReplyType,
    WithholdingGround,
)


class AmendmentRequest(models.Model):
    """补正告知 (条例第三十条): the clock stops; it restarts from the day the completed application arrives."""

    request = models.ForeignKey(
        "InformationRequest", verbose_name="申请", on_delete=models.CASCADE, related_name="amendments"
    )
    issued_on = models.DateField("告知日期")
    items = models.TextField("需要补正的事项")
    period_days = models.PositiveSmallIntegerField("补正期限(工作日)")
    deadline_on = models.DateField("补正截止日期", editable=False)
    completed_on = models.DateField("收到补正申请之日", null=True, blank=True)
    completion_note = models.TextField("补正内容", blank=True)
    lapsed_on = models.DateField("逾期未补正日期", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "补正告知"
        verbose_name_plural = "补正告知"
        ordering = ["issued_on", "pk"]

    def __str__(self):
        return f"补正告知 {self.issued_on}"

    @property
    def is_open(self) -> bool:
        return self.completed_on is None and self.lapsed_on is None


class Extension(models.Model):
    """延长答复期限 (条例第三十三条第二款): once, at most 20 working days, approved by the office's head."""

    request = models.OneToOneField(
        "InformationRequest", verbose_name="申请", on_delete=models.CASCADE, related_name="extension"
    )
    days = models.PositiveSmallIntegerField("延长工作日数")
    reason = models.TextField("延长理由")
    approved_by = models.CharField("批准人(政府信息公开工作机构负责人)", max_length=40)
    approved_on = models.DateField("批准日期")
    notified_on = models.DateField("告知申请人日期")
    notice_method = models.CharField("告知方式", max_length=20, choices=DeliveryMethod.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "延期答复"
        verbose_name_plural = "延期答复"

    def __str__(self):
        return f"延长{self.days}个工作日"


class Consultation(models.Model):
    """征求意见: time spent waiting for a third party or another organ does not count (条例第三十三条第三款)."""

    request = models.ForeignKey(
        "InformationRequest", verbose_name="申请", on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField("类型", max_length=20, choices=ConsultationKind.choices)
    party = models.CharField("被征求意见方", max_length=100)
    served_on = models.DateField("征求意见书送达日期")
    answered_on = models.DateField("收到意见日期", null=True, blank=True)
    opinion = models.TextField("意见", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["served_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}:{self.party}"


class HandlingNote(models.Model):
    """交办、检索和会商记录: what was done, by whom, when; the file a reviewer reads."""

    request = models.ForeignKey("InformationRequest", on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField("类型", max_length=20, choices=NoteKind.choices)
    text = models.TextField("内容")
    at = models.DateTimeField("时间", auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]


class Reply(models.Model):
    """答复 (条例第三十六条), carried by the 告知书 generated from it."""

    request = models.OneToOneField(
        "InformationRequest", verbose_name="申请", on_delete=models.CASCADE, related_name="reply"
    )
    reply_type = models.CharField("答复类型", max_length=20, choices=ReplyType.choices)
    replied_on = models.DateField("答复日期")
    letter_number = models.CharField("告知书编号", max_length=60)
    content = models.TextField("答复内容", blank=True, help_text="写入告知书正文,如提供的信息、获取方式和时间")
    proactive_url = models.URLField("主动公开网址", blank=True)
    withholding_ground = models.CharField("不予公开理由", max_length=30, choices=WithholdingGround.choices, blank=True)
    legal_basis = models.TextField("法律依据和理由说明", blank=True)
    other_body_name = models.CharField("负责公开的机关", max_length=100, blank=True)
    other_body_contact = models.CharField("该机关联系方式", max_length=200, blank=True)
    special_law = models.CharField("有关法律、行政法规", max_length=200, blank=True)
    catalogue_title = models.CharField(
        "目录名称",
        max_length=200,
        blank=True,
        help_text="予以公开、部分公开的信息以此名称列入依申请公开目录,在网站公开;不得含申请人姓名等个人信息。留空则不列入。",
    )
    fee = models.DecimalField("信息处理费(元)", max_digits=10, decimal_places=2, default=0)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_method = models.CharField("送达方式", max_length=20, choices=DeliveryMethod.choices, blank=True)
    delivery_note = models.CharField("送达说明", max_length=200, blank=True, help_text="如:挂号信单号、电子邮件地址")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"

    def __str__(self):
        return self.get_reply_type_display()


class DisclosedFile(models.Model):
    """A file given to the applicant with the reply: private, downloaded by the handling office and by the applicant
    through a signed link from the status lookup. Each new upload is checked (uploads.validate_upload) on save."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="files")
    title = models.CharField("文件名称", max_length=200)
    file = models.FileField("文件", upload_to="disclosure_requests/%Y/%m/", validators=[uploads.validate_upload])
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "提供的信息"
        verbose_name_plural = "提供的信息"
        ordering = ["pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:  # new content (a stored name is already checked)
            self.clean_fields(exclude=[field.name for field in self._meta.fields if field.name != "file"])
        super().save(*args, **kwargs)
