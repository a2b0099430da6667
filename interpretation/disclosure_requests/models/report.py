"""政府信息公开工作年度报告: the written sections an office drafts, and the applications table frozen on publishing.

Only section 三 (收到和处理政府信息公开申请情况) is computed (from the cases, `annual_report.application_table`); the
other sections are written text until their data sources exist. Publishing freezes the table, so later edits of
cases never change a published report.
"""

from django.contrib import admin
from django.db import models


class AnnualReport(models.Model):
    disclosing_body = models.ForeignKey(
        "bodies.DisclosingBody", verbose_name="公开主体", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    overview = models.TextField("一、总体情况", blank=True)
    proactive = models.TextField("二、主动公开政府信息情况", blank=True, help_text="第二十条各项的统计暂以文字填写")
    reviews = models.TextField("四、政府信息公开行政复议、行政诉讼情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other = models.TextField("六、其他需要报告的事项", blank=True)
    published = models.BooleanField(
        "发布", default=False, help_text="发布时固定第三部分的统计表,之后不再随申请数据变化。"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    applications_table = models.JSONField(
        "三、收到和处理政府信息公开申请情况", default=dict, blank=True, editable=False
    )

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "disclosing_body_id"]
        constraints = [models.UniqueConstraint(fields=["disclosing_body", "year"], name="unique_annual_report")]

    def __str__(self):
        return f"{self.disclosing_body}{self.year}年政府信息公开工作年度报告"

    @admin.display(description="发布状态")
    def publication(self) -> str:
        if self.published_at is None:
            return "未发布"
        return f"{self.published_at:%Y-%m-%d}发布"
