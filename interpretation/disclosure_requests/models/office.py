"""政府信息公开工作机构: the office of a body that handles applications, and its settings."""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models

from interpretation.disclosure_requests.choices import CataloguePeriod


class RequestOffice(models.Model):
    """One per 公开主体: who handles applications, who approves extensions, how long personal data is kept."""

    disclosing_body = models.OneToOneField(
        "bodies.DisclosingBody",
        verbose_name="公开主体",
        on_delete=models.PROTECT,
        related_name="request_office",
    )
    name = models.CharField("政府信息公开工作机构", max_length=80, help_text="如:历阳镇党政办公室")
    handlers = models.ForeignKey(
        Group,
        verbose_name="办理人员用户组",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="本组中属于本主体的人员受理、办理申请,可查看申请人个人信息。",
    )
    head_name = models.CharField(
        "机构负责人", max_length=40, blank=True, help_text="延长答复期限须经其同意(条例第三十三条)"
    )
    phone = models.CharField("联系电话", max_length=40, blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    amendment_period_days = models.PositiveSmallIntegerField(
        "补正期限(工作日)", default=15, help_text="补正告知中给申请人的合理补正期限的默认值(条例第三十条)"
    )
    retention_years = models.PositiveSmallIntegerField(
        "个人信息保存年限", default=5, help_text="办结满该年限后,申请人的证件号码、联系方式和地址自动删除。"
    )
    fees_enabled = models.BooleanField(
        "收取信息处理费",
        default=False,
        help_text="按《政府信息公开信息处理费管理办法》(国办函〔2020〕109号)计算;不勾选则不收费。",
    )
    catalogue_period = models.CharField(
        "依申请公开目录编制周期",
        max_length=20,
        choices=CataloguePeriod.choices,
        default=CataloguePeriod.QUARTERLY,
        help_text="每期结束后自动编制上一期目录并在网站公布。",
    )

    class Meta:
        verbose_name = "政府信息公开工作机构"
        verbose_name_plural = "政府信息公开工作机构"

    def __str__(self):
        return f"{self.disclosing_body}:{self.name}"

    @admin.display(description="收取信息处理费")
    def fees_display(self) -> str:
        return "收取" if self.fees_enabled else "不收取"
