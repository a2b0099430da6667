"""依申请公开目录, compiled per period: what a body holds on request and what it released on request, frozen."""

from django.db import models

from interpretation.disclosure_requests.choices import CataloguePeriod


class CatalogueEdition(models.Model):
    """One period's catalogue of one body; compiling the period again replaces its entries (catalogue.py)."""

    disclosing_body = models.ForeignKey(
        "bodies.DisclosingBody", verbose_name="公开主体", on_delete=models.PROTECT, related_name="catalogue_editions"
    )
    kind = models.CharField("编制周期", max_length=20, choices=CataloguePeriod.choices)
    key = models.CharField("期号", max_length=10, help_text="如 2026-q4、2026-11,用于网址")
    label = models.CharField("期别", max_length=20, help_text="如 2026年第四季度、2026年11月")
    period_start = models.DateField("起始日期")
    period_end = models.DateField("截止日期")
    policies = models.JSONField("依申请公开的政府信息", default=list)
    released = models.JSONField("依申请公开的信息", default=list)
    compiled_at = models.DateTimeField("编制时间")

    class Meta:
        verbose_name = "依申请公开目录"
        verbose_name_plural = "依申请公开目录"
        ordering = ["-period_end", "period_start"]
        constraints = [models.UniqueConstraint(fields=["disclosing_body", "key"], name="unique_catalogue_edition")]

    def __str__(self):
        return f"{self.disclosing_body}依申请公开目录({self.label})"
