"""政府信息公开工作年度报告 (国办公开办函〔2021〕30号): the sections an office writes, the figures it enters from other
systems, and the three statistical tables frozen on publishing.

Section 二's 第二十条第(一)项 counts come from the policy library and section 三 from the cases
(`annual_report`); the licensing, penalty, enforcement and fee figures and section 四 are entered here because they
live in other systems. Publishing freezes every table, so later edits never change a published report.
"""

from django.contrib import admin
from django.core.validators import MinValueValidator
from django.db import models


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


class AnnualReport(models.Model):
    disclosing_body = models.ForeignKey(
        "bodies.DisclosingBody", verbose_name="公开主体", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    includes_bodies = models.BooleanField(
        "汇总所辖公开主体",
        default=False,
        help_text="县级汇总报告:各统计表包含所辖乡镇、部门等公开主体的数据(填报数字取其年度报告的当前数字相加)。",
    )
    overview = models.TextField("一、总体情况", blank=True)
    proactive = models.TextField(
        "二、主动公开政府信息情况(补充说明)", blank=True, help_text="统计表自动生成,此处可补充文字说明。"
    )
    licensing_decisions = _count("行政许可:本年处理决定数量")
    penalty_decisions = _count("行政处罚:本年处理决定数量")
    enforcement_decisions = _count("行政强制:本年处理决定数量")
    fee_amount = models.DecimalField(
        "行政事业性收费:本年收费金额(万元)",
        max_digits=12,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
    )
    review_upheld = _count("行政复议:结果维持")
    review_corrected = _count("行政复议:结果纠正")
    review_other = _count("行政复议:其他结果")
    review_pending = _count("行政复议:尚未审结")
    direct_upheld = _count("未经复议直接起诉:结果维持")
    direct_corrected = _count("未经复议直接起诉:结果纠正")
    direct_other = _count("未经复议直接起诉:其他结果")
    direct_pending = _count("未经复议直接起诉:尚未审结")
    after_review_upheld = _count("复议后起诉:结果维持")
    after_review_corrected = _count("复议后起诉:结果纠正")
    after_review_other = _count("复议后起诉:其他结果")
    after_review_pending = _count("复议后起诉:尚未审结")
    reviews = models.TextField(
        "四、政府信息公开行政复议、行政诉讼情况(补充说明)", blank=True, help_text="统计表由上列数字生成。"
    )
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other = models.TextField("六、其他需要报告的事项", blank=True)
    published = models.BooleanField(
        "发布", default=False, help_text="发布时固定各统计表,之后不再随政策文件和申请数据变化。"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    proactive_table = models.JSONField("二、主动公开政府信息情况", default=dict, blank=True, editable=False)
    applications_table = models.JSONField(
        "三、收到和处理政府信息公开申请情况", default=dict, blank=True, editable=False
    )
    reviews_table = models.JSONField("四、政府信息公开行政复议、行政诉讼情况", default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "disclosing_body_id"]
        constraints = [models.UniqueConstraint(fields=["disclosing_body", "year"], name="unique_annual_report")]

    def __str__(self):
        return f"{self.disclosing_body}{self.year}年政府信息公开工作年度报告"

    def save(self, *args, **kwargs):
        """Whatever marks a report published (the admin form, a shell, a bulk update through save) freezes its
        tables first: a published report never shows live figures."""
        if self.published and self.published_at is None:
            from interpretation.disclosure_requests.annual_report import publish

            publish(self)  # stamps published_at, freezes the tables, saves (this branch no longer applies), audits
            return
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        return f"{self.disclosing_body.name}{self.year}年政府信息公开工作年度报告"

    @admin.display(description="发布状态")
    def publication(self) -> str:
        if self.published_at is None:
            return "未发布"
        return f"{self.published_at:%Y-%m-%d}发布"
